import type { SNSEvent } from 'aws-lambda';
import { awsBlobs, awsTable, log } from '../aws/adapters';
import { awsExtractor } from '../aws/extractor';
import { readAwsConfig } from '../aws/config';
import { systemClock } from '../ports/clock';
import { ExtractionService } from '../services/extraction';
import { recordTextractCompletion, textractCompletionSchema } from '../services/textract-jobs';

const config = readAwsConfig();
const table = awsTable(config);
const extraction = new ExtractionService(table, awsBlobs(config, systemClock), systemClock, awsExtractor(config));

/**
 * Lambda entry point for Textract's SNS completion notices: records that the job ended
 * ({@link recordTextractCompletion}), then finishes the extraction that waited for it
 * (`ExtractionService.completeJob`: paginated Get*Analysis, field parsers, audit event). A
 * message that is not a Textract notice is logged and dropped (retrying it would not make it one);
 * a repeated notice changes nothing.
 */
export async function handler(event: SNSEvent): Promise<{ results: string[] }> {
  const results: string[] = [];
  for (const record of event.Records) {
    let message: unknown;
    try {
      message = JSON.parse(record.Sns.Message);
    } catch {
      message = undefined;
    }
    const parsed = textractCompletionSchema.safeParse(message);
    if (!parsed.success) {
      log('error', 'not a Textract completion notice', { messageId: record.Sns.MessageId });
      results.push('invalid_message');
      continue;
    }
    const result = await recordTextractCompletion(table, systemClock, parsed.data);
    const extracted = result === 'unknown_job' ? undefined : await extraction.completeJob(parsed.data.JobId);
    log(result === 'unknown_job' ? 'warn' : 'info', `textract job ${result}`, { jobId: parsed.data.JobId, status: parsed.data.Status, extraction: extracted });
    results.push(result);
  }
  return { results };
}
