import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FolderBlobStore } from '../functions/adapters/folder-blobs/folder-blob-store';
import { type Figure, median, wallMs } from './measure';

const MB = 1_000_000;
const FILE_MB = 100;
const RUNS = 3;

/**
 * SHA-256 throughput of the folder blob store (DESIGN §11: "hashing vs `sha256sum`"): `put` of a
 * streamed 100 MB file (hash + write + rename) and `rehash` of the stored blob (read + hash),
 * each against `sha256sum` on the same file. The file was just written, so all three read it
 * from the page cache: the figures compare hashing and I/O code paths, not the disk.
 */
export async function benchHashing(dir: string): Promise<Figure[]> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'random.bin');
  await writeRandomFile(file, FILE_MB);
  const blobs = new FolderBlobStore({ root: join(dir, 'blobs'), uploadSecret: randomBytes(32), publicBaseUrl: 'http://localhost' });

  let sha256 = '';
  const put = await runs(async () => {
    ({ sha256 } = await blobs.put(createReadStream(file)));
  });
  let rehashed: string | undefined;
  const rehash = await runs(async () => {
    rehashed = await blobs.rehash(sha256);
  });
  const reference = await sha256sum(file);
  const baseline = reference && { name: 'sha256sum', value: reference.mbPerSecond };
  if (reference && (reference.sha256 !== sha256 || rehashed !== sha256)) console.log(`! hashes differ: put ${sha256}, rehash ${rehashed}, sha256sum ${reference.sha256}`);

  const note = 'sha256sum not found';
  return [
    { name: `FolderBlobStore.put, ${FILE_MB} MB stream`, value: put, unit: 'MB/s', ...(baseline ? { baseline } : { note }) },
    { name: `FolderBlobStore.rehash, ${FILE_MB} MB`, value: rehash, unit: 'MB/s', ...(baseline ? { baseline } : { note }) },
  ];
}

/** Median MB/s of {@link RUNS} runs over the file. */
async function runs(run: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await wallMs(run));
  return FILE_MB / (median(times) / 1000);
}

/** `sha256sum` on the file, median of {@link RUNS} runs, process start included; undefined if absent. */
async function sha256sum(file: string): Promise<{ mbPerSecond: number; sha256: string } | undefined> {
  let output = '';
  try {
    const mbPerSecond = await runs(async () => {
      output = (await promisify(execFile)('sha256sum', [file])).stdout;
    });
    return { mbPerSecond, sha256: output.split(' ')[0] ?? '' };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Writes `mb` MB of random bytes, 1 MB at a time so memory stays small. */
async function writeRandomFile(path: string, mb: number): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    for (let i = 0; i < mb; i++) await handle.write(randomBytes(MB));
  } finally {
    await handle.close();
  }
}
