import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a JSON-protocol operation of a stand-in does with the request body: its answer, or a thrown {@link awsError}. */
export type AwsJsonHandlers = Record<string, (input: Record<string, any>) => Record<string, unknown>>;

/**
 * An HTTP server on 127.0.0.1 speaking the AWS JSON 1.1 protocol (`X-Amz-Target: <prefix>.<Operation>`,
 * JSON bodies, errors as `{__type, message}` with status 400), the wire format of KMS, SSM and
 * Textract. Requests must carry a SigV4 `Authorization` header (not checked cryptographically).
 *
 * @example
 * const server = await serveAwsJson('AmazonSSM', { GetParameter: (input) => ({ Parameter: { Name: input.Name, Value: 'x' } }) });
 */
export async function serveAwsJson(targetPrefix: string, handlers: AwsJsonHandlers): Promise<{ endpoint: string; close: () => Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const reply = (status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(body));
      try {
        if (!request.headers.authorization?.startsWith('AWS4-HMAC-SHA256')) throw awsError('MissingAuthenticationTokenException', 'Request is missing Authentication Token');
        const action = String(request.headers['x-amz-target'] ?? '').replace(new RegExp(`^${targetPrefix}\\.`), '');
        const handler = handlers[action];
        if (!handler) throw awsError('UnknownOperationException', `unsupported operation ${action}`);
        reply(200, handler(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, any>));
      } catch (error) {
        const { type, message } = error as { type?: string; message: string };
        reply(400, { __type: type ?? 'InternalFailure', message });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An AWS error of `type` (e.g. `ValidationException`), as a stand-in handler throws it. */
export function awsError(type: string, message: string): Error & { type: string } {
  return Object.assign(new Error(message), { type });
}
