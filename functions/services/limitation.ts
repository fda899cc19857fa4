import { canonicalJson } from '../core/audit-chain';
import type { Debt } from '../core/debt';
import { NotFoundError } from '../core/errors';
import { legalDateAt } from '../core/legal-date';
import { computeLimitation, limitationOn, limitationTimeline, snapshotOf } from '../core/limitation/engine';
import type { EvidenceFacts, LimitationFacts, LimitationFieldName, LimitationResult, LimitationSnapshot, LimitationStatus } from '../core/limitation/types';
import type { Clock } from '../ports/clock';
import type { Table, TableWrite } from '../ports/table';
import { type DebtFile, readDebtFile } from './debt-file';
import type { StoredExtraction } from './extraction';
import { ATTENTION_PREFIX, debtItem, EXPIRY_PARTITION, keys, withoutKeys } from './table-layout';

/** Marks a cursor of `expiring` that is in the range of debts needing attention. */
const ATTENTION_CURSOR = 'attention:';

/** The limitation summary shown with a debt: the §7 result without its events and explanation. */
export type LimitationSummary = Pick<LimitationResult, 'regime' | 'status' | 'startsOn' | 'expiresOn' | 'longStopOn' | 'daysLeft'> & { needsAttention?: string };

/** One line of `GET /v1/limitation/expiring`. */
export interface ExpiringDebt {
  debtId: string;
  debtor: string;
  regime: Debt['jurisdiction'];
  status: LimitationStatus;
  /** Null for a debt listed because it needs attention (no computable last day). */
  expiresOn: string | null;
  daysLeft: number | null;
  assignees: Debt['assignees'];
  /** Why the debt has no computable last day, and what to record. */
  needsAttention?: string;
}

/** The engine's input for a debt and its file. */
export function limitationFactsOf(debt: Debt, file: DebtFile): LimitationFacts {
  return {
    jurisdiction: debt.jurisdiction,
    timeZone: debt.timeZone,
    ...(debt.dueDate ? { dueDate: debt.dueDate } : {}),
    ...(debt.installments ? { installments: debt.installments } : {}),
    events: file.events,
    payments: file.payments,
    documents: file.documents.map((document) => {
      const extraction = file.extractions.find((candidate) => candidate.documentId === document.id);
      return extraction ? { ...document, fields: limitationFields(extraction) } : document;
    }),
  };
}

const LIMITATION_FIELDS: readonly LimitationFieldName[] = ['document_date', 'promised_payment_date', 'debtor_remarks', 'remarks_confirm_debt'];

/** The fields of an extraction the engine reads: reviewed values, and what an engine read. */
function limitationFields(extraction: StoredExtraction): NonNullable<EvidenceFacts['fields']> {
  const fields = { reviewed: {} as Record<string, string>, extracted: {} as Record<string, string> };
  for (const field of extraction.fields) {
    if (!LIMITATION_FIELDS.includes(field.name as LimitationFieldName)) continue;
    if (field.reviewed) fields.reviewed[field.name] = field.value;
    const read = field.reviewed ? field.extractedValue : field.value;
    if (read !== undefined && field.page > 0) fields.extracted[field.name] = read;
  }
  return fields;
}

/**
 * Completes the writes of a change to a debt so that its stored limitation snapshot, and with it
 * its key in the byExpiry index (`gsi2sk = <expiresOn>#<id>`), equal what the engine computes
 * once the change is applied. Call it inside `recordChange`'s prepare with the change's own
 * writes: the snapshot then lands in the same transaction, and a lost race recomputes it.
 *
 * If the writes put the debt itself, that put gets the new snapshot; otherwise the debt is read
 * and put again (same version) only when its snapshot changes. Every write that can change
 * the period goes through here: debts created or patched, payments, limitation events,
 * documents added, voided or signed.
 *
 * @example
 * const { writes, snapshot } = await withLimitationRefresh(table, debtId, [{ put: { ...keys.payment(debtId, id), ...payment } }]);
 */
