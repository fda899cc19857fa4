import Decimal from 'decimal.js';
import { type Debt, ledgerOf, limitationStartDate } from './debt';
import { daysBetween, legalDateAt } from './legal-date';
import { formatMoney } from './money';

/** Age buckets by days past the (last) due date, as finance reports them. */
export const AGING_BUCKETS = [
  { id: 'not_due', maxDays: 0 },
  { id: '1-90', maxDays: 90 },
  { id: '91-180', maxDays: 180 },
  { id: '181-365', maxDays: 365 },
  { id: '1-2y', maxDays: 730 },
  { id: '2-3y', maxDays: 1095 },
  { id: 'over-3y', maxDays: Number.POSITIVE_INFINITY },
] as const;
export type AgingBucketId = (typeof AGING_BUCKETS)[number]['id'] | 'no_due_date';

export interface AgingRow {
  bucket: AgingBucketId;
  currency: string;
  debts: number;
  outstanding: string;
}

/**
 * Outstanding amounts of open and handed-off debts by age, per currency, each debt aged by the
 * calendar of its own legal time zone at `asOf`. A debt without a due date is in `no_due_date`; a
 * debt with nothing outstanding is left out.
 *
 * @example
 * agingReport([debt], new Date('2026-11-29T02:00:00Z')) // [{ bucket: '1-2y', currency: 'CNY', debts: 1, outstanding: '1234567.89' }]
 */
export function agingReport(debts: Iterable<Debt>, asOf: Date): AgingRow[] {
  const totals = new Map<string, { debts: number; outstanding: Decimal }>();
  for (const debt of debts) {
    const { outstanding } = ledgerOf(debt);
    if (debt.status === 'closed' || outstanding === null || new Decimal(outstanding).lte(0)) continue;
    const due = limitationStartDate(debt);
    const today = legalDateAt(asOf, debt.timeZone);
    const bucket: AgingBucketId = due === undefined ? 'no_due_date' : (AGING_BUCKETS.find((b) => daysBetween(due, today) <= b.maxDays)?.id ?? 'over-3y');
    const key = `${bucket}\u0000${debt.currency}`;
    const total = totals.get(key) ?? { debts: 0, outstanding: new Decimal(0) };
    totals.set(key, { debts: total.debts + 1, outstanding: total.outstanding.plus(outstanding) });
  }
  const order: AgingBucketId[] = [...AGING_BUCKETS.map((b) => b.id), 'no_due_date'];
  return [...totals.entries()]
    .map(([key, total]) => {
      const [bucket, currency] = key.split('\u0000') as [AgingBucketId, string];
      return { bucket, currency, debts: total.debts, outstanding: formatMoney(total.outstanding) };
    })
    .sort((a, b) => order.indexOf(a.bucket) - order.indexOf(b.bucket) || a.currency.localeCompare(b.currency));
}
