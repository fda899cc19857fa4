import { describe, expect, it } from 'vitest';
import { InProcessQueue } from './in-process-queue';

/** A job that finishes when told to. */
function controllable() {
  const started: string[] = [];
  const release = new Map<string, () => void>();
  const run = (job: string) =>
    new Promise<void>((resolve) => {
      started.push(job);
      release.set(job, resolve);
    });
  return { started, run, finish: (job: string) => release.get(job)?.() };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('InProcessQueue', () => {
  it('runs at most `concurrency` jobs at once, the rest in order', async () => {
    // Prepare
    const jobs = controllable();
    const queue = new InProcessQueue(jobs.run, { concurrency: 2, key: (job) => job });
    // Act
    for (const job of ['a', 'b', 'c', 'd']) queue.enqueue(job);
    await tick();
    const first = [...jobs.started];
    jobs.finish('b');
    await tick();
    // Assess
    expect(first).toEqual(['a', 'b']);
    expect(jobs.started).toEqual(['a', 'b', 'c']);
    jobs.finish('a');
    await tick();
    jobs.finish('c');
    await tick();
    jobs.finish('d');
    await queue.idle();
    expect(jobs.started).toEqual(['a', 'b', 'c', 'd']);
  });

  it('does not take a job twice while it waits or runs, but again once it is done', async () => {
    // Prepare
    const jobs = controllable();
    const queue = new InProcessQueue(jobs.run, { concurrency: 1, key: (job) => job });
    // Act
    queue.enqueue('a');
    queue.enqueue('a');
    queue.enqueue('b');
    queue.enqueue('b');
    await tick();
    jobs.finish('a');
    await tick();
    jobs.finish('b');
    await queue.idle();
    queue.enqueue('a');
    await tick();
    jobs.finish('a');
    await queue.idle();
    // Assess
    expect(jobs.started).toEqual(['a', 'b', 'a']);
  });

  it('keeps going after a job fails, and takes nothing once stopped', async () => {
    // Prepare
    const done: string[] = [];
    const queue = new InProcessQueue(async (job: string) => {
      if (job === 'bad') throw new Error('broken');
      done.push(job);
    }, { concurrency: 1, key: (job) => job });
    // Act
    queue.enqueue('bad');
    queue.enqueue('good');
    await queue.idle();
    await queue.stop();
    queue.enqueue('late');
    await queue.idle();
    // Assess
    expect(done).toEqual(['good']);
  });

  it('refuses a concurrency below one', () => {
    expect(() => new InProcessQueue(async () => undefined, { concurrency: 0, key: String })).toThrow(RangeError);
  });
});
