import type { SNSEvent } from 'aws-lambda';
import { awsTable, log } from '../aws/adapters';
import { readAwsConfig } from '../aws/config';
import { systemClock } from '../ports/clock';
import { recordTextractCompletion, textractCompletionSchema } from '../services/textract-jobs';

const table = awsTable(readAwsConfig());

/**
 * Lambda entry point for Textract's SNS completion notices. Minimal on purpose: it records that
 * the job ended ({@link recordTextractCompletion}); fetching and parsing the results belongs to
 * the extraction issue, which extends this handler. A message that is not a Textract notice is
 * logged and dropped (retrying it would not make it one).
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
    log(result === 'unknown_job' ? 'warn' : 'info', `textract job ${result}`, { jobId: parsed.data.JobId, status: parsed.data.Status });
    results.push(result);
  }
  return { results };
}
