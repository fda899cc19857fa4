import Decimal from 'decimal.js';
import { ValidationError } from '../errors';
import type { LegalDate } from '../legal-date';
import { formatMoney, parseMoney } from '../money';
import { courtFee, type CourtFee, type Procedure } from './court-fee';
import { type InterestInput, type InterestSegment, type InterestTerms, lateInterest } from './interest';

/**
 * The claim calculation sheet (诉讼请求计算表): the principal, the payments, the interest to a
 * day segment by segment with its rate, the total claimed, and the court fee on it. Pure: the
 * facts come from the ledger.
 */
export interface ClaimSheet {
  currency: string;
  asOf: LegalDate;
  terms: InterestTerms;
  principal: string;
  /** Each instalment and its due date. */
  tranches: Array<{ dueDate: LegalDate; amount: string }>;
  payments: Array<{ date: LegalDate; amount: string }>;
  paid: string;
  outstandingPrincipal: string;
  segments: InterestSegment[];
  interest: string;
  /** Outstanding principal plus interest to `asOf`: the amount claimed, and the fee's base. */
  total: string;
  /** Why interest could not be computed, when it could not (the sheet then claims principal only). */
  interestUnavailable?: string;
  /** Only for a CNY claim: the fee schedule is in yuan. */
  courtFee?: CourtFee;
  explanation: string[];
  warnings: string[];
}

export interface ClaimSheetInput extends InterestInput {
  currency: string;
  terms: InterestTerms;
  procedure: Procedure;
}

/**
 * The claim calculation sheet of a debt. Interest that cannot be computed (no rate for its days)
 * leaves the sheet at principal only, with the reason, rather than failing the report it is in.
 *
 * @example
 * claimSheet({ currency: 'CNY', tranches: [{ dueDate: '2024-01-31', amount: '100000.00' }], payments: [],
 *   terms: { asOf: '2024-12-31', basis: 'contract', rate: '6', factor: '1', dayCount: 365, lprFixing: 'at_breach' }, procedure: 'ordinary' })
 * // total '105506.85', courtFee.fee '2410.14' (2300 + 5506.85 × 2%)
 */
export function claimSheet(input: ClaimSheetInput): ClaimSheet {
  const payments = input.payments.filter((p) => p.date <= input.terms.asOf).map(({ date, amount }) => ({ date, amount }));
  const principal = input.tranches.reduce((sum, t) => sum.plus(parseMoney(t.amount)), new Decimal(0));
  const paid = payments.reduce((sum, p) => sum.plus(parseMoney(p.amount)), new Decimal(0));
  const explanation = [
    `The claim is the outstanding principal plus late-payment interest to ${input.terms.asOf}; interest continues at the same rate until payment (计至实际清偿之日止).`,
    'Without an agreed rate, interest on unpaid construction price runs at the market reference rate (SPC Interpretation (I) on Construction Contract Disputes (2020) Art. 26).',
  ];
  let result;
  let interestUnavailable: string | undefined;
  try {
    result = lateInterest({ tranches: input.tranches, payments }, input.terms);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    interestUnavailable = error.message;
  }
  const outstanding = result ? new Decimal(result.outstandingPrincipal) : Decimal.max(principal.minus(paid), 0);
  const interest = result ? new Decimal(result.interest) : new Decimal(0);
  const total = outstanding.plus(interest);
  return {
    currency: input.currency,
    asOf: input.terms.asOf,
    terms: input.terms,
    principal: formatMoney(principal),
    tranches: input.tranches.map(({ dueDate, amount }) => ({ dueDate, amount })),
    payments,
    paid: formatMoney(paid),
    outstandingPrincipal: formatMoney(outstanding),
    segments: result?.segments ?? [],
    interest: formatMoney(interest),
    total: formatMoney(total),
    ...(interestUnavailable ? { interestUnavailable } : {}),
    ...(input.currency === 'CNY' ? { courtFee: courtFee(formatMoney(total), input.procedure) } : {}),
    explanation: [...explanation, ...(result?.explanation ?? [])],
    warnings: [...(result?.warnings ?? []), ...(interestUnavailable ? [`interest is not claimed: ${interestUnavailable}`] : [])],
  };
}
