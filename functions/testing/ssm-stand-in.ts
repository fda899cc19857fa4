import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for AWS Systems Manager Parameter Store that speaks its wire protocol (JSON 1.1,
 * `X-Amz-Target: AmazonSSM.*`) for `GetParameter` and `PutParameter` of `String` parameters, on
 * 127.0.0.1, so the real `SSMClient` runs against it: `ParameterNotFound` for a missing name,
 * `ParameterAlreadyExists` for a put without `Overwrite`, `ValidationException` for a value over
 * the standard tier's 4 KB. Requests must carry a SigV4 `Authorization` header.
 *
 * @example
 * const ssm = await startSsmStandIn();
 * process.env.AWS_ENDPOINT_URL_SSM = ssm.endpoint;
 */
export async function startSsmStandIn() {
  const parameters = new Map<string, { value: string; version: number }>();
  const handlers: Record<string, (input: Record<string, unknown>) => Record<string, unknown>> = {
    GetParameter: (input) => {
      const name = String(input.Name);
      const stored = parameters.get(name);
      if (!stored) throw awsError('ParameterNotFound', `Parameter ${name} not found.`);
      return { Parameter: { Name: name, Type: 'String', Value: stored.value, Version: stored.version, DataType: 'text' } };
    },
    PutParameter: (input) => {
      const name = String(input.Name);
      const value = String(input.Value ?? '');
      if (input.Type !== 'String') throw awsError('ValidationException', 'only String parameters here');
      if (Buffer.byteLength(value) > 4096 && input.Tier !== 'Advanced') throw awsError('ValidationException', 'Standard tier parameters support a maximum parameter value of 4096 characters.');
      const existing = parameters.get(name);
      if (existing && input.Overwrite !== true) throw awsError('ParameterAlreadyExists', 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.');
      const version = (existing?.version ?? 0) + 1;
      parameters.set(name, { value, version });
      return { Version: version, Tier: input.Tier ?? 'Standard' };
    },
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const reply = (status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(body));
      try {
        if (!request.headers.authorization?.startsWith('AWS4-HMAC-SHA256')) throw awsError('MissingAuthenticationTokenException', 'Request is missing Authentication Token');
        const action = String(request.headers['x-amz-target'] ?? '').replace(/^AmazonSSM\./, '');
        const handler = handlers[action];
        if (!handler) throw awsError('UnknownOperationException', `unsupported operation ${action}`);
        reply(200, handler(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>));
      } catch (error) {
        const { type, message } = error as { type?: string; message: string };
        reply(400, { __type: type ?? 'InternalFailure', message });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** What is stored, by name. */
    parameters,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function awsError(type: string, message: string): Error & { type: string } {
  return Object.assign(new Error(message), { type });
}
