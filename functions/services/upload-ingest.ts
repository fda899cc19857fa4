import { createHash } from 'node:crypto';
import { DomainError } from '../core/errors';
import { BlobMismatchError, type BlobStore } from '../ports/blob-store';
import type { Clock } from '../ports/clock';
import { type Table, TransactionConflictError } from '../ports/table';
import { inspectUpload } from './file-inspection';
import { keys } from './table-layout';

export type IngestOutcome =
  | { status: 'ingested'; debtId: string; uploadId: string; sha256: string }
  /** Nothing to do: no such session, already completed or ingested, or the object is gone. */
  | { status: 'skipped'; uploadId: string; reason: string }
  /** The bytes are not what the session declared; the quarantine object stays, no document. */
  | { status: 'rejected'; debtId: string; uploadId: string; reason: string };

/**
 * What the AWS ingest function does when an upload lands in quarantine (S3 ObjectCreated): checks
 * the bytes against the session the client opened (size, SHA-256, and the same file inspection as
 * `complete`) and, when they pass, moves them into the evidence store and marks the session
 * `ingestedAt`. It never creates the document: `POST …/uploads/{id}/complete` does, as the user
 * who opened the session, taking the bytes from the evidence store when ingest moved them. A
 * refused upload leaves the quarantine object and the session as they were, so `complete`
 * answers with the same error as in embedded mode, and a new upload to the same URL is checked
 * again.
 *
 * @example
 * await ingestStagedUpload(table, blobs, clock, '0190…');
 */
export async function ingestStagedUpload(table: Table, blobs: BlobStore, clock: Clock, uploadId: string): Promise<IngestOutcome> {
  const owner = await table.get(keys.uploadOwner(uploadId));
  if (!owner) return { status: 'skipped', uploadId, reason: 'no upload session has this id' };
  const debtId = owner.debtId as string;
  const session = await table.get(keys.upload(debtId, uploadId));
  if (!session || session.status !== 'open' || session.ingestedAt) return { status: 'skipped', uploadId, reason: 'the session is not waiting for bytes' };
  const bytes = await blobs.readStaged(uploadId);
  if (!bytes) return { status: 'skipped', uploadId, reason: 'the uploaded object is gone' };
  const expected = { sha256: session.sha256 as string, size: session.size as number };
  const actual = { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
  if (actual.sha256 !== expected.sha256 || actual.size !== expected.size) {
    return { status: 'rejected', debtId, uploadId, reason: new BlobMismatchError(expected, actual).message };
  }
  try {
    await inspectUpload(bytes, { filename: session.filename as string, contentType: session.contentType as string });
    await blobs.promoteStaged(uploadId, expected);
  } catch (error) {
    // Refused files, or bytes replaced between the read and the copy: leave them in quarantine.
    if (error instanceof DomainError || error instanceof BlobMismatchError) return { status: 'rejected', debtId, uploadId, reason: error.message };
    throw error;
  }
  try {
    await table.transact([{ put: { ...session, ingestedAt: clock.now().toISOString() }, condition: { attribute: 'status', equals: 'open' } }]);
  } catch (error) {
    // `complete` won the race and recorded the document; the bytes are where it expects them.
    if (!(error instanceof TransactionConflictError)) throw error;
  }
  return { status: 'ingested', debtId, uploadId, sha256: expected.sha256 };
}
