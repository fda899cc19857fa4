import Decimal from 'decimal.js';
import benchmarkData from '../data/pboc-benchmark-1y.json' with { type: 'json' };
import lprData from '../data/lpr-1y.json' with { type: 'json' };
import { ValidationError } from '../errors';
import { addDays, daysBetween, type LegalDate } from '../legal-date';
import { formatMoney, parseMoney } from '../money';

/** Enough digits that a 15-digit principal times a rate times days loses nothing before rounding. */
const Exact = Decimal.clone({ precision: 40 });

/** A published rate series: the day each new rate took effect. */
export interface RateTable {
  series: string;
  /** The last day the table was checked against the publications (not the day of its last change). */
  reviewedThrough: LegalDate;
  rates: ReadonlyArray<{ from: LegalDate; rate: string }>;
}

/** A series that no longer moves: the PBOC benchmark rate, used up to `until`. */
export interface ClosedRateTable {
  series: string;
  until: LegalDate;
  rates: ReadonlyArray<{ from: LegalDate; rate: string }>;
}

/** The 1-year LPR history shipped with the service (functions/core/data/lpr-1y.json). */
export const LPR_1Y: RateTable = lprData;

/** The PBOC one-year benchmark lending rate, for days before the LPR reform (functions/core/data/pboc-benchmark-1y.json). */
export const PBOC_BENCHMARK_1Y: ClosedRateTable = benchmarkData;

/** The first day loans were priced on the reformed LPR (PBOC Announcement [2019] No. 15). */
export const LPR_REFORM: LegalDate = '2019-08-20';

/** The reference-rate series a market-rate calculation reads: the benchmark before the reform, the LPR from it. */
export interface ReferenceRates {
  lpr: RateTable;
  benchmark: ClosedRateTable;
}

export const REFERENCE_RATES: ReferenceRates = { lpr: LPR_1Y, benchmark: PBOC_BENCHMARK_1Y };

/** Where a segment's rate comes from. */
export type RateSource = 'contract' | 'pboc_benchmark' | 'lpr';

