import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  PutObjectLegalHoldCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { downloadDisposition } from '../../core/filename';
import {
  type BlobBody,
  BlobMismatchError,
  type BlobStore,
  BlobTooLargeError,
  type DownloadUrlOptions,
  type StoredBlob,
  type UploadTarget,
  type UploadTargetOptions,
} from '../../ports/blob-store';
import { writeHashing } from '../write-hashing';

const SHA256_PATTERN = /^[0-9a-f]{64}$/;
const UPLOAD_ID_PATTERN = /^[0-9a-zA-Z-]{1,64}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface S3BlobStoreOptions {
  client: S3Client;
  /** Versioned, Object Lock enabled bucket: blobs under `sha256/<hash>`. */
  evidenceBucket: string;
  /** Where clients upload to (presigned POST), key = upload id; expires by lifecycle rule. */
  quarantineBucket: string;
  /**
   * Object Lock retention in COMPLIANCE mode put on every evidence object, in days; 0 leaves it
   * to the bucket's default retention (emulators without Object Lock).
   */
  retentionDays: number;
  /** Source of "now" for retention dates. */
  now?: () => Date;
}

/**
 * The BlobStore port on S3 (DESIGN §2): uploads land in a quarantine bucket through presigned
 * POSTs limited by `content-length-range`; promotion re-hashes them and copies them into the
 * evidence bucket under `sha256/<hash>` with Object Lock retention (COMPLIANCE), copying only
 * the very version that was hashed (`CopySourceIfMatch`). Direct puts are hashed while spooled
 * to a temporary file, then written with `ChecksumSHA256` (S3 refuses bytes that do not match)
 * and `If-None-Match: *`, so an existing blob is never rewritten.
 *
 * @example
 * const blobs = new S3BlobStore({ client: new S3Client({}), evidenceBucket, quarantineBucket, retentionDays: 3650 });
 * const { sha256 } = await blobs.put(bytes);
 * const url = await blobs.downloadUrl(sha256, { filename: 'x.pdf', contentType: 'application/pdf', expiresInSeconds: 60 });
 */
export class S3BlobStore implements BlobStore {
  constructor(private readonly options: S3BlobStoreOptions) {}

