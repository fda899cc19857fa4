import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the asynchronous Textract API (JSON 1.1, `X-Amz-Target:
 * Textract.StartDocumentAnalysis` / `Textract.GetDocumentAnalysis`): a start is accepted when it
 * names an S3 object and, if any, an SNS channel, and gets a job id; a get answers with the
 * recorded response given for the job (SUCCEEDED), `InvalidJobIdException` for an unknown job.
 * Keeps the start requests so a test can send the completion notice Textract would publish.
 *
 * @example
 * const textract = await startTextractStandIn(recordedResponse);
 * process.env.AWS_ENDPOINT_URL_TEXTRACT = textract.endpoint;
 */
export async function startTextractStandIn(result: Record<string, unknown>) {
  const starts: Array<{ jobId: string; input: Record<string, any> }> = [];
  const handlers: Record<string, (input: Record<string, any>) => Record<string, unknown>> = {
    StartDocumentAnalysis: (input) => {
      if (!input.DocumentLocation?.S3Object?.Bucket || !input.DocumentLocation?.S3Object?.Name) throw awsError('InvalidParameterException', 'DocumentLocation.S3Object is required');
      if (input.NotificationChannel && (!input.NotificationChannel.SNSTopicArn || !input.NotificationChannel.RoleArn)) throw awsError('InvalidParameterException', 'NotificationChannel needs SNSTopicArn and RoleArn');
      const jobId = `job-${starts.length + 1}-${'0'.repeat(20)}`;
      starts.push({ jobId, input });
      return { JobId: jobId };
    },
    GetDocumentAnalysis: (input) => {
      if (!starts.some((start) => start.jobId === input.JobId)) throw awsError('InvalidJobIdException', `unknown job ${String(input.JobId)}`);
      const { ResponseMetadata: _metadata, ...answer } = result;
      return { ...answer, JobStatus: 'SUCCEEDED' };
    },
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const reply = (status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(body));
      try {
        if (!request.headers.authorization?.startsWith('AWS4-HMAC-SHA256')) throw awsError('MissingAuthenticationTokenException', 'missing authentication');
        const action = String(request.headers['x-amz-target'] ?? '').replace(/^Textract\./, '');
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
    starts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function awsError(type: string, message: string): Error & { type: string } {
  return Object.assign(new Error(message), { type });
}
