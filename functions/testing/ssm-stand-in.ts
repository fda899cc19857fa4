import { type AwsJsonHandlers, awsError, serveAwsJson } from './aws-json-stand-in';

/**
 * A local stand-in for AWS Systems Manager Parameter Store that speaks its wire protocol (JSON 1.1,
 * `X-Amz-Target: AmazonSSM.*`) for `GetParameter` and `PutParameter` of `String` parameters, on
 * 127.0.0.1, so the real `SSMClient` runs against it: `ParameterNotFound` for a missing name,
 * `ParameterAlreadyExists` for a put without `Overwrite`, `ValidationException` for a value over
 * the standard tier's 4 KB.
 *
 * @example
 * const ssm = await startSsmStandIn();
 * process.env.AWS_ENDPOINT_URL_SSM = ssm.endpoint;
 */
export async function startSsmStandIn() {
  const parameters = new Map<string, { value: string; version: number }>();
  const handlers: AwsJsonHandlers = {
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
  const server = await serveAwsJson('AmazonSSM', handlers);
  return {
    endpoint: server.endpoint,
    /** What is stored, by name. */
    parameters,
    close: server.close,
  };
}
