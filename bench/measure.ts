import { performance } from 'node:perf_hooks';

/** One printed figure, optionally against a baseline measured in the same run. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number };
  /** Why the baseline is missing, when it is. */
  note?: string;
}

/** The middle value (mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Wall time of `run` in milliseconds. */
export async function wallMs(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

/**
 * Calls per second of `call` over `seconds`, after `warmupSeconds` of unmeasured calls (JIT,
 * caches, connection set-up). `workers` loops run at once: 1 for in-process calls, more for
 * HTTP so that the server, not the round trip, is what is measured.
 */
export async function callsPerSecond(call: () => Promise<unknown>, options: { seconds: number; warmupSeconds: number; workers: number }): Promise<number> {
  const loop = async (seconds: number) => {
    const deadline = performance.now() + seconds * 1000;
    let calls = 0;
    const worker = async () => {
      while (performance.now() < deadline) {
        await call();
        calls++;
      }
    };
    const start = performance.now();
    await Promise.all(Array.from({ length: options.workers }, worker));
    return calls / ((performance.now() - start) / 1000);
  };
  await loop(options.warmupSeconds);
  return loop(options.seconds);
}

/** Prints figures as an aligned table: name, figure, baseline, ratio (figure / baseline). */
export function printTable(figures: readonly Figure[]): void {
  const number = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: value < 100 ? 1 : 0 });
  const rows = figures.map((f) => [
    f.name,
    `${number(f.value)} ${f.unit}`,
    f.baseline ? `${number(f.baseline.value)} ${f.unit} (${f.baseline.name})` : (f.note ?? '-'),
    f.baseline ? (f.value / f.baseline.value).toFixed(2) : '-',
  ]);
  const header = ['measure', 'figure', 'baseline', 'ratio'];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] as string).length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 || i === 2 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}
