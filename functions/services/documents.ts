import type { Debt } from '../core/debt';
import type { DebtorSignature, ExtractionStatus } from '../core/extraction';
import { type DocumentType, roleToAddDocument, roleToVoidDocument, rolesThatMayAdd, TYPES_ALLOWED_AFTER_HANDOFF } from '../core/document-types';
import { ConflictError, ForbiddenError, NotFoundError, PayloadTooLargeError, UnprocessableDocumentError, ValidationError } from '../core/errors';
import { nameForType, safeFilename } from '../core/filename';
import { newId } from '../core/ids';
import { legalDateAt } from '../core/legal-date';
import type { Actor, Principal, Role } from '../core/roles';
import type { DocumentFields, UploadSessionInput } from '../core/schemas';
import { BlobMismatchError, type BlobStore, type UploadTarget } from '../ports/blob-store';
import type { Clock } from '../ports/clock';
import type { Table, TableWrite } from '../ports/table';
import { recordChange } from './audit-trail';
import { isExtracted, pendingExtractionWrite } from './extraction';
import { inspectUpload, isAcceptedMediaType } from './file-inspection';
import { withLimitationRefresh } from './limitation';
import { keys, SK_PREFIX, withoutKeys } from './table-layout';

/** How long a download URL handed out for a content read stays valid. */
export const DOWNLOAD_URL_SECONDS = 60;

/** Document metadata. The bytes are the blob named by `sha256`; a document is never deleted. */
export interface EvidenceDocument {
  id: string;
  debtId: string;
  type: DocumentType;
  title?: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  pages: number;
  version: number;
  supersedes?: string;
  supersededBy?: string;
  status: 'active' | 'void';
  voidReason?: string;
  voidedBy?: string;
  voidedAt?: string;
  documentDate?: string;
  uploadedBy: string;
  uploadedAs: Role;
  uploadedAt: string;
  /** Summary; the fields are at the extraction endpoint. */
  extraction: { status: ExtractionStatus; reason?: string };
  /** Present once the debtor's signature on this document counts (sealed, or a confirmed scan). */
  signedByDebtor?: DebtorSignature;
}

/** More for {@link DocumentService.addGenerated} to write with a document. */
export interface DocumentExtras {
  /** Fields set on the document (e.g. `signedByDebtor`). */
  document?: Partial<EvidenceDocument>;
  /** Called inside the audit transaction, again after a lost race; may throw a domain error. */
  prepare?: (document: EvidenceDocument) => Promise<{ writes: TableWrite[]; details: Record<string, unknown> }>;
  /** The audit event's action and subject when the document is part of a larger change (a handoff). */
  event?: { action: string; subject: string };
}

export interface DocumentLimits {
  /** Largest file sent inline as multipart. */
  maxInlineBytes: number;
  /** Largest file sent through an upload session. */
  maxSessionBytes: number;
  /** How long an upload URL stays valid. */
  uploadUrlSeconds: number;
}

export interface UploadSession {
  uploadId: string;
  url: string;
  method: UploadTarget['method'];
  fields?: Record<string, string>;
  expiresAt: string;
}

/**
 * Evidence documents of a debt: adding (inline or through an upload session), listing, reading
 * (each read is an audit event: chain of custody) and voiding. Bytes are checked before anything
 * is stored; metadata and the audit event are written in one transaction after the blob is safe,
 * so a failure in between leaves at most an unreferenced blob and no visible document.
 */
export class DocumentService {
  constructor(
    private readonly table: Table,
    private readonly blobs: BlobStore,
    private readonly clock: Clock,
    private readonly limits: DocumentLimits,
    /** Whether an extractor is wired; without one, extraction is `not_applicable`. */
    private readonly extractionAvailable = false,
    /** Called after a document whose extraction is pending was stored (queues the extraction). */
    private readonly onExtractionPending?: (document: EvidenceDocument) => void | Promise<void>,
  ) {}

  /** The role in which `user` may add `type` to `debt`, or a ForbiddenError / ConflictError. */
  authorizeAdd(user: Principal, debt: Debt, type: DocumentType): Role {
    const role = roleToAddDocument(user.roles, type);
    if (!role) throw new ForbiddenError(`documents of type ${type} are added by ${rolesThatMayAdd(type).join(', ') || 'the service itself, never uploaded'}`);
    assertOpenFor(debt, type);
    return role;
  }

