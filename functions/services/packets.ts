import { commonName, toPem } from '../pki/certificates';
import { type AuditEvent, type ChainHead, sha256Hex, verifyChain } from '../core/audit-chain';
import { type Debt } from '../core/debt';
import { DOCUMENT_TYPES } from '../core/document-types';
import { ConflictError, NotFoundError } from '../core/errors';
import { newId } from '../core/ids';
import { legalDateAt } from '../core/legal-date';
import { caseReference, exhibitPath, NOT_EXHIBITS, type Packet } from '../core/packet';
import type { Actor } from '../core/roles';
import type { BlobStore } from '../ports/blob-store';
import type { Clock } from '../ports/clock';
import type { PacketJob, PacketJobs } from '../ports/packet-jobs';
import type { Sealer } from '../ports/sealer';
import type { Table, TableItem, TableWrite } from '../ports/table';
import type { Timestamper } from '../ports/timestamper';
import { allEvents, readHead, recordChange, verifyTrail } from './audit-trail';
import { CHECKPOINT_PARTITION, type SignedCheckpoint } from './checkpoint';
import { readAll, readDebtFile } from './debt-file';
import { DOWNLOAD_URL_SECONDS, type EvidenceDocument } from './documents';
import { TableExtractionFacts } from './extraction-facts';
import { LedgerService, reportClaimSheet } from './ledger';
import { LimitationService } from './limitation';
import { assemblePacketPdf, type PacketExhibit } from './packet-pdf';
import { packetReadme } from './packet-readme';
import { digestOf, type ZipEntry, zipStream } from './packet-zip';
import { ReadinessService, type SealVerifier } from './readiness';
import { sealPdf } from './sealed-pdf';
import { sealVerifierFor } from './verification';
import { KIND_PACKET_BUILDING, keys, SK_PREFIX, withoutKeys } from './table-layout';

/** Which file of a packet. */
export type PacketPart = 'pdf' | 'zip';

const CONTENT_TYPES: Record<PacketPart, string> = { pdf: 'application/pdf', zip: 'application/zip' };
const SYSTEM: Actor = { id: 'system', role: 'system' };

/**
 * Litigation packets of a debt (DESIGN §10): requesting one (a `building` record in the audit
 * transaction, then a job), reading its status, and downloading its files (each download an
 * audit event, like a document read).
 */
export class PacketService {
  constructor(
    private readonly table: Table,
    private readonly blobs: BlobStore,
    private readonly clock: Clock,
    private readonly jobs: PacketJobs,
  ) {}

  /** A new packet record, not yet stored. */
  newPacket(debtId: string, actor: Actor, handoff = false): Packet {
    return { id: newId(), debtId, status: 'building', requestedBy: actor.id, requestedAt: this.clock.now().toISOString(), ...(handoff ? { handoff } : {}) };
  }

  /** The write that stores a new packet; it stays in the "building" index until it is built. */
  packetWrite(packet: Packet): TableWrite {
    return { put: { ...keys.packet(packet.debtId, packet.id), ...packet, gsi4pk: KIND_PACKET_BUILDING, gsi4sk: `${packet.debtId}#${packet.id}` }, condition: { absent: true } };
  }

  /** Starts building a stored packet. */
  start(packet: Packet): void {
    this.jobs.enqueue({ debtId: packet.debtId, packetId: packet.id });
  }

  /** Records a request for a packet and starts it. */
  async request(actor: Actor, debt: Debt): Promise<Packet> {
    const packet = this.newPacket(debt.id, actor);
    await recordChange(this.table, this.clock, debt.id, actor, async () => ({
      action: 'packet.requested',
      subject: `debt/${debt.id}/packet/${packet.id}`,
      details: { packetId: packet.id },
      writes: [this.packetWrite(packet)],
      result: undefined,
    }));
    this.start(packet);
    return packet;
  }

  /** The packets of a debt, oldest first (ids sort by time). */
  async list(debtId: string, page: { limit: number; cursor?: string }): Promise<{ items: Packet[]; nextCursor?: string }> {
    const result = await this.table.query(keys.debt(debtId).pk, { beginsWith: SK_PREFIX.packet, ...page });
    return { items: result.items.map((item) => withoutKeys<Packet>(item)), ...(result.cursor ? { nextCursor: result.cursor } : {}) };
  }

  async get(debtId: string, packetId: string): Promise<Packet> {
    const item = await this.table.get(keys.packet(debtId, packetId));
    if (!item) throw new NotFoundError('no such packet');
    return withoutKeys<Packet>(item);
  }

