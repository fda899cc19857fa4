import { createHash } from 'node:crypto';
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
  await pipeline(source, meter, createWriteStream(path, { flags: 'wx' }));
  return { sha256: hash.digest('hex'), size };
}
