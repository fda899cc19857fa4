import { type Debt, type Handoff, ledgerOf } from '../core/debt';
import { ChecksFailedError, ConflictError, NotFoundError } from '../core/errors';
import { legalDateAt } from '../core/legal-date';
import type { HandoffInput, Packet } from '../core/packet';
import type { Actor } from '../core/roles';
import type { BlobStore } from '../ports/blob-store';
import type { Clock } from '../ports/clock';
import type { Sealer } from '../ports/sealer';
import type { Table } from '../ports/table';
import type { Timestamper } from '../ports/timestamper';
import { readHead, recordChange } from './audit-trail';
import { readAll, readDebtFile } from './debt-file';
import { reportClaimSheet } from './ledger';
import type { DocumentService, EvidenceDocument } from './documents';
import type { LimitationService } from './limitation';
import type { PacketService } from './packets';
import { renderReadinessReport } from './readiness-report';
import type { ReadinessService } from './readiness';
import { sealPdf } from './sealed-pdf';
import { debtItem, keys, SK_PREFIX, withoutKeys } from './table-layout';

export interface HandoffDeps {
  table: Table;
  blobs: BlobStore;
  clock: Clock;
  sealer: Sealer;
  timestamper?: Timestamper;
  documents: DocumentService;
  readiness: ReadinessService;
  limitation: LimitationService;
  packets: PacketService;
}

export interface HandoffResult {
  debtId: string;
  status: 'handed_off';
  version: number;
  handoff: Handoff;
  report: { documentId: string; sha256: string; score: number; ready: boolean };
  packet: Pick<Packet, 'id' | 'status'>;
}

/** Audit actions that record a read, not a change to the file. */
const READ_ACTIONS = new Set(['document.read', 'packet.read']);

/**
 * Handing a debt to legal (DESIGN §8): refused while a readiness check fails unless overridden
 * with a reason; otherwise the readiness report is rendered and sealed, and in one audit event
 * the debt becomes `handed_off` (its file frozen), the report is filed as a `readiness_report`
 * document and a packet is recorded. Then legal holds go on the evidence where the store has them
 * (recorded too), and the packet is started.
 */
export class HandoffService {
  constructor(private readonly deps: HandoffDeps) {}

