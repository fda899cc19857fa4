/**
 * A job queue inside the process (embedded mode): at most `concurrency` jobs run at a time, the
 * rest wait in order; a job already waiting or running under the same key is not added twice.
 * A job's failure is its own business (`run` records it); the queue only logs what escapes.
 *
 * @example
 * const queue = new InProcessQueue((job: PacketJob) => builder.build(job), { concurrency: 1, key: (job) => job.packetId });
 * queue.enqueue({ debtId, packetId });
 * await queue.idle();
 */
export class InProcessQueue<T> {
  private readonly waiting: T[] = [];
  private readonly keys = new Set<string>();
  private running = 0;
  private stopped = false;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly run: (job: T) => Promise<unknown>,
    private readonly options: { concurrency: number; key: (job: T) => string },
  ) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) throw new RangeError('concurrency must be a positive integer');
  }

  enqueue(job: T): void {
    const key = this.options.key(job);
    if (this.stopped || this.keys.has(key)) return;
    this.keys.add(key);
    this.waiting.push(job);
    this.pump();
  }

  /** Resolves once nothing is waiting or running. */
  idle(): Promise<void> {
    if (this.running === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Takes no more jobs and drops those still waiting; resolves when the running ones end. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const job of this.waiting.splice(0)) this.keys.delete(this.options.key(job));
    await this.idle();
  }

  private pump(): void {
    while (this.running < this.options.concurrency && this.waiting.length > 0) {
      const job = this.waiting.shift() as T;
      this.running++;
      this.run(job)
        .catch((error: unknown) => console.error(JSON.stringify({ level: 'error', message: 'job failed', error: String((error as Error)?.stack ?? error) })))
        .finally(() => {
          this.running--;
          this.keys.delete(this.options.key(job));
          this.pump();
          if (this.running === 0 && this.waiting.length === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
        });
    }
  }
}
