import type { ExtractionJob } from '../../services/extraction';
import type { ExtractionQueue } from '../../services/extraction-queue';
import { InProcessQueue } from './in-process-queue';

/**
 * The embedded extraction queue: the generic in-process queue (OCR is CPU-bound, so at most
 * `concurrency` at a time, each document once), with jobs that arrive before the service starts
 * it held until then. Nothing is kept across restarts: the extraction items say what is still
 * pending, and the service re-queues those on start.
 *
 * @example
 * const queue = new InProcessExtractionQueue(1);
 * queue.start((job) => extraction.run(job));
 * queue.enqueue({ debtId, documentId });
 */
export class InProcessExtractionQueue implements ExtractionQueue {
  private queue: InProcessQueue<ExtractionJob> | undefined;
  private readonly early: ExtractionJob[] = [];
  private closed = false;

  constructor(private readonly concurrency = 1) {}

  start(run: (job: ExtractionJob) => Promise<unknown>): void {
    this.queue = new InProcessQueue(run, { concurrency: this.concurrency, key: (job) => `${job.debtId}/${job.documentId}` });
    for (const job of this.early.splice(0)) this.queue.enqueue(job);
  }

  enqueue(job: ExtractionJob): void {
    if (this.closed) return;
    if (this.queue) this.queue.enqueue(job);
    else if (!this.early.some((held) => held.debtId === job.debtId && held.documentId === job.documentId)) this.early.push(job);
  }

  /** Resolves when nothing is queued or running (tests, orderly shutdown). */
  async idle(): Promise<void> {
    await this.queue?.idle();
  }

  /** Takes no more jobs and waits for the running ones; queued ones stay pending for the next start. */
  async close(): Promise<void> {
    this.closed = true;
    this.early.length = 0;
    await this.queue?.stop();
  }
}
