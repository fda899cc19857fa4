import Decimal from 'decimal.js';
import { type Debt, ledgerOf, limitationStartDate } from '../debt';
import { legalDateAt, type LegalDate } from '../legal-date';
import { formatMoney } from '../money';
import { completedYears, YEAR_BAND_ORDER, yearBand, type YearBandId } from './age';
import { NO_UNIT } from './units';

/** One debt behind a cell of the aging table (Art. 5: unit, age, amount, expected recovery). */
export interface AgedDebt {
  debtId: string;
  unitId: string;
  debtorName: string;
  contractNo?: string;
  currency: string;
  dueDate?: LegalDate;
  ageYears: number | null;
  band: YearBandId;
  outstanding: string;
  expectedRecoveryDate?: LegalDate;
  collector?: string;
}

export interface AgingCell {
  unitId: string;
  currency: string;
  band: YearBandId;
  debts: number;
  outstanding: string;
}

/**
 * A debt's place in the aging table on `asOf`, in its own time zone; undefined when it is closed or
 * nothing is outstanding.
 *
 * @example
 * agedDebt(debt, new Date('2026-11-29T02:00:00Z'))?.band // '2-3y' for a debt due 2024-06-30
 */
export function agedDebt(debt: Debt, asOf: Date): AgedDebt | undefined {
  const { outstanding } = ledgerOf(debt);
  if (debt.status === 'closed' || outstanding === null || new Decimal(outstanding).lte(0)) return undefined;
  const dueDate = limitationStartDate(debt);
  const today = legalDateAt(asOf, debt.timeZone);
  return {
    debtId: debt.id,
    unitId: debt.unitId ?? NO_UNIT,
    debtorName: debt.debtor.name,
    ...(debt.contractNo ? { contractNo: debt.contractNo } : {}),
    currency: debt.currency,
    ...(dueDate ? { dueDate } : {}),
    ageYears: dueDate === undefined ? null : completedYears(dueDate, today),
    band: yearBand(dueDate, today),
    outstanding,
    ...(debt.expectedRecoveryDate ? { expectedRecoveryDate: debt.expectedRecoveryDate } : {}),
    ...(debt.assignees.collector ? { collector: debt.assignees.collector } : {}),
  };
}

/**
 * The aging table of the measures (Art. 5): outstanding amounts by arrears unit, currency and year
 * band (0–1 … 5+ years), in unit, then band order.
 *
 * @example
 * agingByUnit([debtDue20240630OfUnitA], new Date('2026-11-29T02:00:00Z'))
 * // [{ unitId: 'A', currency: 'CNY', band: '2-3y', debts: 1, outstanding: '1234567.89' }]
 */
export function agingByUnit(debts: Iterable<Debt>, asOf: Date): AgingCell[] {
  const cells = new Map<string, AgingCell & { sum: Decimal }>();
  for (const debt of debts) {
    const aged = agedDebt(debt, asOf);
    if (!aged) continue;
    const key = `${aged.unitId}\u0000${aged.currency}\u0000${aged.band}`;
    const cell = cells.get(key) ?? { unitId: aged.unitId, currency: aged.currency, band: aged.band, debts: 0, outstanding: '0.00', sum: new Decimal(0) };
    cell.debts += 1;
    cell.sum = cell.sum.plus(aged.outstanding);
    cells.set(key, cell);
  }
  return [...cells.values()]
    .map(({ sum, ...cell }) => ({ ...cell, outstanding: formatMoney(sum) }))
    .sort((a, b) => a.unitId.localeCompare(b.unitId) || a.currency.localeCompare(b.currency) || YEAR_BAND_ORDER.indexOf(a.band) - YEAR_BAND_ORDER.indexOf(b.band));
}