  /**
   * A packet's PDF or ZIP, after the read is written into the audit chain: a short-lived URL
   * where the store offers one, else the bytes.
   */
  async read(
    actor: Actor,
    debtId: string,
    packetId: string,
    part: PacketPart,
    context: Record<string, string>,
  ): Promise<{ blob: { sha256: string; size: number }; filename: string; contentType: string } & ({ body: AsyncIterable<Uint8Array> } | { url: string })> {
    const packet = await this.get(debtId, packetId);
    const blob = packet[part];
    if (packet.status !== 'ready' || !blob) throw new ConflictError(packet.status === 'failed' ? `the packet failed to build: ${packet.error}` : 'the packet is still being built');
    const filename = `packet-${packet.caseRef ?? debtId}-${packet.id.slice(-12)}.${part}`;
    const contentType = CONTENT_TYPES[part];
    const url = this.blobs.downloadUrl && (await this.blobs.stat(blob.sha256)) ? await this.blobs.downloadUrl(blob.sha256, { filename, contentType, expiresInSeconds: DOWNLOAD_URL_SECONDS }) : undefined;
    const body = url ? undefined : await this.blobs.open(blob.sha256);
    if (!url && !body) throw new ConflictError('the stored packet file is missing; run audit verification');
    await recordChange(this.table, this.clock, debtId, actor, async () => ({
      action: 'packet.read',
      subject: `debt/${debtId}/packet/${packetId}`,
      details: { part, sha256: blob.sha256, ...context },
      writes: [],
      result: undefined,
    }));
    return { blob: { sha256: blob.sha256, size: blob.size }, filename, contentType, ...(url ? { url } : { body: body as AsyncIterable<Uint8Array> }) };
  }

  /** Packets still building, across debts (to re-queue after a restart). */
  async *building(): AsyncGenerator<PacketJob> {
    let cursor: string | undefined;
    do {
      const page = await this.table.queryIndex('byKind', KIND_PACKET_BUILDING, { limit: 100, ...(cursor ? { cursor } : {}) });
      yield* page.items.map((item) => ({ debtId: item.debtId as string, packetId: item.id as string }));
      cursor = page.cursor;
    } while (cursor);
  }
}

export interface PacketBuilderDeps {
  table: Table;
  blobs: BlobStore;
  clock: Clock;
  sealer: Sealer;
  timestamper?: Timestamper;
  /** Roots the readiness check verifies sealed exhibits against. */
  trustedRoots: readonly Uint8Array[];
  sealVerifier?: SealVerifier;
}

/** What a finished build stores on the packet. */
interface Built {
  caseRef: string;
  pdf: { sha256: string; size: number; pages: number };
  zip: { sha256: string; size: number };
  exhibits: number;
}

/**
 * Builds packets (the job): gathers the debt's file, assembles and seals the PDF, streams the
 * ZIP into the BlobStore, and records the packet `ready` (or `failed`, with the reason) in the
 * audit chain. Building a packet that is no longer `building` does nothing, so a job that runs
 * twice (a re-queue after a restart, a retried stream record) is harmless.
 */
export class PacketBuilder {
  private readonly readiness: ReadinessService;
  private readonly ledger: LedgerService;
  private readonly limitation: LimitationService;
  private readonly extraction: TableExtractionFacts;

  constructor(private readonly deps: PacketBuilderDeps) {
    const extraction = new TableExtractionFacts(deps.table);
    this.extraction = extraction;
    this.readiness = new ReadinessService(deps.table, deps.blobs, deps.clock, extraction, deps.sealVerifier ?? sealVerifierFor(deps.trustedRoots));
    this.ledger = new LedgerService(deps.table, deps.clock, extraction);
    this.limitation = new LimitationService(deps.table, deps.clock);
  }

  async build(job: PacketJob): Promise<Packet | undefined> {
    const item = await this.deps.table.get(keys.packet(job.debtId, job.packetId));
    if (!item || item.status !== 'building') return item && withoutKeys<Packet>(item);
    try {
      const built = await this.assemble(job, withoutKeys<Packet>(item));
      return await this.finish(job, 'packet.built', { status: 'ready', ...built, builtAt: this.deps.clock.now().toISOString() });
    } catch (error) {
      console.error(JSON.stringify({ level: 'error', message: 'packet build failed', ...job, error: String((error as Error)?.stack ?? error) }));
      return this.finish(job, 'packet.failed', { status: 'failed', error: (error as Error).message || String(error) });
    }
  }

