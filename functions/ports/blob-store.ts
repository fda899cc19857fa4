/**
 * The BlobStore port: evidence bytes, content-addressed by SHA-256 (DESIGN §3). Blobs are never
 * overwritten or deleted through this port. Large uploads arrive in a staging area (quarantine)
 * first and are promoted once their size and hash are checked.
 */
export type BlobBody = Uint8Array | AsyncIterable<Uint8Array>;

export interface StoredBlob {
  sha256: string;
  size: number;
}

export interface UploadTarget {
  url: string;
  method: 'PUT' | 'POST';
  /** Form fields to send with a POST upload (S3 presigned POST). */
  fields?: Record<string, string>;
}

export interface UploadTargetOptions {
  maxSize: number;
  contentType: string;
  expiresAt: Date;
}

/** A blob larger than allowed; nothing was kept. */
export class BlobTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the content is larger than ${limit} bytes`);
    this.name = 'BlobTooLargeError';
  }
}

export interface BlobStore {
  /** Stores bytes under their SHA-256 (idempotent) and returns it. */
  put(body: BlobBody, options?: { maxSize?: number }): Promise<StoredBlob>;
  /** The bytes of a blob, or undefined when there is none. */
  get(sha256: string): Promise<Uint8Array | undefined>;
  /** The bytes as a stream, for large downloads. */
  open(sha256: string): Promise<AsyncIterable<Uint8Array> | undefined>;
  /** Size of a stored blob, or undefined. */
  stat(sha256: string): Promise<{ size: number } | undefined>;
  /** SHA-256 of the bytes as they are stored now (tamper check), or undefined when missing. */
  rehash(sha256: string): Promise<string | undefined>;
  /** A URL a client can send a large file to, into staging under `uploadId`. */
  createUploadTarget(uploadId: string, options: UploadTargetOptions): Promise<UploadTarget>;
  /** The bytes of a staged upload, or undefined when nothing was staged under `uploadId`. */
  readStaged(uploadId: string): Promise<Uint8Array | undefined>;
  /**
   * Moves a staged upload into the content-addressed store if its bytes still have the expected
   * size and SHA-256; throws {@link BlobMismatchError} otherwise (the staged copy is kept).
   */
  promoteStaged(uploadId: string, expected: StoredBlob): Promise<StoredBlob>;
  /**
   * A short-lived URL the client can fetch the bytes from directly (S3 presigned GET), or
   * undefined when the store cannot hand one out and the service streams the bytes itself.
   */
  downloadUrl?(sha256: string, options: DownloadUrlOptions): Promise<string | undefined>;
  /**
   * Places a legal hold on a blob (S3 Object Lock): it cannot be deleted, whatever its retention,
   * until the hold is lifted. Stores without holds (the folder store, which deletes nothing
   * anyway) leave it out.
   */
  placeLegalHold?(sha256: string): Promise<void>;
}

export interface DownloadUrlOptions {
  /** Name the browser saves the file under (Content-Disposition). */
  filename: string;
  contentType: string;
  expiresInSeconds: number;
}

/** Staged bytes that are not what the client declared. */
export class BlobMismatchError extends Error {
  constructor(
    readonly expected: StoredBlob,
    readonly actual: StoredBlob | undefined,
  ) {
    super(
      actual
        ? `the uploaded content has ${actual.size} bytes and SHA-256 ${actual.sha256}; ${expected.size} bytes and ${expected.sha256} were declared`
        : 'nothing was uploaded',
    );
    this.name = 'BlobMismatchError';
  }
}

/**
 * Receives uploads sent to URLs that a store signed itself (embedded mode; on AWS the client
 * sends straight to S3 and no receiver is wired).
 */
export interface SignedUploadReceiver {
  /** Verifies the URL's signature and expiry, then writes the body to staging. */
  receive(uploadId: string, query: Record<string, string | undefined>, body: AsyncIterable<Uint8Array>): Promise<{ size: number }>;
}

/** A signed upload URL that is forged, for another upload, or expired. */
export class UploadUrlRejectedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'UploadUrlRejectedError';
  }
}
