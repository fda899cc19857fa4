import { z } from 'zod';
import type { Clock } from '../ports/clock';
import { type Table, TransactionConflictError } from '../ports/table';
import { keys } from './table-layout';

/** The SNS message Textract publishes when an asynchronous job ends. */
export const textractCompletionSchema = z.object({
  JobId: z.string().min(1).max(64),
  Status: z.enum(['SUCCEEDED', 'FAILED', 'ERROR', 'PARTIAL_SUCCESS']),
  API: z.string().min(1),
  JobTag: z.string().optional(),
  Timestamp: z.number(),
});
export type TextractCompletion = z.infer<typeof textractCompletionSchema>;

/**
 * Records that a Textract job ended: the job item (`TEXTRACT#<jobId>`, written by whoever
 * started the job, with its `debtId` and `documentId`) gets `status`, `api` and `finishedAt`.
 * Nothing is extracted here: reading the results (GetDocumentAnalysis, paginated) and turning
 * them into fields is the extraction issue's work, which starts from this record. SNS delivers at
 * least once, so a second notice for a finished job changes nothing.
 *
 * @example
 * await recordTextractCompletion(table, clock, { JobId: 'j1', Status: 'SUCCEEDED', API: 'StartDocumentAnalysis', Timestamp: 1 });
 */
export async function recordTextractCompletion(table: Table, clock: Clock, completion: TextractCompletion): Promise<'recorded' | 'unknown_job' | 'already_recorded'> {
  const job = await table.get(keys.textractJob(completion.JobId));
  if (!job) return 'unknown_job';
  if (job.finishedAt) return 'already_recorded';
  try {
    await table.transact([
      {
        put: { ...job, status: completion.Status, api: completion.API, finishedAt: new Date(completion.Timestamp).toISOString(), recordedAt: clock.now().toISOString() },
        condition: { attribute: 'finishedAt', missing: true },
      },
    ]);
    return 'recorded';
  } catch (error) {
    if (error instanceof TransactionConflictError) return 'already_recorded';
    throw error;
  }
}