  /** Adds a file sent inline. */
  async add(user: Principal, debt: Debt, fields: DocumentFields, file: { bytes: Uint8Array; filename: string; contentType?: string }): Promise<EvidenceDocument> {
    const role = this.authorizeAdd(user, debt, fields.type);
    this.checkNotFuture(debt, fields.documentDate);
    const filename = safeFilename(file.filename);
    if (file.bytes.length > this.limits.maxInlineBytes) throw new PayloadTooLargeError(`files over ${this.limits.maxInlineBytes} bytes go through an upload session`);
    const inspected = await inspectUpload(file.bytes, { filename, ...(file.contentType ? { contentType: file.contentType } : {}) });
    const blob = await this.blobs.put(file.bytes);
    return this.record({ id: user.id, role }, debt.id, fields, { ...inspected, ...blob });
  }

  /** Opens an upload session: the client sends the bytes to the returned URL, then completes. */
  async openUploadSession(user: Principal, debt: Debt, input: UploadSessionInput): Promise<UploadSession> {
    const { filename: rawName, contentType, size, sha256, ...fields } = input;
    this.authorizeAdd(user, debt, fields.type);
    this.checkNotFuture(debt, fields.documentDate);
    // Refused now rather than after the bytes were sent: a name that cannot match the declared type.
    const filename = isAcceptedMediaType(contentType) ? nameForType(safeFilename(rawName), contentType) : safeFilename(rawName);
    if (size > this.limits.maxSessionBytes) throw new PayloadTooLargeError(`files over ${this.limits.maxSessionBytes} bytes are not accepted`);
    const uploadId = newId();
    const expiresAt = new Date(this.clock.now().getTime() + this.limits.uploadUrlSeconds * 1000);
    const target = await this.blobs.createUploadTarget(uploadId, { maxSize: size, contentType, expiresAt });
    await this.table.transact([
      {
        put: { ...keys.upload(debt.id, uploadId), uploadId, debtId: debt.id, userId: user.id, fields, filename, contentType, size, sha256, expiresAt: expiresAt.toISOString(), status: 'open' },
        condition: { absent: true },
      },
      { put: { ...keys.uploadOwner(uploadId), debtId: debt.id }, condition: { absent: true } },
    ]);
    return { uploadId, ...target, expiresAt: expiresAt.toISOString() };
  }

  /** Completes an upload session: size and SHA-256 must match what was declared. */
  async completeUploadSession(user: Principal, debt: Debt, uploadId: string): Promise<EvidenceDocument> {
    const session = await this.table.get(keys.upload(debt.id, uploadId));
    if (!session || session.userId !== user.id) throw new NotFoundError('no such upload session');
    if (session.status !== 'open') throw new ConflictError('this upload session is already completed');
    const fields = session.fields as DocumentFields;
    const role = this.authorizeAdd(user, debt, fields.type);
    const expected = { sha256: session.sha256 as string, size: session.size as number };
    // On AWS the ingest function may have checked and moved the bytes already (ingestedAt).
    const staged = await this.blobs.readStaged(uploadId);
    const bytes = staged ?? (session.ingestedAt ? await this.blobs.get(expected.sha256) : undefined);
    if (!bytes) throw new ConflictError('nothing has been uploaded for this session yet');
    const inspected = await inspectUpload(bytes, { filename: session.filename as string, contentType: session.contentType as string });
    let blob = expected;
    try {
      if (staged) blob = await this.blobs.promoteStaged(uploadId, expected);
    } catch (error) {
      const ingestedMeanwhile = error instanceof BlobMismatchError && !error.actual && (await this.table.get(keys.upload(debt.id, uploadId)))?.ingestedAt;
      if (!ingestedMeanwhile && error instanceof BlobMismatchError) throw new UnprocessableDocumentError(error.message);
      if (!ingestedMeanwhile) throw error;
    }
    return this.record({ id: user.id, role }, debt.id, fields, { ...inspected, ...blob }, [
      { put: { ...session, status: 'completed' }, condition: { attribute: 'status', equals: 'open' } },
    ]);
  }