  private async assemble(job: PacketJob, packet: Packet): Promise<Built> {
    const { table, blobs, clock } = this.deps;
    const debt = withoutKeys<Debt>((await table.get(keys.debt(job.debtId))) as TableItem);
    const generatedAt = clock.now().toISOString();
    const caseRef = caseReference(debt);
    const documents = exhibitsOf((await readAll(table, debt.id, SK_PREFIX.document)).map((i) => withoutKeys<EvidenceDocument>(i)));
    // A snapshot of the chain: events up to the head read first, whatever is appended meanwhile.
    const head = await readHead(table, debt.id);
    const events: AuditEvent[] = [];
    for await (const event of allEvents(table, debt.id)) if (event.seq <= head.seq) events.push(event);
    const chain = verifyChain(events, head);
    const [trail, ledger, limitation, readiness, checkpoint, extractions] = await Promise.all([
      verifyTrail(table, blobs, debt.id),
      this.ledger.ledger(debt),
      this.limitation.summary(debt),
      this.readiness.assess(debt),
      this.latestCheckpoint(debt.id),
      this.extraction.extractions(debt.id),
    ]);
    const sheet = reportClaimSheet(debt, await readDebtFile(table, debt.id), legalDateAt(new Date(generatedAt), debt.timeZone));
    const exhibitIds = new Set(documents.map((d) => d.id));
    const signatureReviewed = new Set(
      extractions.filter((e) => e.extraction.fields.some((f) => f.reviewed && (f.name === 'signature_present' || f.name === 'seal_present') && f.value === 'true')).map((e) => e.documentId),
    );
    const exhibits: PacketExhibit[] = documents.map((document, index) => ({
      number: index + 1,
      document,
      ...(signatureReviewed.has(document.id) ? { signatureReviewed: true } : {}),
      read: () => this.readVerified(document),
    }));
    const assembled = await assemblePacketPdf({
      packetId: packet.id,
      generatedAt,
      caseRef,
      debt,
      amounts: { currency: debt.currency, claimed: ledger.claimedPrincipal, basis: ledger.basis, paid: ledger.paid, outstanding: ledger.outstanding, outstandingOnBasis: ledger.outstandingOnBasis },
      limitation,
      readiness: { score: readiness.score, ready: readiness.ready },
      ...(sheet ? { claimSheet: sheet } : {}),
      exhibits,
      audit: {
        length: chain.length,
        head,
        valid: chain.valid && trail.blobs.mismatched.length === 0,
        ...(chain.reason ? { reason: chain.reason } : {}),
        blobs: { checked: trail.blobs.checked, mismatched: trail.blobs.mismatched.length },
        events: events.filter((e) => exhibitIds.has(/\/document\/([^/]+)$/.exec(e.subject)?.[1] ?? '')),
        ...(checkpoint ? { checkpoint } : {}),
      },
    });
    const sealed = await sealPdf(assembled.bytes, {
      sealer: this.deps.sealer,
      ...(this.deps.timestamper ? { timestamper: this.deps.timestamper } : {}),
      reason: `Litigation packet ${caseRef} (${packet.id})`,
      signingTime: new Date(generatedAt),
    });
    const pdf = await blobs.put(sealed.bytes);

    const pdfPath = `packet-${caseRef}.pdf`;
    const sealChain = await this.deps.sealer.certificateChain();
    const made = (path: string, text: string) => ({ path, bytes: new TextEncoder().encode(text) });
    const madeEntries = [
      made('README.txt', packetReadme({ caseRef, packetId: packet.id, debtId: debt.id, pdfPath, generatedAt, head })),
      made('audit.jsonl', events.map((e) => `${JSON.stringify(e)}\n`).join('')),
      made('seal-chain.pem', sealChain.map((der) => toPem(der)).join('')),
    ];
    const stored = exhibits.map((e) => ({
      path: exhibitPath(e.number, exhibits.length, e.document.type, e.document.filename),
      sha256: e.document.sha256,
      size: e.document.size,
      open: () => blobs.open(e.document.sha256),
      exhibit: e,
    }));
    const manifest = {
      kind: 'evidence-file.packet',
      version: 1,
      packetId: packet.id,
      debtId: debt.id,
      caseRef,
      generatedAt,
      chain: { length: chain.length, head },
      seal: { certificate: commonName(sealChain[0] as Uint8Array), timestamp: sealed.timestamp },
      packetPdf: { path: pdfPath, ...pdf, pages: assembled.pages },
      files: [
        ...madeEntries.map((entry) => ({ path: entry.path, ...digestOf(entry.bytes) })),
        { path: pdfPath, ...pdf },
        ...stored.map((s) => ({ path: s.path, sha256: s.sha256, size: s.size, exhibit: s.exhibit.number, documentId: s.exhibit.document.id, type: s.exhibit.document.type })),
      ],
    };
    const manifestEntry = made('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
    const sums = [...manifest.files, { path: manifestEntry.path, ...digestOf(manifestEntry.bytes) }].map((f) => `${f.sha256}  ${f.path}\n`).join('');
    const entries: ZipEntry[] = [
      ...madeEntries,
      manifestEntry,
      made('SHA256SUMS', sums),
      { path: pdfPath, sha256: pdf.sha256, size: pdf.size, open: () => blobs.open(pdf.sha256) },
      ...stored,
    ];
    const zip = await blobs.put(zipStream(entries, new Date(generatedAt)));
    return { caseRef, pdf: { ...pdf, pages: assembled.pages }, zip, exhibits: exhibits.length };
  }

  /** An exhibit's bytes, refused unless they still hash to the document's SHA-256. */
  private async readVerified(document: EvidenceDocument): Promise<Uint8Array> {
    const bytes = await this.deps.blobs.get(document.sha256);
    if (!bytes) throw new Error(`the stored file of document ${document.id} is missing`);
    if (sha256Hex(bytes) !== document.sha256) throw new Error(`the stored file of document ${document.id} no longer matches its SHA-256 ${document.sha256}`);
    return bytes;
  }

  /** The newest signed checkpoint, with this debt's head in it if it is there. */
  private async latestCheckpoint(debtId: string) {
    const [record] = (await this.deps.table.query(CHECKPOINT_PARTITION, { limit: 1, descending: true })).items;
    if (!record) return undefined;
    const body = await this.deps.blobs.get(record.sha256 as string);
    const checkpoint = body && (JSON.parse(new TextDecoder().decode(body)) as SignedCheckpoint);
    const head = checkpoint?.heads.find((h) => h.debtId === debtId);
    return {
      at: record.at as string,
      root: record.root as string,
      chains: record.chains as number,
      sha256: record.sha256 as string,
      algorithm: record.algorithm as string,
      certificateSha256: record.certificateSha256 as string,
      ...(head ? { head: { seq: head.seq, hash: head.hash } satisfies ChainHead } : {}),
    };
  }

  /**
   * Records as failed a packet requested before `requestedBefore` (an ISO instant) that is still
   * building: no build will finish it (the builder was killed for memory or time and its retries
   * ran out). A packet that is built, failed or newer is left as it is.
   *
   * @example
   * await builder.abandon({ debtId, packetId }, new Date(Date.now() - 7_200_000).toISOString(), 'the build did not finish within 2 hours');
   */
  async abandon(job: PacketJob, requestedBefore: string, reason: string): Promise<Packet | undefined> {
    const item = await this.deps.table.get(keys.packet(job.debtId, job.packetId));
    if (!item || item.status !== 'building' || String(item.requestedAt) >= requestedBefore) return undefined;
    return this.finish(job, 'packet.failed', { status: 'failed', error: reason });
  }

  /** Records the outcome, unless another run recorded one first. */
  private async finish(job: PacketJob, action: string, outcome: Partial<Packet> & Partial<Built>): Promise<Packet> {
    try {
      const { result } = await recordChange(this.deps.table, this.deps.clock, job.debtId, SYSTEM, async () => {
        const current = await this.deps.table.get(keys.packet(job.debtId, job.packetId));
        if (current?.status !== 'building') throw new ConflictError('the packet was finished meanwhile');
        const { gsi4pk: _p, gsi4sk: _s, ...rest } = current;
        const next = { ...withoutKeys<Packet>(rest), ...outcome };
        return {
          action,
          subject: `debt/${job.debtId}/packet/${job.packetId}`,
          details: { packetId: job.packetId, ...outcome },
          // Without the index attributes, the packet leaves the "building" index.
          writes: [{ put: { ...rest, ...outcome }, condition: { attribute: 'status', equals: 'building' } }],
          result: next,
        };
      });
      return result;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return withoutKeys<Packet>((await this.deps.table.get(keys.packet(job.debtId, job.packetId))) as TableItem);
    }
  }
}

/**
 * The exhibits of a file: active documents in their newest version, evidence types only, in
 * the order of DESIGN §5's table (contract first), then by date and id.
 */
export function exhibitsOf(documents: readonly EvidenceDocument[]): EvidenceDocument[] {
  const rank = (d: EvidenceDocument) => DOCUMENT_TYPES.indexOf(d.type);
  const when = (d: EvidenceDocument) => d.documentDate ?? d.uploadedAt.slice(0, 10);
  return documents
    .filter((d) => d.status === 'active' && !d.supersededBy && !NOT_EXHIBITS.includes(d.type))
    .sort((a, b) => rank(a) - rank(b) || when(a).localeCompare(when(b)) || a.id.localeCompare(b.id));
}
