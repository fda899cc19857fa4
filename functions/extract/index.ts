import { z } from 'zod';
import { awsBlobs, awsTable, log } from '../aws/adapters';
import { awsExtractor } from '../aws/extractor';
import { readAwsConfig } from '../aws/config';
import { systemClock } from '../ports/clock';
import { ExtractionService } from '../services/extraction';

const config = readAwsConfig();
const table = awsTable(config);
const extraction = new ExtractionService(table, awsBlobs(config, systemClock), systemClock, awsExtractor(config));

/** The payload the API function sends (LambdaExtractionQueue): one document of a debt. */
const jobSchema = z.strictObject({ debtId: z.string().min(1).max(100), documentId: z.string().min(1).max(100) });

/**
 * Lambda entry point of extraction (DESIGN §6), invoked asynchronously by the API function after
 * each upload that needs it: reads the document's fields (text layer, OCR, Textract) and records
 * the result, or starts a Textract job that the textract-complete function finishes. A bad
 * document is recorded as `failed` with its reason; an invalid payload is logged and dropped
 * (retrying it would not mend it); anything else fails the invocation, so Lambda retries it
 * (a run is safe to repeat) and the error alarm sees it.
 */
export async function handler(event: unknown): Promise<{ status: string }> {
  const job = jobSchema.safeParse(event);
  if (!job.success) {
    log('error', 'not an extraction job', { event: JSON.stringify(event).slice(0, 500) });
    return { status: 'invalid_event' };
  }
  const status = await extraction.run(job.data);
  log('info', `extraction ${status}`, job.data);
  return { status };
}
