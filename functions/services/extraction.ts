import { canonicalJson, sha256Hex } from '../core/audit-chain';
import type { Debt } from '../core/debt';
import { EXTRACTED_TYPES, extractDocumentFields } from '../core/document-fields';
import type { DocumentType } from '../core/document-types';
import { ConflictError, NotFoundError } from '../core/errors';
import { type ExtractedField, type Extraction, type ExtractionStatus, MONEY_FIELDS, DATE_FIELDS } from '../core/extraction';
import { applyReview, keepReviewed, type ReviewExtractionInput } from '../core/extraction-review';
import { sealPresentField } from '../core/seal-detection';
import type { Actor } from '../core/roles';
import type { BlobStore } from '../ports/blob-store';
import type { Clock } from '../ports/clock';
import { ExtractionFailedError, ExtractionJobPendingError, type Extractor, type ExtractorJobStarted, type ExtractorOutput } from '../ports/extractor';
import type { Table, TableItem, TableWrite } from '../ports/table';
import { recordChange } from './audit-trail';
import { withLimitationRefresh } from './limitation';
import type { EvidenceDocument } from './documents';
import { KIND_OPEN_EXTRACTION, keys, SK_PREFIX, withoutKeys } from './table-layout';

/** One extraction to run: the document of a debt. */
export interface ExtractionJob {
  debtId: string;
  documentId: string;
}

/** What is stored under `EXT#<documentId>`: the result, and the job while one runs elsewhere. */
export interface StoredExtraction extends Extraction {
  documentId: string;
  /** An asynchronous engine job (Textract) this extraction waits for. */
  job?: ExtractorJobStarted;
}

/** Reviewed values of one document, for the ledger and the readiness checks (DESIGN §8). */
export interface ReviewedDocument {
  documentId: string;
  type: DocumentType;
  documentDate?: string;
  status: ExtractionStatus;
  /** Reviewed fields only: these are the values that count. */
  fields: ExtractedField[];
  /** Money and date fields an engine read that no one has reviewed yet. */
  unreviewed: ExtractedField['name'][];
  /** Figure / uppercase mismatches and other warnings of the extraction. */
  warnings: string[];
  signedByDebtor?: EvidenceDocument['signedByDebtor'];
}

const SYSTEM: Actor = { id: 'extractor', role: 'system' };
const SIGNED_SCAN_TYPES: readonly DocumentType[] = ['visit_record', 'acknowledgement'];
const MAX_REASON = 500;

/**
 * Whether documents of `type` get an extraction when an extractor is wired (DESIGN §6).
 *
 * @example
 * isExtracted('contract') // true
 */
export function isExtracted(type: DocumentType): boolean {
  return EXTRACTED_TYPES.includes(type);
}

/**
 * The write that records a new document's extraction as pending, in the upload's transaction,
 * and lists it as open work (so a restart finds it again).
 */
export function pendingExtractionWrite(debtId: string, documentId: string, at: string): TableWrite {
  const stored: StoredExtraction = { documentId, status: 'pending', fields: [], warnings: [], updatedAt: at };
  return { put: { ...keys.extraction(debtId, documentId), ...stored, ...openIndex(debtId, documentId, at) }, condition: { absent: true } };
}

const openIndex = (debtId: string, documentId: string, at: string) => ({ gsi4pk: KIND_OPEN_EXTRACTION, gsi4sk: `${at}#${debtId}#${documentId}` });

/**
 * Extraction of amounts, dates and parties from stored documents (DESIGN §6): runs the Extractor,
 * reads the fields with the domain parsers, stores the result beside the document, keeps the
 * document's `extraction.status` in step, and writes each step into the debt's audit chain.
 * Reviewers confirm or correct fields; a reviewed value is never overwritten by a later run.
 *
 * Entry points call `run` for a queued job (embedded queue, or the AWS ingest Lambda) and
 * `completeJob` when Textract reports an asynchronous job done (textract-complete Lambda).
 */
export class ExtractionService {
  constructor(
    private readonly table: Table,
    private readonly blobs: BlobStore,
    private readonly clock: Clock,
    private readonly extractor?: Extractor,
  ) {}

  /** The extraction of a document as the API shows it. */
  async get(debtId: string, documentId: string): Promise<Extraction> {
    const document = await this.document(debtId, documentId);
    const stored = await this.stored(debtId, documentId);
    if (!stored) return { status: document.extraction.status, fields: [], warnings: [], ...(document.extraction.reason ? { reason: document.extraction.reason } : {}) };
    const { documentId: _id, job: _job, ...extraction } = stored;
    return extraction;
  }

