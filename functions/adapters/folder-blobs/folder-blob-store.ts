import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type BlobBody,
  BlobMismatchError,
  type BlobStore,
  type SignedUploadReceiver,
  type StoredBlob,
  type UploadTarget,
  type UploadTargetOptions,
  UploadUrlRejectedError,
} from '../../ports/blob-store';
import { writeHashing } from '../write-hashing';

const SHA256_PATTERN = /^[0-9a-f]{64}$/;
const UPLOAD_ID_PATTERN = /^[0-9a-zA-Z-]{1,64}$/;

export interface FolderBlobStoreOptions {
  /** Folder holding `sha256/`, `staging/` and `tmp/`. */
  root: string;
  /** Secret for signing upload URLs (kept in the data folder, never committed). */
  uploadSecret: Uint8Array;
  /** Base URL clients reach this service at, for upload URLs. */
  publicBaseUrl: string;
  /** Source of "now" for URL expiry (the service clock). */
  now?: () => Date;
}

/**
 * BlobStore on a local folder: `sha256/ab/cd/<hash>`, written to a temporary file while hashing
 * and renamed into place (atomic on one file system), then made read-only. Large uploads go to
 * URLs signed with HMAC-SHA256 that the embedded API receives into `staging/`.
 *
 * @example
 * const blobs = new FolderBlobStore({ root: './data/blobs', uploadSecret, publicBaseUrl: 'http://localhost:8787' });
 * const { sha256 } = await blobs.put(new TextEncoder().encode('hello'));
 */
export class FolderBlobStore implements BlobStore, SignedUploadReceiver {
  constructor(private readonly options: FolderBlobStoreOptions) {}

  async put(body: BlobBody, options: { maxSize?: number } = {}): Promise<StoredBlob> {
    const tmp = await this.tempPath();
    try {
      const written = await writeHashing(body, tmp, options.maxSize);
      await this.settle(tmp, written.sha256);
      return written;
    } finally {
      await rm(tmp, { force: true });
    }
  }

  async get(sha256: string): Promise<Uint8Array | undefined> {
    const path = this.blobPath(sha256);
    return path ? readIfExists(path) : undefined;
  }

  async open(sha256: string): Promise<AsyncIterable<Uint8Array> | undefined> {
    const path = this.blobPath(sha256);
    if (!path || !(await exists(path))) return undefined;
    return createReadStream(path);
  }

  async stat(sha256: string): Promise<{ size: number } | undefined> {
    const path = this.blobPath(sha256);
    if (!path) return undefined;
    try {
      return { size: (await stat(path)).size };
    } catch {
      return undefined;
    }
  }

  async rehash(sha256: string): Promise<string | undefined> {
    const path = this.blobPath(sha256);
    if (!path || !(await exists(path))) return undefined;
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
    return hash.digest('hex');
  }

  async createUploadTarget(uploadId: string, options: UploadTargetOptions): Promise<UploadTarget> {
    assertUploadId(uploadId);
    const expires = String(options.expiresAt.getTime());
    const maxSize = String(options.maxSize);
    const signature = this.sign(uploadId, expires, maxSize);
    const query = new URLSearchParams({ expires, maxSize, signature });
    return { url: `${this.options.publicBaseUrl}/v1/blob-uploads/${uploadId}?${query}`, method: 'PUT' };
  }

  async receive(uploadId: string, query: Record<string, string | undefined>, body: AsyncIterable<Uint8Array>): Promise<{ size: number }> {
    const { expires = '', maxSize = '', signature = '' } = query;
    if (!UPLOAD_ID_PATTERN.test(uploadId)) throw new UploadUrlRejectedError('unknown upload');
    const expected = Buffer.from(this.sign(uploadId, expires, maxSize), 'hex');
    const given = Buffer.from(signature, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new UploadUrlRejectedError('the upload URL signature is not valid');
    }
    if (!(Number(expires) > (this.options.now?.() ?? new Date()).getTime())) throw new UploadUrlRejectedError('the upload URL has expired');
    const tmp = await this.tempPath();
    try {
      const { size } = await writeHashing(body, tmp, Number(maxSize));
      await mkdir(join(this.options.root, 'staging'), { recursive: true });
      await rename(tmp, this.stagedPath(uploadId));
      return { size };
    } finally {
      await rm(tmp, { force: true });
    }
  }

  async readStaged(uploadId: string): Promise<Uint8Array | undefined> {
    assertUploadId(uploadId);
    return readIfExists(this.stagedPath(uploadId));
  }

  async promoteStaged(uploadId: string, expected: StoredBlob): Promise<StoredBlob> {
    assertUploadId(uploadId);
    const staged = this.stagedPath(uploadId);
    if (!(await exists(staged))) throw new BlobMismatchError(expected, undefined);
    const tmp = await this.tempPath();
    try {
      // Staged bytes were size-limited when received; re-hash them as they are copied.
      const written = await writeHashing(createReadStream(staged), tmp);
      if (written.sha256 !== expected.sha256 || written.size !== expected.size) throw new BlobMismatchError(expected, written);
      await this.settle(tmp, written.sha256);
      await rm(staged, { force: true });
      return written;
    } finally {
      await rm(tmp, { force: true });
    }
  }

  /** A folder has no URLs of its own: the embedded API streams the bytes. */
  async downloadUrl(): Promise<string | undefined> {
    return undefined;
  }

  private sign(uploadId: string, expires: string, maxSize: string): string {
    return createHmac('sha256', this.options.uploadSecret).update(`${uploadId}\n${expires}\n${maxSize}`).digest('hex');
  }

  /** Moves a hashed temp file to its content address, unless that blob is already there. */
  private async settle(tmp: string, sha256: string): Promise<void> {
    const target = this.blobPath(sha256) as string;
    if (await exists(target)) return;
    await mkdir(join(target, '..'), { recursive: true });
    await chmod(tmp, 0o444);
    await rename(tmp, target);
  }

  private blobPath(sha256: string): string | undefined {
    if (!SHA256_PATTERN.test(sha256)) return undefined;
    return join(this.options.root, 'sha256', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  private stagedPath(uploadId: string): string {
    return join(this.options.root, 'staging', uploadId);
  }

  private async tempPath(): Promise<string> {
    const dir = join(this.options.root, 'tmp');
    await mkdir(dir, { recursive: true });
    return join(dir, randomUUID());
  }
}

function assertUploadId(uploadId: string): void {
  if (!UPLOAD_ID_PATTERN.test(uploadId)) throw new RangeError(`not an upload id: ${uploadId}`);
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function readIfExists(path: string): Promise<Uint8Array | undefined> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
