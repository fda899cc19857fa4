import Decimal from 'decimal.js';
import { z } from 'zod';
import { completedYears } from './age';
import type { LegalDate } from '../legal-date';

/**
 * Commission rates of the measures, Art. 6: "0 to 2 years 1%, 3 years 2%, 4 years 3%, 5 years and
 * above 4%; completed-and-pending projects 5‰". Read as bands of completed years of arrears at the
 * payment date (see {@link completedYears}): a band applies from its `fromYears` up to the next
 * band's. "0 to 2 years" is therefore every age below 3 completed years, "3 years" is 3 ≤ age < 4,
 * "4 years" 4 ≤ age < 5 and "5 years and above" age ≥ 5.
 */
export interface CommissionRates {
  /** Ascending by `fromYears`, the first at 0. Rates are decimal fractions as strings ("0.01"). */
  bands: Array<{ fromYears: number; rate: string }>;
  /** Replaces the band rate for debts of projects completed and pending final settlement. */
  completedPendingRate: string;
}

export const DEFAULT_COMMISSION_RATES: CommissionRates = {
  bands: [
    { fromYears: 0, rate: '0.01' },
    { fromYears: 3, rate: '0.02' },
    { fromYears: 4, rate: '0.03' },
    { fromYears: 5, rate: '0.04' },
  ],
  completedPendingRate: '0.005',
};

const rateSchema = z.string().regex(/^(0(\.\d{1,6})?|1(\.0{1,6})?)$/, 'a rate is a decimal fraction between 0 and 1 as a string, such as "0.01"');

/** `PUT /v1/management/commission-rates`. */
export const commissionRatesSchema = z
  .strictObject({
    bands: z.array(z.strictObject({ fromYears: z.number().int().min(0).max(100), rate: rateSchema })).min(1).max(20),
    completedPendingRate: rateSchema,
  })
  .superRefine((rates, context) => {
    if (rates.bands[0]?.fromYears !== 0) context.addIssue({ code: 'custom', path: ['bands', 0, 'fromYears'], message: 'the first band starts at 0 years' });
    rates.bands.forEach((band, index) => {
      const previous = rates.bands[index - 1];
      if (previous && band.fromYears <= previous.fromYears) context.addIssue({ code: 'custom', path: ['bands', index, 'fromYears'], message: 'bands ascend by fromYears' });
    });
  });

export interface AppliedRate {
  /** Completed years of arrears at the payment date. */
  ageYears: number;
  rate: string;
  /** `band:<fromYears>` or `completed_pending`. */
  basis: string;
}

/**
 * The rate for a payment on `paidOn` of a debt due on `dueDate`.
 *
 * @example
 * rateFor(DEFAULT_COMMISSION_RATES, '2021-03-15', '2024-03-14', false) // { ageYears: 2, rate: '0.01', basis: 'band:0' }
 * rateFor(DEFAULT_COMMISSION_RATES, '2021-03-15', '2024-03-15', false) // { ageYears: 3, rate: '0.02', basis: 'band:3' }
 */
export function rateFor(rates: CommissionRates, dueDate: LegalDate | undefined, paidOn: LegalDate, completedPending: boolean): AppliedRate {
  const ageYears = dueDate === undefined ? 0 : completedYears(dueDate, paidOn);
  if (completedPending) return { ageYears, rate: rates.completedPendingRate, basis: 'completed_pending' };
  const band = [...rates.bands].reverse().find((b) => ageYears >= b.fromYears) ?? rates.bands[0];
  return { ageYears, rate: band?.rate ?? '0', basis: `band:${band?.fromYears ?? 0}` };
}

/**
 * The commission on an amount, rounded half up to the cent.
 *
 * @example
 * commissionOn('12345.67', '0.005') // '61.73'
 */
export function commissionOn(amount: string, rate: string): string {
  return new Decimal(amount).times(rate).toFixed(2, Decimal.ROUND_HALF_UP);
}
