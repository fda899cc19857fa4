import { type AwsJsonHandlers, awsError, serveAwsJson } from './aws-json-stand-in';

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
  const handlers: AwsJsonHandlers = {
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
  const server = await serveAwsJson('Textract', handlers);
  return {
    endpoint: server.endpoint,
    starts,
    close: server.close,
  };
}