  async put(body: BlobBody, options: { maxSize?: number } = {}): Promise<StoredBlob> {
    const maxSize = options.maxSize ?? Number.POSITIVE_INFINITY;
    if (body instanceof Uint8Array) {
      if (body.length > maxSize) throw new BlobTooLargeError(maxSize);
      const blob = { sha256: createHash('sha256').update(body).digest('hex'), size: body.length };
      await this.store(blob, () => body);
      return blob;
    }
    // A stream of unknown length and hash: spool it while hashing, then send it with its checksum.
    const dir = await mkdtemp(join(tmpdir(), 's3-put-'));
    try {
      const path = join(dir, 'body');
      const blob = await writeHashing(body, path, maxSize);
      await this.store(blob, () => createReadStream(path));
      return blob;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async get(sha256: string): Promise<Uint8Array | undefined> {
    const body = await this.open(sha256);
    return body && collect(body);
  }

  async open(sha256: string): Promise<AsyncIterable<Uint8Array> | undefined> {
    if (!SHA256_PATTERN.test(sha256)) return undefined;
    return this.openObject(this.options.evidenceBucket, evidenceKey(sha256));
  }

  async stat(sha256: string): Promise<{ size: number } | undefined> {
    if (!SHA256_PATTERN.test(sha256)) return undefined;
    const head = await this.head(this.options.evidenceBucket, evidenceKey(sha256));
    return head && { size: head.size };
  }

  async rehash(sha256: string): Promise<string | undefined> {
    const body = await this.open(sha256);
    return body && (await hashOf(body)).sha256;
  }

  async createUploadTarget(uploadId: string, options: UploadTargetOptions): Promise<UploadTarget> {
    assertUploadId(uploadId);
    const now = this.now();
    const expires = Math.max(1, Math.floor((options.expiresAt.getTime() - now.getTime()) / 1000));
    const { url, fields } = await createPresignedPost(this.options.client, {
      Bucket: this.options.quarantineBucket,
      Key: uploadId,
      // S3 itself refuses a body over the declared size, or a different content type.
      Conditions: [
        ['content-length-range', 0, options.maxSize],
        ['eq', '$Content-Type', options.contentType],
      ],
      Fields: { 'Content-Type': options.contentType },
      Expires: expires,
    });
    return { url, method: 'POST', fields };
  }

  async readStaged(uploadId: string): Promise<Uint8Array | undefined> {
    assertUploadId(uploadId);
    const body = await this.openObject(this.options.quarantineBucket, uploadId);
    return body && collect(body);
  }

  async promoteStaged(uploadId: string, expected: StoredBlob): Promise<StoredBlob> {
    assertUploadId(uploadId);
    const staged = await this.getObject(this.options.quarantineBucket, uploadId);
    if (!staged) throw new BlobMismatchError(expected, undefined);
    const actual = await hashOf(staged.body);
    if (actual.sha256 !== expected.sha256 || actual.size !== expected.size) throw new BlobMismatchError(expected, actual);
    if (!(await this.head(this.options.evidenceBucket, evidenceKey(actual.sha256)))) {
      await this.options.client.send(
        new CopyObjectCommand({
          Bucket: this.options.evidenceBucket,
          Key: evidenceKey(actual.sha256),
          CopySource: `${this.options.quarantineBucket}/${encodeURIComponent(uploadId)}`,
          // Only the bytes just hashed: a second POST to the same upload URL makes a new ETag.
          ...(staged.etag ? { CopySourceIfMatch: staged.etag } : {}),
          ChecksumAlgorithm: 'SHA256',
          MetadataDirective: 'REPLACE',
          ...this.retention(),
        }),
      );
    }
    await this.options.client.send(new DeleteObjectCommand({ Bucket: this.options.quarantineBucket, Key: uploadId }));
    return actual;
  }

  async downloadUrl(sha256: string, options: DownloadUrlOptions): Promise<string | undefined> {
    if (!SHA256_PATTERN.test(sha256)) return undefined;
    return getSignedUrl(
      this.options.client,
      new GetObjectCommand({
        Bucket: this.options.evidenceBucket,
        Key: evidenceKey(sha256),
        ResponseContentDisposition: downloadDisposition(options.filename, options.contentType),
        ResponseContentType: options.contentType,
        ResponseCacheControl: 'private, no-store',
      }),
      { expiresIn: options.expiresInSeconds },
    );
  }

  /**
   * Places a legal hold on a blob: it cannot be deleted, whatever its retention, until someone
   * allowed `s3:PutObjectLegalHold` lifts it. Needs that permission on the calling role (the stack
   * grants it to no function yet; handoff will use it).
   */
  async placeLegalHold(sha256: string): Promise<void> {
    if (!SHA256_PATTERN.test(sha256)) throw new RangeError(`not a SHA-256: ${sha256}`);
    await this.options.client.send(
      new PutObjectLegalHoldCommand({ Bucket: this.options.evidenceBucket, Key: evidenceKey(sha256), LegalHold: { Status: 'ON' }, ChecksumAlgorithm: 'SHA256' }),
    );
  }

  /** Writes a blob unless it is there already; a concurrent writer of the same bytes is fine. */
  private async store(blob: StoredBlob, body: () => Uint8Array | Readable): Promise<void> {
    if (await this.head(this.options.evidenceBucket, evidenceKey(blob.sha256))) return;
    try {
      await this.options.client.send(
        new PutObjectCommand({
          Bucket: this.options.evidenceBucket,
          Key: evidenceKey(blob.sha256),
          Body: body(),
          ContentLength: blob.size,
          ChecksumSHA256: Buffer.from(blob.sha256, 'hex').toString('base64'),
          IfNoneMatch: '*',
          ...this.retention(),
        }),
      );
    } catch (error) {
      // 412: someone stored the same bytes first; 409: a concurrent conditional write is under way.
      const status = statusOf(error);
      if (status !== 412 && status !== 409) throw error;
    }
  }

  private retention(): { ObjectLockMode?: 'COMPLIANCE'; ObjectLockRetainUntilDate?: Date } {
    if (this.options.retentionDays <= 0) return {};
    return { ObjectLockMode: 'COMPLIANCE', ObjectLockRetainUntilDate: new Date(this.now().getTime() + this.options.retentionDays * DAY_MS) };
  }

  private async head(bucket: string, key: string): Promise<{ size: number } | undefined> {
    try {
      const head = await this.options.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return { size: head.ContentLength ?? 0 };
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  private async openObject(bucket: string, key: string): Promise<AsyncIterable<Uint8Array> | undefined> {
    return (await this.getObject(bucket, key))?.body;
  }

  private async getObject(bucket: string, key: string): Promise<{ body: AsyncIterable<Uint8Array>; etag?: string } | undefined> {
    try {
      const answer = await this.options.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const body = (answer.Body as AsyncIterable<Uint8Array> | undefined) ?? Readable.from([]);
      return { body, ...(answer.ETag ? { etag: answer.ETag } : {}) };
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}

/** Where a blob lives in the evidence bucket. */
export const evidenceKey = (sha256: string): string => `sha256/${sha256}`;

function assertUploadId(uploadId: string): void {
  if (!UPLOAD_ID_PATTERN.test(uploadId)) throw new RangeError(`not an upload id: ${uploadId}`);
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}

async function hashOf(body: AsyncIterable<Uint8Array>): Promise<StoredBlob> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of body) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size };
}

async function collect(body: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of body) parts.push(part);
  return new Uint8Array(Buffer.concat(parts));
}