  /**
   * Runs one queued extraction to its end (done or failed) or to an asynchronous job. Safe to call
   * twice: a finished extraction is left alone. Never throws for a bad document: the failure is
   * recorded with its reason.
   */
  async run(job: ExtractionJob): Promise<ExtractionStatus> {
    const extractor = this.extractor;
    if (!extractor) throw new Error('no extractor is configured');
    const started = await this.transition(job, ['pending', 'running'], 'running', 'extraction.started', () => ({ details: {} }));
    if (!started) return (await this.stored(job.debtId, job.documentId))?.status ?? 'not_applicable';
    const document = started.document;
    try {
      const bytes = await this.blobs.get(document.sha256);
      if (!bytes) throw new ExtractionFailedError('the stored content of the document is missing');
      const result = await extractor.extract({ bytes, contentType: document.contentType, documentType: document.type, pages: document.pages, sha256: document.sha256 });
      if (result.status === 'started') {
        await this.waitForJob(job, result);
        return 'running';
      }
      return await this.finish(job, result);
    } catch (error) {
      return this.fail(job, error);
    }
  }

  /**
   * Finishes an extraction that waited for an asynchronous engine job (Textract notified its SNS
   * topic). Unknown jobs are ignored (a late or repeated notification).
   */
  async completeJob(jobId: string): Promise<ExtractionStatus | undefined> {
    const item = await this.table.get(keys.textractJob(jobId));
    if (!item) return undefined;
    const job: ExtractionJob = { debtId: item.debtId as string, documentId: item.documentId as string };
    const stored = await this.stored(job.debtId, job.documentId);
    if (!stored?.job || stored.job.jobId !== jobId || stored.status !== 'running') return stored?.status;
    const complete = this.extractor?.complete;
    if (!complete) throw new Error('the configured extractor has no asynchronous jobs');
    try {
      return await this.finish(job, await complete.call(this.extractor, stored.job));
    } catch (error) {
      if (error instanceof ExtractionJobPendingError) return 'running';
      return this.fail(job, error);
    }
  }

  /**
   * Confirms or corrects fields. Reviewed values count for the ledger and readiness and are kept
   * through later runs. `signature_present: "true"` on a visit record or acknowledgement confirms
   * the debtor's signature on the scan (DESIGN §7: such scans count only once confirmed).
   */
  async review(actor: Actor, debt: Debt, documentId: string, input: ReviewExtractionInput): Promise<Extraction> {
    if (debt.status !== 'open') throw new ConflictError(`the file is ${debt.status === 'closed' ? 'closed' : 'frozen since handoff'}; its amounts can no longer change`);
    const { result } = await recordChange(this.table, this.clock, debt.id, actor, async () => {
      const document = await this.document(debt.id, documentId);
      if (document.status === 'void') throw new ConflictError('the document is void; its fields no longer count');
      const stored = (await this.stored(debt.id, documentId)) ?? { documentId, status: document.extraction.status, fields: [], warnings: [] };
      const at = this.clock.now().toISOString();
      const fields = applyReview(stored.fields, input.fields, { by: actor.id, at });
      const next: StoredExtraction = { ...stored, fields, updatedAt: at };
      const writes: TableWrite[] = [{ put: { ...keys.extraction(debt.id, documentId), ...next, ...(isOpen(next.status) ? openIndex(debt.id, documentId, at) : {}) } }];
      const signature = input.fields.find((field) => field.name === 'signature_present');
      let signatureChange: 'confirmed' | 'withdrawn' | undefined;
      if (signature && SIGNED_SCAN_TYPES.includes(document.type) && document.signedByDebtor?.method !== 'sealed') {
        const confirmed = signature.value === 'true';
        const updated: EvidenceDocument = { ...document };
        if (confirmed && !document.signedByDebtor) {
          updated.signedByDebtor = { method: 'confirmed_scan', confirmedBy: actor.id, at };
          signatureChange = 'confirmed';
        } else if (!confirmed && document.signedByDebtor) {
          delete updated.signedByDebtor;
          signatureChange = 'withdrawn';
        }
        if (signatureChange) writes.push({ put: { ...keys.document(debt.id, documentId), ...updated } });
      }
      // Reviewed dates and readings (promised_payment_date, document_date, remarks_confirm_debt) bear on the period.
      const refreshed = (await withLimitationRefresh(this.table, debt.id, writes)).writes;
      const detected = stored.fields.find((field) => field.name === 'signature_present' && !field.reviewed)?.value === 'true';
      return {
        action: 'extraction.reviewed',
        subject: `debt/${debt.id}/document/${documentId}`,
        details: {
          fields: input.fields.map((field) => ({ name: field.name, value: field.value, previous: stored.fields.find((f) => f.name === field.name)?.value ?? null })),
          digest: fieldsDigest(fields),
          ...(signatureChange ? { signature: signatureChange, signatureDetectedByEngine: detected } : {}),
        },
        writes: refreshed,
        result: next,
      };
    });
    const { documentId: _id, job: _job, ...extraction } = result;
    return extraction;
  }

