import Decimal from 'decimal.js';
import lprData from '../data/lpr-1y.json' with { type: 'json' };
import { ValidationError } from '../errors';
import { addDays, addMonths, daysBetween, type LegalDate } from '../legal-date';
import { formatMoney, parseMoney } from '../money';

/** Enough digits that a 15-digit principal times a rate times days loses nothing before rounding. */
const Exact = Decimal.clone({ precision: 40 });

/** A published rate series: the day each new rate took effect. */
export interface RateTable {
  series: string;
  knownThrough: LegalDate;
  rates: ReadonlyArray<{ from: LegalDate; rate: string }>;
}

/** The 1-year LPR history shipped with the service (functions/core/data/lpr-1y.json). */
export const LPR_1Y: RateTable = lprData;

export interface InterestTerms {
  asOf: LegalDate;
  /** `contract`: the agreed annual rate; `lpr`: the 1-year LPR times `factor`. */
  basis: 'contract' | 'lpr';
  /** Annual rate in percent, for `contract`. */
  rate?: string;
  /** Multiplier of the LPR, e.g. '1.3' or '1.5' (the 30–50% mark-up for late payment). */
  factor: string;
  dayCount: 365 | 360;
  /** `at_breach`: the LPR in force the day after each instalment fell due, for its whole period; `daily`: the LPR in force each day. */
  lprFixing: 'at_breach' | 'daily';
}

/** What interest runs on: each amount from the day after its due date, less payments. */
export interface InterestInput {
  tranches: ReadonlyArray<{ dueDate: LegalDate; amount: string }>;
  payments: ReadonlyArray<{ date: LegalDate; amount: string }>;
}

export interface InterestSegment {
  /** The instalment this principal belongs to. */
  dueDate: LegalDate;
  /** First and last day charged, both included. */
  from: LegalDate;
  to: LegalDate;
  days: number;
  principal: string;
  /** Annual rate applied, percent. */
  annualRate: string;
  interest: string;
}

export interface InterestResult {
  asOf: LegalDate;
  terms: InterestTerms;
  principal: string;
  paidByAsOf: string;
  outstandingPrincipal: string;
  interest: string;
  total: string;
  segments: InterestSegment[];
  explanation: string[];
  warnings: string[];
}

/**
 * Late-payment interest as of a day: simple interest on the unpaid principal, actual/365 or
 * actual/360, at the contract rate or the 1-year LPR times a factor. Each instalment accrues from
 * the day after its due date; a payment is applied to the oldest instalment first and reduces
 * its principal from the day after it was made (the day of payment is still charged). Each
 * segment is rounded to the cent and the total is their sum, so the table adds up.
 *
 * @example
 * lateInterest({ tranches: [{ dueDate: '2024-01-31', amount: '100000.00' }], payments: [] },
 *   { asOf: '2024-12-31', basis: 'contract', rate: '6', factor: '1', dayCount: 365, lprFixing: 'at_breach' })
 * // interest '5506.85' (335 days × 6% / 365 on 100000.00)
 */