export async function withLimitationRefresh(table: Table, debtId: string, writes: readonly TableWrite[]): Promise<{ writes: TableWrite[]; snapshot: LimitationSnapshot }> {
  const metaKey = keys.debt(debtId);
  const position = writes.findIndex((write) => 'put' in write && write.put.pk === metaKey.pk && write.put.sk === metaKey.sk);
  const metaWrite = writes[position];
  const stored = metaWrite && 'put' in metaWrite ? metaWrite.put : await table.get(metaKey);
  if (!stored) throw new NotFoundError('no such debt');
  const debt = withoutKeys<Debt>(stored);
  const snapshot = snapshotOf(limitationTimeline(limitationFactsOf(debt, await readDebtFile(table, debtId, writes))));
  const put = debtItem({ ...debt, limitationSnapshot: snapshot });
  if (metaWrite && 'put' in metaWrite) return { writes: writes.map((write, i) => (i === position ? { ...metaWrite, put } : write)), snapshot };
  if (debt.limitationSnapshot && canonicalJson(debt.limitationSnapshot) === canonicalJson(snapshot)) return { writes: [...writes], snapshot };
  return { writes: [...writes, { put, condition: { attribute: 'version', equals: debt.version } }], snapshot };
}

/**
 * The limitation period of debts: the full result of one debt from its file, the summary of
 * many from their stored snapshots, and the debts whose period ends soon from the expiry index.
 */
export class LimitationService {
  constructor(
    private readonly table: Table,
    private readonly clock: Clock,
  ) {}

  /** DESIGN §7 result for a debt, computed from its file. */
  async forDebt(debt: Debt): Promise<LimitationResult> {
    const file = await readDebtFile(this.table, debt.id);
    return computeLimitation(limitationFactsOf(debt, file), this.today(debt));
  }

  /** The summary shown with a debt; from its stored snapshot, or its file when it has none yet. */
  async summary(debt: Debt): Promise<LimitationSummary> {
    const result = debt.limitationSnapshot ? limitationOn({ ...debt.limitationSnapshot, events: [], explanation: [] }, this.today(debt)) : await this.forDebt(debt);
    const { regime, status, startsOn, expiresOn, longStopOn, daysLeft, needsAttention } = result;
    return { regime, status, startsOn, expiresOn, longStopOn, daysLeft, ...(needsAttention ? { needsAttention } : {}) };
  }

  /**
   * Debts whose period ends within `withinDays` (0 = today), soonest first, read from the byExpiry
   * index rather than by scanning debts. The index holds each debt under its last day as of its
   * last change; the status on today is recomputed from the stored snapshot, so a debt whose
   * open obstacle has since reached the last six months (suspended) drops out.
   */
  async expiring(withinDays: number, page: { limit: number; cursor?: string }): Promise<{ items: ExpiringDebt[]; nextCursor?: string }> {
    const now = this.clock.now().getTime();
    // Debts keep their own time zones: read a day more on each side, then filter exactly.
    const from = legalDateAt(new Date(now - 86_400_000), 'UTC');
    const to = legalDateAt(new Date(now + (withinDays + 1) * 86_400_000), 'UTC');
    const items: ExpiringDebt[] = [];
    // Two ranges of the index, dated debts first, then those needing attention; the cursor says which.
    let attention = page.cursor?.startsWith(ATTENTION_CURSOR) ?? false;
    let cursor = attention ? page.cursor?.slice(ATTENTION_CURSOR.length) || undefined : page.cursor;
    for (;;) {
      const between: [string, string] = attention ? [ATTENTION_PREFIX, `${ATTENTION_PREFIX}\u{10FFFF}`] : [from, `${to}#\u{10FFFF}`];
      const result = await this.table.queryIndex('byExpiry', EXPIRY_PARTITION, { limit: page.limit - items.length, between, ...(cursor ? { cursor } : {}) });
      // The index may lag (DynamoDB global indexes are eventually consistent): read the debts themselves.
      const debts = await this.table.getMany(result.items.map((item) => keys.debt(item.id as string)));
      for (const debt of debts.map((item) => withoutKeys<Debt>(item))) {
        if (!debt.limitationSnapshot || debt.status === 'closed') continue;
        const summary = await this.summary(debt);
        const line = { debtId: debt.id, debtor: debt.debtor.name, regime: summary.regime, status: summary.status, expiresOn: summary.expiresOn, daysLeft: summary.daysLeft, assignees: debt.assignees };
        if (summary.needsAttention) items.push({ ...line, needsAttention: summary.needsAttention });
        else if (summary.daysLeft !== null && summary.daysLeft >= 0 && summary.daysLeft <= withinDays) items.push(line);
      }
      cursor = result.cursor;
      if (items.length >= page.limit) break;
      if (!cursor && attention) break;
      if (!cursor) attention = true;
    }
    const next = cursor ? `${attention ? ATTENTION_CURSOR : ''}${cursor}` : attention ? undefined : ATTENTION_CURSOR;
    return { items, ...(next ? { nextCursor: next } : {}) };
  }

  private today(debt: Debt): string {
    return legalDateAt(this.clock.now(), debt.timeZone);
  }
}
