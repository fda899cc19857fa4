import type { ExtractionJob } from './extraction';

/** Where new extraction jobs go: the in-process queue embedded; on AWS, an asynchronous invocation of the extract function. */
export interface ExtractionQueue {
  /** Queues a job without waiting for it to run (an upload never waits for its extraction); on AWS, until the hand-over is accepted. */
  enqueue(job: ExtractionJob): void | Promise<void>;
  /** Sets what runs each job; jobs queued before wait for it. */
  start(run: (job: ExtractionJob) => Promise<unknown>): void;
}