  /**
   * Reviewed amounts and dates of every active document of a debt that has extracted fields, with
   * the warnings of each: what the ledger and the readiness checks may rely on.
   *
   * @example
   * const documents = await service.reviewedFields(debtId);
   * documents.filter((d) => d.unreviewed.length > 0) // amount documents still to review
   */
  async reviewedFields(debtId: string): Promise<ReviewedDocument[]> {
    const documents = new Map<string, EvidenceDocument>();
    for await (const item of this.partition(debtId, SK_PREFIX.document)) {
      const document = withoutKeys<EvidenceDocument>(item);
      if (document.status === 'active' && !document.supersededBy) documents.set(document.id, document);
    }
    const out: ReviewedDocument[] = [];
    for await (const item of this.partition(debtId, SK_PREFIX.extraction)) {
      const stored = withoutKeys<StoredExtraction>(item);
      const document = documents.get(stored.documentId);
      if (!document) continue;
      out.push({
        documentId: document.id,
        type: document.type,
        ...(document.documentDate ? { documentDate: document.documentDate } : {}),
        status: stored.status,
        fields: stored.fields.filter((field) => field.reviewed),
        unreviewed: stored.fields.filter((field) => !field.reviewed && (MONEY_FIELDS.includes(field.name) || DATE_FIELDS.includes(field.name))).map((field) => field.name),
        warnings: stored.warnings,
        ...(document.signedByDebtor ? { signedByDebtor: document.signedByDebtor } : {}),
      });
    }
    return out;
  }

  private async waitForJob(job: ExtractionJob, started: ExtractorJobStarted): Promise<void> {
    await this.transition(job, ['running'], 'running', 'extraction.job_started', (stored) => ({
      stored: { ...stored, job: started, engine: started.engine },
      details: { engine: started.engine, jobId: started.jobId },
      writes: [{ put: { ...keys.textractJob(started.jobId), jobId: started.jobId, ...job } }],
    }));
  }

  private async finish(job: ExtractionJob, output: ExtractorOutput): Promise<ExtractionStatus> {
    await this.transition(job, ['running'], 'done', 'extraction.completed', (stored, document) => {
      const { fields: read, warnings } = extractDocumentFields(document.type, output.lines, output.signatures);
      // A seal seen on a scan is a suggestion like any field: a reviewer confirms it (DESIGN §6).
      const extracted = output.seals ? [...read, sealPresentField(output.seals)] : read;
      const fields = keepReviewed(stored.fields, extracted);
      const { job: _job, reason: _reason, ...rest } = stored;
      return {
        stored: { ...rest, engine: output.engine, fields, warnings },
        details: { engine: output.engine, lines: output.lines.length, fields: fields.map((f) => f.name), warnings: warnings.length, digest: fieldsDigest(fields) },
      };
    });
    return 'done';
  }

  private async fail(job: ExtractionJob, error: unknown): Promise<ExtractionStatus> {
    const expected = error instanceof ExtractionFailedError;
    if (!expected) console.error(JSON.stringify({ level: 'error', message: 'extraction failed unexpectedly', ...job, error: String((error as Error)?.stack ?? error) }));
    const reason = (expected ? (error as Error).message : `the extraction engine failed: ${(error as Error)?.message ?? String(error)}`).slice(0, MAX_REASON);
    await this.transition(job, ['pending', 'running'], 'failed', 'extraction.failed', (stored) => {
      const { job: _job, ...rest } = stored;
      return { stored: { ...rest, reason }, details: { reason } };
    });
    return 'failed';
  }

