import Decimal from 'decimal.js';
import { type Debt, ledgerOf } from '../debt';
import type { LegalDate } from '../legal-date';
import { formatMoney } from '../money';
import type { RecoveredPayment } from './commissions';
import type { Indicator } from './indicators';
import { NO_UNIT } from './units';

/** One row of the monthly statistics (work plan (3)): a unit's, or a person's. */
export interface MonthlyRow {
  /** Unit id, or the collector's user id (`(none)` for debts without one). */
  key: string;
  currency: string;
  /** Debtors (户数) and debts (笔数) still outstanding at the end of the month. */
  debtors: number;
  debts: number;
  outstanding: string;
  paymentsInMonth: number;
  recoveredInMonth: string;
  recoveredYearToDate: string;
  /** The annual indicator, CNY rows only; null when none is set. */
  target: string | null;
  /** recoveredYearToDate / target in percent, two decimals. */
  completionPercent: string | null;
}

export interface MonthlyStatistics {
  month: string;
  monthEnd: LegalDate;
  units: MonthlyRow[];
  persons: MonthlyRow[];
}

/**
 * The last day of a `YYYY-MM` month.
 *
 * @example
 * monthEnd('2028-02') // '2028-02-29'
 */
export function monthEnd(month: string): LegalDate {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${month}-${String(last).padStart(2, '0')}`;
}

interface Accumulator {
  key: string;
  currency: string;
  debtors: Set<string>;
  debts: number;
  outstanding: Decimal;
  paymentsInMonth: number;
  recoveredInMonth: Decimal;
  recoveredYearToDate: Decimal;
}

/**
 * Monthly statistics per unit and per collector for `month` (YYYY-MM): what is outstanding at the
 * month's end (today's balance plus the payments dated after it), what was recovered in the month
 * and in the year up to its end, against the year's indicators. Closed debts count only with the
 * payments they received. Every debt on file counts, whenever it was entered: old arrears are
 * entered late, and their history is in their payments.
 *
 * @example
 * monthlyStatistics('2026-11', debts, payments, indicators).units[0]
 * // { key: 'FJ-01', currency: 'CNY', debtors: 2, debts: 3, outstanding: '…', recoveredInMonth: '…', … }
 */
export function monthlyStatistics(month: string, debts: Iterable<Debt>, payments: readonly RecoveredPayment[], indicators: readonly Indicator[]): MonthlyStatistics {
  const end = monthEnd(month);
  const yearStart = `${month.slice(0, 4)}-01-01`;
  const monthStart = `${month}-01`;
  const byDebt = new Map<string, RecoveredPayment[]>();
  for (const payment of payments) {
    const list = byDebt.get(payment.debtId);
    if (list) list.push(payment);
    else byDebt.set(payment.debtId, [payment]);
  }
  const units = new Map<string, Accumulator>();
  const persons = new Map<string, Accumulator>();
  const slot = (map: Map<string, Accumulator>, key: string, currency: string): Accumulator => {
    const id = `${key}\u0000${currency}`;
    let row = map.get(id);
    if (!row) {
      row = { key, currency, debtors: new Set(), debts: 0, outstanding: new Decimal(0), paymentsInMonth: 0, recoveredInMonth: new Decimal(0), recoveredYearToDate: new Decimal(0) };
      map.set(id, row);
    }
    return row;
  };
  for (const debt of debts) {
    const own = byDebt.get(debt.id) ?? [];
    const rows = [slot(units, debt.unitId ?? NO_UNIT, debt.currency), slot(persons, debt.assignees.collector ?? NO_UNIT, debt.currency)];
    const { outstanding } = ledgerOf(debt);
    if (debt.status !== 'closed' && outstanding !== null) {
      const later = own.filter((p) => p.date > end).reduce((sum, p) => sum.plus(p.amount), new Decimal(0));
      const atEnd = new Decimal(outstanding).plus(later);
      if (atEnd.gt(0)) {
        for (const row of rows) {
          row.debts += 1;
          row.debtors.add(debt.debtor.uscc ?? debt.debtor.name);
          row.outstanding = row.outstanding.plus(atEnd);
        }
      }
    }
    for (const payment of own) {
      if (payment.date < yearStart || payment.date > end) continue;
      for (const row of rows) {
        row.recoveredYearToDate = row.recoveredYearToDate.plus(payment.amount);
        if (payment.date >= monthStart) {
          row.paymentsInMonth += 1;
          row.recoveredInMonth = row.recoveredInMonth.plus(payment.amount);
        }
      }
    }
  }
  const year = Number(month.slice(0, 4));
  const unitTargets = new Map<string, Decimal>();
  const personTargets = new Map<string, Decimal>();
  for (const indicator of indicators.filter((i) => i.year === year)) {
    unitTargets.set(indicator.unitId, new Decimal(indicator.target));
    for (const person of indicator.persons) personTargets.set(person.userId, (personTargets.get(person.userId) ?? new Decimal(0)).plus(person.target));
  }
  const finish = (map: Map<string, Accumulator>, targets: Map<string, Decimal>): MonthlyRow[] =>
    [...map.values()]
      .map((row) => {
        const target = row.currency === 'CNY' ? targets.get(row.key) : undefined;
        return {
          key: row.key,
          currency: row.currency,
          debtors: row.debtors.size,
          debts: row.debts,
          outstanding: formatMoney(row.outstanding),
          paymentsInMonth: row.paymentsInMonth,
          recoveredInMonth: formatMoney(row.recoveredInMonth),
          recoveredYearToDate: formatMoney(row.recoveredYearToDate),
          target: target ? formatMoney(target) : null,
          completionPercent: target && target.gt(0) ? row.recoveredYearToDate.div(target).times(100).toFixed(2, Decimal.ROUND_DOWN) : null,
        };
      })
      .sort((a, b) => a.key.localeCompare(b.key) || a.currency.localeCompare(b.currency));
  return { month, monthEnd: end, units: finish(units, unitTargets), persons: finish(persons, personTargets) };
}