export interface InterestTerms {
  asOf: LegalDate;
  /**
   * `contract`: the agreed annual rate; `lpr`: the market reference rate times `factor`: the
   * 1-year LPR from 2019-08-20, the PBOC one-year benchmark lending rate before.
   */
  basis: 'contract' | 'lpr';
  /** Annual rate in percent, for `contract`. */
  rate?: string;
  /** Multiplier of the LPR, e.g. '1.3' or '1.5' (the 30–50% mark-up for late payment). */
  factor: string;
  dayCount: 365 | 360;
  /**
   * `at_breach`: the rate in force the day after each instalment fell due, for its whole period
   * (a breach before the reform takes the benchmark rate up to 2019-08-19 and the LPR of
   * 2019-08-20 from then on); `daily`: the rate in force each day; `at_filing`: the rate in force
   * on the day the suit is filed (`filedOn`), for the whole period.
   */
  lprFixing: 'at_breach' | 'daily' | 'at_filing';
  /** The filing day, for `at_filing`; without it, `asOf` (interest as if filed that day). */
  filedOn?: LegalDate;
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
  /** Where the rate comes from, and (for a reference rate) the day it was read for. */
  rateSource: RateSource;
  rateFixedOn?: LegalDate;
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
export function lateInterest(input: InterestInput, terms: InterestTerms, rates: ReferenceRates = REFERENCE_RATES): InterestResult {
  const tranches = [...input.tranches].sort((a, b) => (a.dueDate < b.dueDate ? -1 : 1)).map((t) => ({ ...t, balance: parseMoney(t.amount), cuts: [] as Array<{ date: LegalDate; amount: Decimal }> }));
  const payments = [...input.payments].filter((p) => p.date <= terms.asOf).sort((a, b) => (a.date < b.date ? -1 : 1));
  const explanation = [basisLine(terms, rates)];
  const warnings: string[] = [];
  const reform = rates.lpr.rates[0]?.from ?? LPR_REFORM;
  let unchecked = false;

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
    const breach = addDays(tranche.dueDate, 1);
    // The day whose reference rate a segment starting on `from` takes.
    const fixedOn = (from: LegalDate): LegalDate => {
      if (terms.lprFixing === 'daily') return from;
      if (terms.lprFixing === 'at_filing') return terms.filedOn ?? terms.asOf;
      return breach < reform && from >= reform ? reform : breach;
    };
    let balance = parseMoney(tranche.amount).minus(tranche.cuts.filter((c) => c.date <= tranche.dueDate).reduce((sum, c) => sum.plus(c.amount), new Decimal(0)));
    // Segment ends: each payment day, and the day before each rate change the fixing follows.
    const ends = new Set<LegalDate>(tranche.cuts.map((c) => c.date));
    if (terms.basis === 'lpr' && terms.lprFixing === 'daily') for (const { from } of [...rates.benchmark.rates, ...rates.lpr.rates]) ends.add(addDays(from, -1));
    if (terms.basis === 'lpr' && terms.lprFixing === 'at_breach' && breach < reform) ends.add(addDays(reform, -1));
    let last = tranche.dueDate;
    for (const end of [...ends, terms.asOf].filter((d) => d > tranche.dueDate && d <= terms.asOf).sort()) {
      if (end <= last) continue;
      const from = addDays(last, 1);
      const days = daysBetween(last, end);
      if (balance.gt(0)) {
        const rate = terms.basis === 'contract' ? { annual: new Decimal(terms.rate ?? '0'), source: 'contract' as const } : referenceRate(rates, fixedOn(from), terms.factor, reform);
        if (rate.source === 'lpr' && (terms.lprFixing === 'daily' ? end : fixedOn(from)) > rates.lpr.reviewedThrough) unchecked = true;
        const interest = new Exact(balance.toString()).times(rate.annual).dividedBy(100).times(days).dividedBy(terms.dayCount);
        segments.push({
          dueDate: tranche.dueDate,
          from,
          to: end,
          days,
          principal: formatMoney(balance),
          annualRate: rate.annual.toString(),
          rateSource: rate.source,
          ...(rate.source === 'contract' ? {} : { rateFixedOn: fixedOn(from) }),
          interest: formatMoney(new Decimal(interest.toString())),
        });
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
  if (segments.some((s) => s.rateSource === 'pboc_benchmark')) {
    explanation.push(`Days before ${reform} take the PBOC one-year benchmark lending rate (${rates.benchmark.rates.at(-1)?.rate}% since ${rates.benchmark.rates.at(-1)?.from}); from ${reform} loans are priced on the LPR (PBOC Announcement [2019] No. 15), and the calculation changes series on that day.`);
  }
  if (tranches.every((t) => t.dueDate >= terms.asOf)) explanation.push(`Nothing was overdue by ${terms.asOf}: no interest.`);
  if (unchecked) {
    warnings.push(
      `the LPR table was last checked against the published rates on ${rates.lpr.reviewedThrough}; this calculation relies on the rate for later days, taken as the last known one. Check the LPRs published since and update functions/core/data/lpr-1y.json (rates and reviewedThrough).`,
    );
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

/** The reference rate in force on `day` times the factor: the benchmark before the reform, the LPR from it. */
function referenceRate(rates: ReferenceRates, day: LegalDate, factor: string, reform: LegalDate): { annual: Decimal; source: RateSource } {
  const table = day < reform ? rates.benchmark.rates : rates.lpr.rates;
  const entry = [...table].reverse().find((r) => r.from <= day);
  if (!entry) {
    const first = rates.benchmark.rates[0]?.from;
    throw new ValidationError(`there is no reference rate for ${day}: the shipped PBOC benchmark history starts on ${first}; for earlier days use basis=contract with the agreed rate`, [
      { path: 'basis', message: `no benchmark rate or LPR before ${first}` },
    ]);
  }
  return { annual: new Decimal(entry.rate).times(factor), source: day < reform ? 'pboc_benchmark' : 'lpr' };
}

function basisLine(terms: InterestTerms, rates: ReferenceRates): string {
  if (terms.basis === 'contract') return `Rate: the contract rate of ${terms.rate}% per year.`;
  const fixing =
    terms.lprFixing === 'at_breach'
      ? 'the rate in force when each instalment became overdue, for its whole period (SPC Sales Contract Interpretation (2020) Art. 18(4): the LPR at the time of breach, plus 30–50%, for late-payment losses); a breach before the LPR reform keeps the benchmark rate until the reform and the LPR of its first day after'
      : terms.lprFixing === 'at_filing'
        ? `the rate in force on the day of filing (${terms.filedOn ?? `${terms.asOf}, no filing day given`}), for the whole period`
        : 'the rate in force on each day';
  return `Rate: ${rates.lpr.series} (before ${rates.lpr.rates[0]?.from ?? LPR_REFORM}: ${rates.benchmark.series}) × ${terms.factor}, taking ${fixing}.`;
}