  /**
   * Moves an extraction from one of `from` to `to`, with the document's summary and an audit
   * event, in one transaction. Undefined when the extraction is not in `from` (already done by
   * another run, or never pending).
   */
  private async transition(
    job: ExtractionJob,
    from: readonly ExtractionStatus[],
    to: ExtractionStatus,
    action: string,
    change: (stored: StoredExtraction, document: EvidenceDocument) => { stored?: StoredExtraction; details: Record<string, unknown>; writes?: TableWrite[] },
  ): Promise<{ document: EvidenceDocument } | undefined> {
    const { result } = await recordChange(this.table, this.clock, job.debtId, SYSTEM, async () => {
      const document = await this.document(job.debtId, job.documentId);
      const stored = await this.stored(job.debtId, job.documentId);
      if (!stored || !from.includes(stored.status)) throw new SkipChange();
      const at = this.clock.now().toISOString();
      const changed = change(stored, document);
      const next: StoredExtraction = { ...(changed.stored ?? stored), status: to, updatedAt: at };
      const summary = { status: to, ...(next.reason && to === 'failed' ? { reason: next.reason } : {}) };
      return {
        action,
        subject: `debt/${job.debtId}/document/${job.documentId}`,
        details: { status: to, ...changed.details },
        writes: [
          { put: { ...keys.extraction(job.debtId, job.documentId), ...next, ...(isOpen(to) ? openIndex(job.debtId, job.documentId, at) : {}) } },
          { put: { ...keys.document(job.debtId, job.documentId), ...document, extraction: summary } },
          ...(changed.writes ?? []),
        ],
        result: { document: { ...document, extraction: summary } },
      };
    }).catch((error: unknown) => {
      if (error instanceof SkipChange) return { result: undefined };
      throw error;
    });
    return result;
  }

  private async document(debtId: string, documentId: string): Promise<EvidenceDocument> {
    const item = await this.table.get(keys.document(debtId, documentId));
    if (!item) throw new NotFoundError('no such document');
    return withoutKeys<EvidenceDocument>(item);
  }

  private async stored(debtId: string, documentId: string): Promise<StoredExtraction | undefined> {
    const item = await this.table.get(keys.extraction(debtId, documentId));
    return item && withoutKeys<StoredExtraction>(item);
  }

  private async *partition(debtId: string, prefix: string): AsyncGenerator<TableItem> {
    let cursor: string | undefined;
    do {
      const page = await this.table.query(keys.debt(debtId).pk, { beginsWith: prefix, limit: 500, ...(cursor ? { cursor } : {}) });
      yield* page.items;
      cursor = page.cursor;
    } while (cursor);
  }
}

/** Thrown inside a change to leave it unwritten: the extraction was not in the expected state. */
class SkipChange extends Error {}

const isOpen = (status: ExtractionStatus) => status === 'pending' || status === 'running';

/** SHA-256 of the canonical JSON of the fields: what the audit event pins the result to. */
function fieldsDigest(fields: readonly ExtractedField[]): string {
  return sha256Hex(canonicalJson(fields.map(({ name, value, currency, page, reviewed }) => ({ name, value, currency: currency ?? null, page, reviewed }))));
}

/**
 * Extractions left pending or running (by a crash or a restart), oldest first: the embedded
 * service queues them again when it starts.
 */
export async function* openExtractions(table: Table): AsyncGenerator<ExtractionJob> {
  let cursor: string | undefined;
  do {
    const page = await table.queryIndex('byKind', KIND_OPEN_EXTRACTION, { limit: 500, ...(cursor ? { cursor } : {}) });
    for (const item of page.items) {
      const [debtId, documentId] = String(item.pk).startsWith('DEBT#') ? [String(item.pk).slice(5), item.documentId as string] : [];
      if (debtId && documentId && isOpen(item.status as ExtractionStatus)) yield { debtId, documentId };
    }
    cursor = page.cursor;
  } while (cursor);
}

/**
 * Extractions still `pending` since before `cutoff` (an ISO instant), oldest first: on AWS, uploads
 * whose hand-over to the extract function was lost; the scheduled function hands them over again.
 * With `running`, also those that entered `running` before it and never finished (the extract
 * function was killed, or a Textract completion notice was lost).
 *
 * @example
 * for await (const job of stalePendingExtractions(table, new Date(Date.now() - 3_600_000).toISOString())) await queue.enqueue(job);
 */
export async function* stalePendingExtractions(table: Table, cutoff: string, options: { running?: boolean } = {}): AsyncGenerator<ExtractionJob> {
  const stale = new Set<unknown>(options.running ? ['pending', 'running'] : ['pending']);
  let cursor: string | undefined;
  do {
    const page = await table.queryIndex('byKind', KIND_OPEN_EXTRACTION, { limit: 500, between: ['0', cutoff], ...(cursor ? { cursor } : {}) });
    for (const item of page.items) {
      if (stale.has(item.status) && String(item.pk).startsWith('DEBT#')) yield { debtId: String(item.pk).slice(5), documentId: item.documentId as string };
    }
    cursor = page.cursor;
  } while (cursor);
}
