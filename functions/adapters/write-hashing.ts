import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type BlobBody, BlobTooLargeError, type StoredBlob } from '../ports/blob-store';

/**
 * Streams a body to a new file at `path`, hashing as it goes; refuses past `maxSize` bytes with
 * {@link BlobTooLargeError} (the caller removes the partial file). Shared by the blob stores that
 * spool to disk: the folder store, and the S3 store for streams of unknown length.
 *
 * @example
 * const { sha256, size } = await writeHashing(body, '/tmp/x', 1024);
 */
export async function writeHashing(body: BlobBody, path: string, maxSize = Number.POSITIVE_INFINITY): Promise<StoredBlob> {
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxSize) return done(new BlobTooLargeError(maxSize));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const source = body instanceof Uint8Array ? Readable.from([body]) : Readable.from(body);
  const file = createWriteStream(path, { flags: 'wx' });
  try {
    await pipeline(source, meter, file);
  } catch (error) {
    // The file is opened asynchronously: a failure can come before the open finishes, and the
    // file would appear after the caller removed it. Wait until the stream has let go of it.
    if (!file.closed) await once(file, 'close').catch(() => undefined);
    throw error;
  }
  return { sha256: hash.digest('hex'), size };
}