  async handoff(actor: Actor, debt: Debt, input: HandoffInput): Promise<HandoffResult> {
    const { table, clock } = this.deps;
    assertOpen(debt);
    const assessedAt = await readHead(table, debt.id);
    const report = await this.deps.readiness.assess(debt);
    const failing = report.checks.filter((check) => check.status === 'fail');
    if (failing.length > 0 && !input.override) {
      throw new ChecksFailedError(
        `handoff refused: ${failing.length} readiness check(s) fail (${failing.map((c) => c.id).join(', ')}); fix them, or override with a reason`,
        failing.map(({ id, title, detail }) => ({ id, title, detail })),
      );
    }
    const override = failing.length > 0 && input.override ? { reason: input.override.reason, failingChecks: failing.map((c) => c.id) } : undefined;
    const packet = this.deps.packets.newPacket(debt.id, actor, true);
    const at = clock.now().toISOString();
    const documents = (await readAll(table, debt.id, SK_PREFIX.document)).map((item) => withoutKeys<EvidenceDocument>(item));
    const sheet = reportClaimSheet(debt, await readDebtFile(table, debt.id), legalDateAt(new Date(at), debt.timeZone));
    const rendered = await renderReadinessReport({
      debt,
      ledger: ledgerOf(debt),
      limitation: await this.deps.limitation.summary(debt),
      report,
      documents,
      handedOffBy: `${actor.id} (${actor.role})`,
      at,
      ...(input.note ? { note: input.note } : {}),
      ...(override ? { override } : {}),
      packetId: packet.id,
      ...(sheet ? { claimSheet: sheet } : {}),
    });
    const sealed = await sealPdf(rendered, {
      sealer: this.deps.sealer,
      ...(this.deps.timestamper ? { timestamper: this.deps.timestamper } : {}),
      reason: `Readiness report at handoff of debt ${debt.id}`,
      signingTime: new Date(at),
    });

    let handoff: Handoff | undefined;
    let version = 0;
    const reportDocument = await this.deps.documents.addGenerated(
      actor,
      debt.id,
      { type: 'readiness_report', title: '移交时诉讼准备报告 Readiness report at handoff', documentDate: legalDateAt(new Date(at), debt.timeZone) },
      { bytes: sealed.bytes, filename: `readiness-report-${debt.id}.pdf` },
      {
        event: { action: 'debt.handed_off', subject: `debt/${debt.id}` },
        prepare: async (document) => {
          const current = withoutKeys<Debt>((await table.get(keys.debt(debt.id))) ?? notFound());
          assertOpen(current);
          await this.assertUnchangedSince(debt.id, assessedAt.seq);
          handoff = {
            at,
            by: actor.id,
            ...(input.note ? { note: input.note } : {}),
            ...(override ? { override } : {}),
            score: report.score,
            reportDocumentId: document.id,
            packetId: packet.id,
          };
          version = current.version + 1;
          const next: Debt = { ...current, status: 'handed_off', version, updatedAt: at, handoff };
          return {
            writes: [{ put: debtItem(next), condition: { attribute: 'version', equals: current.version } }, this.deps.packets.packetWrite(packet)],
            details: {
              documentId: document.id,
              fromStatus: current.status,
              toStatus: 'handed_off',
              fromVersion: current.version,
              handoff,
              readiness: { ready: report.ready, score: report.score, checks: report.checks.map(({ id, status }) => ({ id, status })) },
              timestamp: sealed.timestamp,
            },
          };
        },
      },
    );
    await this.holdEvidence(actor, debt.id, [...documents.map((d) => d.sha256), reportDocument.sha256]);
    this.deps.packets.start(packet);
    return {
      debtId: debt.id,
      status: 'handed_off',
      version,
      handoff: handoff as Handoff,
      report: { documentId: reportDocument.id, sha256: reportDocument.sha256, score: report.score, ready: report.ready },
      packet: { id: packet.id, status: packet.status },
    };
  }

  /**
   * The report describes the file as it was when assessed: any change since (other than reads)
   * makes it stale, and the handoff is refused rather than sealed with an outdated report.
   */
  private async assertUnchangedSince(debtId: string, seq: number): Promise<void> {
    const head = await readHead(this.deps.table, debtId);
    if (head.seq === seq) return;
    const since = await this.deps.table.query(keys.debt(debtId).pk, { between: [keys.event(debtId, seq + 1).sk, keys.event(debtId, head.seq).sk], limit: 1000 });
    const change = since.items.find((event) => !READ_ACTIONS.has(event.action as string));
    if (change || since.cursor) throw new ConflictError(`the file changed while the readiness report was being made (${change?.action ?? 'many events'}); hand off again`);
  }

  /**
   * Legal holds on every blob of the file, where the store has them (S3 Object Lock); done after
   * the handoff is recorded and written into the chain, failures included.
   */
  private async holdEvidence(actor: Actor, debtId: string, hashes: string[]): Promise<void> {
    const { blobs } = this.deps;
    if (!blobs.placeLegalHold) return;
    const unique = [...new Set(hashes)];
    const failed: Array<{ sha256: string; error: string }> = [];
    for (const sha256 of unique) {
      await blobs.placeLegalHold(sha256).catch((error: unknown) => failed.push({ sha256, error: (error as Error).message }));
    }
    await recordChange(this.deps.table, this.deps.clock, debtId, actor, async () => ({
      action: 'evidence.legal_hold_placed',
      subject: `debt/${debtId}`,
      details: { held: unique.filter((sha256) => !failed.some((f) => f.sha256 === sha256)), failed },
      writes: [],
      result: undefined,
    }));
  }
}

function assertOpen(debt: Debt): void {
  if (debt.status === 'handed_off') throw new ConflictError(`the debt was handed off already${debt.handoff ? ` on ${debt.handoff.at} by ${debt.handoff.by}` : ''}`);
  if (debt.status !== 'open') throw new ConflictError(`a ${debt.status} debt cannot be handed off`);
}

function notFound(): never {
  throw new NotFoundError('no such debt');
}
