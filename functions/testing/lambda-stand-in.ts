import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the AWS Lambda `Invoke` API (REST JSON, `POST
 * /2015-03-31/functions/<name>/invocations`) that accepts asynchronous invocations
 * (`X-Amz-Invocation-Type: Event`, answered 202 as Lambda does) and keeps their payloads, so a
 * test can run the invoked handler with exactly what its caller sent. Other invocation types are
 * refused: the service only ever hands work over asynchronously.
 *
 * @example
 * const lambda = await startLambdaStandIn();
 * process.env.AWS_ENDPOINT_URL_LAMBDA = lambda.endpoint;
 */
export async function startLambdaStandIn() {
  const invocations: Array<{ functionName: string; payload: unknown }> = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(request.url ?? '');
      const fail = (status: number, type: string, message: string) => response.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type }).end(JSON.stringify({ Type: 'User', message }));
      if (!request.headers.authorization?.startsWith('AWS4-HMAC-SHA256')) return fail(403, 'MissingAuthenticationTokenException', 'missing authentication');
      if (request.method !== 'POST' || !match) return fail(404, 'ResourceNotFoundException', `no route ${request.method} ${request.url}`);
      if (request.headers['x-amz-invocation-type'] !== 'Event') return fail(400, 'InvalidParameterValueException', 'this stand-in takes asynchronous (Event) invocations only');
      invocations.push({ functionName: decodeURIComponent(match[1] as string), payload: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      response.writeHead(202, { 'x-amzn-requestid': String(invocations.length) }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Accepted invocations, oldest first. */
    invocations,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
