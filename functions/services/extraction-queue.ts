import type { ExtractionJob } from './extraction';

/** Where new extraction jobs go: the in-process queue embedded; on AWS, the ingest Lambda's trigger. */
export interface ExtractionQueue {
  /** Queues a job; returns at once (an upload never waits for its extraction). */
  enqueue(job: ExtractionJob): void;
  /** Sets what runs each job; jobs queued before wait for it. */
  start(run: (job: ExtractionJob) => Promise<unknown>): void;
}

/**
 * The embedded job queue: jobs run in this process, at most `concurrency` at a time (OCR is
 * CPU-bound), each document at most once in the queue. It keeps nothing across restarts: the
 * extraction items themselves say what is still pending, and the service re-queues those on start.
 *
 * @example
 * const queue = new InProcessExtractionQueue(1);
 * queue.start((job) => extraction.run(job));
 * queue.enqueue({ debtId, documentId });
 */
export class InProcessExtractionQueue implements ExtractionQueue {
  private readonly waiting: ExtractionJob[] = [];
  private readonly queued = new Set<string>();
  private readonly running = new Set<Promise<unknown>>();
  private runner: ((job: ExtractionJob) => Promise<unknown>) | undefined;
  private closed = false;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly concurrency = 1) {}

  start(run: (job: ExtractionJob) => Promise<unknown>): void {
    this.runner = run;
    this.pump();
  }

  enqueue(job: ExtractionJob): void {
    const key = `${job.debtId}/${job.documentId}`;
    if (this.closed || this.queued.has(key)) return;
    this.queued.add(key);
    this.waiting.push(job);
    this.pump();
  }

  /** Resolves when nothing is queued or running (tests, orderly shutdown). */
  async idle(): Promise<void> {
    if (this.waiting.length === 0 && this.running.size === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  /** Takes no more jobs and waits for the running ones; queued ones stay pending for the next start. */
  async close(): Promise<void> {
    this.closed = true;
    this.waiting.length = 0;
    await Promise.allSettled([...this.running]);
  }

  private pump(): void {
    const run = this.runner;
    while (run && !this.closed && this.running.size < this.concurrency && this.waiting.length > 0) {
      const job = this.waiting.shift() as ExtractionJob;
      const task = run(job)
        .catch((error: unknown) => {
          // The service records failures itself; this is a failure to record (storage down…).
          console.error(JSON.stringify({ level: 'error', message: 'extraction job could not be recorded', ...job, error: String((error as Error)?.stack ?? error) }));
        })
        .finally(() => {
          this.running.delete(task);
          this.queued.delete(`${job.debtId}/${job.documentId}`);
          this.pump();
        });
      this.running.add(task);
    }
    if (this.waiting.length === 0 && this.running.size === 0) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }
}