export function lateInterest(input: InterestInput, terms: InterestTerms, lpr: RateTable = LPR_1Y): InterestResult {
  const tranches = [...input.tranches].sort((a, b) => (a.dueDate < b.dueDate ? -1 : 1)).map((t) => ({ ...t, balance: parseMoney(t.amount), cuts: [] as Array<{ date: LegalDate; amount: Decimal }> }));
  const payments = [...input.payments].filter((p) => p.date <= terms.asOf).sort((a, b) => (a.date < b.date ? -1 : 1));
  const explanation = [basisLine(terms, lpr)];
  const warnings: string[] = [];

  // Oldest instalment first.
  for (const payment of payments) {
    let left = parseMoney(payment.amount);
    for (const tranche of tranches) {
      if (left.isZero()) break;
      const taken = Decimal.min(left, tranche.balance);
      if (taken.isZero()) continue;
      tranche.balance = tranche.balance.minus(taken);
      tranche.cuts.push({ date: payment.date, amount: taken });
      left = left.minus(taken);
    }
  }

  const segments: InterestSegment[] = [];
  for (const tranche of tranches) {
    const rateOn = (day: LegalDate) => annualRate(terms, lpr, terms.lprFixing === 'at_breach' ? addDays(tranche.dueDate, 1) : day);
    let balance = parseMoney(tranche.amount).minus(tranche.cuts.filter((c) => c.date <= tranche.dueDate).reduce((sum, c) => sum.plus(c.amount), new Decimal(0)));
    // Segment ends: each payment day, and the day before each LPR change when it floats.
    const ends = new Set<LegalDate>(tranche.cuts.map((c) => c.date));
    if (terms.basis === 'lpr' && terms.lprFixing === 'daily') for (const { from } of lpr.rates) ends.add(addDays(from, -1));
    let last = tranche.dueDate;
    for (const end of [...ends, terms.asOf].filter((d) => d > tranche.dueDate && d <= terms.asOf).sort()) {
      if (end <= last) continue;
      const from = addDays(last, 1);
      const days = daysBetween(last, end);
      if (balance.gt(0)) {
        const rate = rateOn(from);
        const interest = new Exact(balance.toString()).times(rate).dividedBy(100).times(days).dividedBy(terms.dayCount);
        segments.push({ dueDate: tranche.dueDate, from, to: end, days, principal: formatMoney(balance), annualRate: rate.toString(), interest: formatMoney(new Decimal(interest.toString())) });
      }
      balance = balance.minus(tranche.cuts.filter((c) => c.date === end).reduce((sum, c) => sum.plus(c.amount), new Decimal(0)));
      last = end;
    }
  }

  const principal = tranches.reduce((sum, t) => sum.plus(parseMoney(t.amount)), new Decimal(0));
  const outstanding = tranches.reduce((sum, t) => sum.plus(t.balance), new Decimal(0));
  const interest = segments.reduce((sum, s) => sum.plus(new Decimal(s.interest)), new Decimal(0));
  explanation.push(
    `Simple interest, actual/${terms.dayCount}: principal × annual rate × days / ${terms.dayCount}, each segment rounded to the cent. Each instalment accrues from the day after its due date to ${terms.asOf}.`,
    'Payments are applied to the oldest instalment first and reduce its principal from the day after payment. (Civil Code Art. 561 applies a payment first to costs and interest unless agreed otherwise; this calculation, as usual for a claim for late-payment losses, applies it to principal.)',
  );
  if (tranches.every((t) => t.dueDate >= terms.asOf)) explanation.push(`Nothing was overdue by ${terms.asOf}: no interest.`);
  if (terms.basis === 'lpr' && terms.asOf > addMonths(lpr.knownThrough, 1)) {
    warnings.push(`the LPR table holds publications up to ${lpr.knownThrough}; later days use the last known rate. Update functions/core/data/lpr-1y.json with the rates published since.`);
  }
  return {
    asOf: terms.asOf,
    terms,
    principal: formatMoney(principal),
    paidByAsOf: formatMoney(principal.minus(outstanding)),
    outstandingPrincipal: formatMoney(outstanding),
    interest: formatMoney(interest),
    total: formatMoney(outstanding.plus(interest)),
    segments,
    explanation,
    warnings,
  };
}

/** The annual rate in percent on `day`: the contract rate, or the LPR in force times the factor. */
function annualRate(terms: InterestTerms, lpr: RateTable, day: LegalDate): Decimal {
  if (terms.basis === 'contract') return new Decimal(terms.rate ?? '0');
  const entry = [...lpr.rates].reverse().find((r) => r.from <= day);
  if (!entry) {
    throw new ValidationError(`there is no 1-year LPR for ${day}: the LPR starts on ${lpr.rates[0]?.from}; for earlier days use basis=contract with the agreed or benchmark rate`, [
      { path: 'basis', message: `no LPR before ${lpr.rates[0]?.from}` },
    ]);
  }
  return new Decimal(entry.rate).times(terms.factor);
}

function basisLine(terms: InterestTerms, lpr: RateTable): string {
  if (terms.basis === 'contract') return `Rate: the contract rate of ${terms.rate}% per year.`;
  const fixing =
    terms.lprFixing === 'at_breach'
      ? 'the LPR in force when each instalment became overdue, for its whole period (SPC Sales Contract Interpretation (2020) Art. 18(4): the LPR at the time of breach, plus 30–50%, for late-payment losses)'
      : 'the LPR in force on each day';
  return `Rate: ${lpr.series} × ${terms.factor}, taking ${fixing}.`;
}
