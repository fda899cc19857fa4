import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { ExtractionJob } from '../../services/extraction';
import type { ExtractionQueue } from '../../services/extraction-queue';

/**
 * The AWS extraction queue: each job is an asynchronous invocation (`InvocationType: Event`) of
 * the extract function, whose payload is the job itself. Lambda keeps the event, retries a
 * failed run twice and then sends it to the function's failure destination; `enqueue` waits only
 * until Lambda has accepted the event (tens of milliseconds), so an upload never waits for OCR or
 * Textract. The runner is the extract function: `start` has nothing to do here.
 *
 * @example
 * const queue = new LambdaExtractionQueue(new LambdaClient({}), 'EvidenceFile-extract');
 * await queue.enqueue({ debtId, documentId });
 */
export class LambdaExtractionQueue implements ExtractionQueue {
  constructor(
    private readonly client: Pick<LambdaClient, 'send'>,
    private readonly functionName: string,
  ) {}

  async enqueue(job: ExtractionJob): Promise<void> {
    const answer = await this.client.send(
      new InvokeCommand({ FunctionName: this.functionName, InvocationType: 'Event', Payload: new TextEncoder().encode(JSON.stringify({ debtId: job.debtId, documentId: job.documentId })) }),
    );
    if (answer.StatusCode !== 202) throw new Error(`Lambda did not accept the extraction of ${job.debtId}/${job.documentId} (status ${answer.StatusCode})`);
  }

  start(): void {}
}