  /**
   * Adds a file the service made itself (a sealed PDF), checked like an upload. `extra.prepare`
   * runs inside the audit transaction, so its writes (and its preconditions) land with the
   * document, in one chain event.
   */
  async addGenerated(actor: Actor, debtId: string, fields: DocumentFields, file: { bytes: Uint8Array; filename: string }, extra: DocumentExtras): Promise<EvidenceDocument> {
    const filename = safeFilename(file.filename);
    const inspected = await inspectUpload(file.bytes, { filename, contentType: 'application/pdf' });
    const blob = await this.blobs.put(file.bytes);
    return this.record(actor, debtId, fields, { ...inspected, ...blob }, [], extra);
  }

  /** Documents of a debt in upload order. */
  async list(debtId: string, page: { limit: number; cursor?: string }): Promise<{ items: EvidenceDocument[]; nextCursor?: string }> {
    const result = await this.table.query(keys.debt(debtId).pk, { beginsWith: SK_PREFIX.document, ...page });
    return { items: result.items.map((item) => withoutKeys<EvidenceDocument>(item)), ...(result.cursor ? { nextCursor: result.cursor } : {}) };
  }

  /** One document's metadata. */
  async get(debtId: string, documentId: string): Promise<EvidenceDocument> {
    const item = await this.table.get(keys.document(debtId, documentId));
    if (!item) throw new NotFoundError('no such document');
    return withoutKeys<EvidenceDocument>(item);
  }

  /**
   * The bytes of a document, after the read is written into the audit chain; a read that cannot
   * be recorded is not served.
   */
  async read(
    actor: Actor,
    debtId: string,
    documentId: string,
    context: Record<string, string>,
  ): Promise<{ document: EvidenceDocument } & ({ body: AsyncIterable<Uint8Array> } | { url: string })> {
    const document = await this.get(debtId, documentId);
    const content = await this.contentOf(document);
    if (!content) throw new ConflictError('the stored content of this document is missing; run audit verification');
    await recordChange(this.table, this.clock, debtId, actor, async () => ({
      action: 'document.read',
      subject: `debt/${debtId}/document/${documentId}`,
      details: { sha256: document.sha256, ...context },
      writes: [],
      result: undefined,
    }));
    return { document, ...content };
  }

  /** A short-lived URL to the bytes where the store offers one (S3), else the bytes as a stream. */
  private async contentOf(document: EvidenceDocument): Promise<{ body: AsyncIterable<Uint8Array> } | { url: string } | undefined> {
    if (this.blobs.downloadUrl && (await this.blobs.stat(document.sha256))) {
      const url = await this.blobs.downloadUrl(document.sha256, { filename: document.filename, contentType: document.contentType, expiresInSeconds: DOWNLOAD_URL_SECONDS });
      if (url) return { url };
    }
    const body = await this.blobs.open(document.sha256);
    return body && { body };
  }

  /** Voids a document with a reason; it stays stored and listed. */
  async void(user: Principal, debt: Debt, documentId: string, reason: string): Promise<EvidenceDocument> {
    // The uploader's role never changes, so the acting role can be settled before the race.
    const role = roleToVoidDocument(user.roles, (await this.get(debt.id, documentId)).uploadedAs);
    if (!role) throw new ForbiddenError('a document is voided by a user in the role that uploaded it, or by legal');
    const { result } = await recordChange(this.table, this.clock, debt.id, { id: user.id, role }, async () => {
      const document = await this.get(debt.id, documentId);
      if (document.status === 'void') throw new ConflictError('the document is already void');
      assertOpenFor(debt, document.type);
      const next: EvidenceDocument = { ...document, status: 'void', voidReason: reason, voidedBy: user.id, voidedAt: this.clock.now().toISOString() };
      // A void document no longer proves anything: the limitation period may change with it.
      const { writes } = await withLimitationRefresh(this.table, debt.id, [{ put: { ...keys.document(debt.id, documentId), ...next }, condition: { attribute: 'status', equals: 'active' } }]);
      return {
        action: 'document.voided',
        subject: `debt/${debt.id}/document/${documentId}`,
        details: { reason, sha256: document.sha256 },
        writes,
        result: next,
      };
    });
    return result;
  }

