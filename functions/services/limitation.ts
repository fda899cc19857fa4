import { canonicalJson } from '../core/audit-chain';
import type { Debt } from '../core/debt';
import { NotFoundError } from '../core/errors';
import { legalDateAt } from '../core/legal-date';
import { computeLimitation, limitationOn, limitationTimeline, snapshotOf } from '../core/limitation/engine';
import type { LimitationFacts, LimitationResult, LimitationSnapshot, LimitationStatus } from '../core/limitation/types';
import type { Clock } from '../ports/clock';
import type { Table, TableWrite } from '../ports/table';
import { type DebtFile, readDebtFile } from './debt-file';
import { debtItem, EXPIRY_PARTITION, keys, withoutKeys } from './table-layout';

/** The limitation summary shown with a debt: the §7 result without its events and explanation. */
export type LimitationSummary = Pick<LimitationResult, 'regime' | 'status' | 'startsOn' | 'expiresOn' | 'longStopOn' | 'daysLeft'>;

/** One line of `GET /v1/limitation/expiring`. */
export interface ExpiringDebt {
  debtId: string;
  debtor: string;
  regime: Debt['jurisdiction'];
  status: LimitationStatus;
  expiresOn: string;
  daysLeft: number;
  assignees: Debt['assignees'];
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
    documents: file.documents,
  };
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
    const { regime, status, startsOn, expiresOn, longStopOn, daysLeft } = result;
    return { regime, status, startsOn, expiresOn, longStopOn, daysLeft };
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
    let cursor = page.cursor;
    do {
      const result = await this.table.queryIndex('byExpiry', EXPIRY_PARTITION, { limit: page.limit - items.length, between: [from, `${to}#\u{10FFFF}`], ...(cursor ? { cursor } : {}) });
      // The index may lag (DynamoDB global indexes are eventually consistent): read the debts themselves.
      const debts = await this.table.getMany(result.items.map((item) => keys.debt(item.id as string)));
      for (const debt of debts.map((item) => withoutKeys<Debt>(item))) {
        if (!debt.limitationSnapshot || debt.status === 'closed') continue;
        const summary = await this.summary(debt);
        if (summary.expiresOn === null || summary.daysLeft === null || summary.daysLeft < 0 || summary.daysLeft > withinDays) continue;
        items.push({ debtId: debt.id, debtor: debt.debtor.name, regime: summary.regime, status: summary.status, expiresOn: summary.expiresOn, daysLeft: summary.daysLeft, assignees: debt.assignees });
      }
      cursor = result.cursor;
    } while (cursor && items.length < page.limit);
    return { items, ...(cursor ? { nextCursor: cursor } : {}) };
  }

  private today(debt: Debt): string {
    return legalDateAt(this.clock.now(), debt.timeZone);
  }
}
