import { createHash } from 'node:crypto';
import { PassThrough, Readable, Transform } from 'node:stream';
import { ZipFile } from 'yazl';

/** A file of the ZIP whose bytes come from the store, checked against its SHA-256 on the way. */
export interface StoredZipEntry {
  path: string;
  sha256: string;
  size: number;
  open(): Promise<AsyncIterable<Uint8Array> | undefined>;
}

/** A file of the ZIP made in memory (the packet PDF, manifest, audit trail, README). */
export interface MadeZipEntry {
  path: string;
  bytes: Uint8Array;
}

export type ZipEntry = StoredZipEntry | MadeZipEntry;

/** SHA-256 and size of bytes. */
export const digestOf = (bytes: Uint8Array): { sha256: string; size: number } => ({ sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length });

/**
 * Streams a ZIP of `entries` in order (yazl): stored files are opened one at a time, when their
 * turn comes, and re-hashed as they pass; a file that is missing or no longer matches its SHA-256
 * fails the stream, so a consumer (BlobStore.put) keeps nothing. Already compressed files (PDFs,
 * images) are stored as they are; text is deflated. `mtime` is the packet's time, so the same
 * packet zips to the same bytes.
 *
 * @example
 * await blobs.put(zipStream([{ path: 'README.txt', bytes }], new Date()));
 */
export function zipStream(entries: readonly ZipEntry[], mtime: Date): AsyncIterable<Uint8Array> {
  const zip = new ZipFile();
  const output = new PassThrough();
  const fail = (error: Error) => output.destroy(error);
  zip.on('error', fail);
  for (const entry of entries) {
    const compress = /\.(txt|json|jsonl|pem)$|SHA256SUMS$/.test(entry.path);
    if ('bytes' in entry) {
      zip.addBuffer(Buffer.from(entry.bytes.buffer, entry.bytes.byteOffset, entry.bytes.byteLength), entry.path, { mtime, compress });
      continue;
    }
    zip.addReadStreamLazy(entry.path, { mtime, compress, size: entry.size }, (callback) => {
      entry.open().then(
        (body) => {
          if (!body) return fail(new Error(`the stored file of ${entry.path} (SHA-256 ${entry.sha256}) is missing`));
          const checked = Readable.from(body).pipe(verifying(entry));
          checked.on('error', fail);
          callback(null, checked);
        },
        (error: Error) => fail(error),
      );
    });
  }
  zip.outputStream.on('error', fail);
  zip.outputStream.pipe(output);
  zip.end();
  return output;
}

/** Passes bytes through, and fails at the end unless they hash to the entry's SHA-256. */
function verifying(entry: StoredZipEntry): Transform {
  const hash = createHash('sha256');
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
    flush(callback) {
      const actual = hash.digest('hex');
      callback(actual === entry.sha256 && size === entry.size ? null : new Error(`${entry.path} no longer matches its SHA-256 ${entry.sha256} (read ${size} bytes hashing to ${actual})`));
    },
  });
}