  private async record(
    actor: Actor,
    debtId: string,
    fields: DocumentFields,
    file: { filename: string; contentType: string; pages: number; sha256: string; size: number },
    extraWrites: TableWrite[] = [],
    extra: DocumentExtras = {},
  ): Promise<EvidenceDocument> {
    const id = newId();
    const { result } = await recordChange(this.table, this.clock, debtId, actor, async () => {
      const previous = fields.supersedes ? await this.supersedable(debtId, fields.supersedes, fields.type) : undefined;
      const document: EvidenceDocument = {
        id,
        debtId,
        type: fields.type,
        ...(fields.title ? { title: fields.title } : {}),
        filename: file.filename,
        contentType: file.contentType,
        size: file.size,
        sha256: file.sha256,
        pages: file.pages,
        version: previous ? previous.version + 1 : 1,
        ...(previous ? { supersedes: previous.id } : {}),
        status: 'active',
        ...(fields.documentDate ? { documentDate: fields.documentDate } : {}),
        uploadedBy: actor.id,
        uploadedAs: actor.role as Role,
        uploadedAt: this.clock.now().toISOString(),
        extraction: !this.extractionAvailable
          ? { status: 'not_applicable', reason: 'no extractor is configured' }
          : isExtracted(fields.type)
            ? { status: 'pending' }
            : { status: 'not_applicable', reason: `no fields are extracted from documents of type ${fields.type}` },
        ...extra.document,
      };
      const more = extra.prepare ? await extra.prepare(document) : { writes: [], details: {} };
      const writes: TableWrite[] = [
        { put: { ...keys.document(debtId, id), ...document }, condition: { absent: true } },
        // Lets POST /v1/verify recognise the file by its hash.
        { put: { ...keys.documentByContent(file.sha256, debtId, id), debtId, documentId: id } },
        ...extraWrites,
        ...more.writes,
      ];
      if (document.extraction.status === 'pending') writes.push(pendingExtractionWrite(debtId, id, document.uploadedAt));
      if (previous) {
        // Only one successor per version: the condition fails if another upload superseded it first.
        writes.push({ put: { ...keys.document(debtId, previous.id), ...previous, supersededBy: id }, condition: { attribute: 'supersededBy', missing: true } });
      }
      return {
        action: extra.event?.action ?? 'document.added',
        subject: extra.event?.subject ?? `debt/${debtId}/document/${id}`,
        details: { type: document.type, filename: document.filename, contentType: document.contentType, size: document.size, sha256: document.sha256, supersedes: document.supersedes ?? null, ...more.details },
        // A new version of a signed record replaces the old one as evidence.
        writes: (await withLimitationRefresh(this.table, debtId, writes)).writes,
        result: document,
      };
    });
    if (result.extraction.status === 'pending') {
      // The document is stored either way: a hand-over that failed leaves the extraction pending
      // (listed by openExtractions) rather than failing the upload.
      await Promise.resolve(this.onExtractionPending?.(result)).catch((error: unknown) => {
        console.error(JSON.stringify({ level: 'error', message: 'extraction could not be queued', debtId, documentId: result.id, error: String((error as Error)?.stack ?? error) }));
      });
    }
    return result;
  }

  /** A document cannot be dated after today in the debt's zone (DESIGN §3): it would place evidence in the future. */
  private checkNotFuture(debt: Debt, documentDate: string | undefined): void {
    const today = legalDateAt(this.clock.now(), debt.timeZone);
    if (documentDate && documentDate > today) throw new ValidationError(`${documentDate} is in the future (today is ${today} in ${debt.timeZone})`, [{ path: 'documentDate', message: 'in the future' }]);
  }

  private async supersedable(debtId: string, documentId: string, type: DocumentType): Promise<EvidenceDocument> {
    const item = await this.table.get(keys.document(debtId, documentId));
    const previous = item && withoutKeys<EvidenceDocument>(item);
    const problem = !previous
      ? 'no such document on this debt'
      : previous.type !== type
        ? `a ${type} cannot supersede a ${previous.type}`
        : previous.supersededBy
          ? 'that document has already been superseded; supersede its newest version'
          : previous.status === 'void'
            ? 'a void document cannot be superseded'
            : undefined;
    if (problem) throw new ValidationError(problem, [{ path: 'supersedes', message: problem }]);
    return previous as EvidenceDocument;
  }
}

/** After handoff only court filings and correspondence may be added; a closed file takes nothing. */
function assertOpenFor(debt: Debt, type: DocumentType): void {
  if (debt.status === 'closed') throw new ConflictError('the debt is closed; its file takes no more documents');
  if (debt.status === 'handed_off' && !TYPES_ALLOWED_AFTER_HANDOFF.includes(type)) {
    throw new ConflictError(`the file is frozen since handoff; only ${TYPES_ALLOWED_AFTER_HANDOFF.join(' and ')} may be added`);
  }
}
