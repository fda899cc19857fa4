import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchApiReads } from './api-reads';
import { benchExtraction } from './extraction';
import { benchHashing } from './hashing';
import { benchLambdaBundles } from './lambda-bundles';
import { benchManagementReports } from './management-reports';
import { benchPacket } from './packet';
import { type Figure, printTable } from './measure';
import { benchSigning } from './signing';
import { benchReadinessAndLimitation } from './readiness-limitation';
import { benchSeals } from './seals';

/**
 * `npm run bench`: the speed figures of DESIGN §11, each beside a baseline measured in the same
 * run on the same machine. Prints, asserts nothing; the ratio is figure / baseline (above 1 means
 * faster than the baseline). Everything is written under one temporary folder, removed at the end.
 */
const cpu = cpus();
console.log(`Node ${process.version}, ${process.platform}-${process.arch}, ${cpu.length} x ${cpu[0]?.model ?? 'unknown CPU'}\n`);

const dir = await mkdtemp(join(tmpdir(), 'evidence-bench-'));
try {
  // BENCH_ONLY=extraction (or another section's name) runs one section: keep development runs short.
  const only = process.env.BENCH_ONLY;
  const section = async (name: string, bench: () => Promise<Figure[]> | Figure[]) => (only && only !== name ? [] : bench());
  const hashing = await section('hashing', () => benchHashing(join(dir, 'hashing')));
  const reads = await section('api', () => benchApiReads(join(dir, 'api')));
  const signing = await section('signing', () => benchSigning(join(dir, 'signing')));
  const engines = await section('engines', () => benchReadinessAndLimitation());
  const management = await section('management', async () => benchManagementReports(await mkdtemp(join(dir, 'management-'))));
  const packet = await section('packet', () => benchPacket(join(dir, 'packet')));
  const bundles = await section('lambda', () => benchLambdaBundles(join(dir, 'lambda')));
  const extraction = await section('extraction', () => benchExtraction(join(dir, 'extraction')));
  const seals = await section('seals', () => benchSeals());
  console.log();
  printTable([...hashing, ...reads, ...signing, ...engines, ...management, ...packet, ...bundles, ...extraction, ...seals]);
  console.log('\nratio = figure / baseline (above 1: faster than the baseline). MB = 10^6 bytes; MB/s are medians of 3 runs.');
  console.log('HTTP: the fetch client shares this process and its thread with both servers, so it narrows the gap.');
  console.log('Memory rows: ratio is plain figure / baseline (above 1: more memory).');
  console.log('Lambda: kB and ms are costs, so a ratio above 1 means larger / slower than the bare Hono Lambda. Bundles include the AWS SDK.');
} finally {
  await rm(dir, { recursive: true, force: true });
}
