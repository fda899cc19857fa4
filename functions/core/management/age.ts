import { addYears, type LegalDate } from '../legal-date';

/**
 * Completed years from `from` to `on`: the largest n with `from + n years ≤ on`, years added as
 * {@link addYears} adds them (29 February + 1 year = 28 February). So the age turns n on the
 * n-th anniversary itself, and a date before `from` has age 0.
 *
 * @example
 * completedYears('2021-03-15', '2024-03-14') // 2
 * completedYears('2021-03-15', '2024-03-15') // 3
 * completedYears('2020-02-29', '2023-02-28') // 3
 */
export function completedYears(from: LegalDate, on: LegalDate): number {
  if (on <= from) return 0;
  let years = Number(on.slice(0, 4)) - Number(from.slice(0, 4));
  while (years > 0 && addYears(from, years) > on) years -= 1;
  return years;
}

/** Aging bands of the measures (Art. 5), by completed years past the due date. */
export const YEAR_BANDS = [
  { id: '0-1y', fromYears: 0 },
  { id: '1-2y', fromYears: 1 },
  { id: '2-3y', fromYears: 2 },
  { id: '3-4y', fromYears: 3 },
  { id: '4-5y', fromYears: 4 },
  { id: '5y+', fromYears: 5 },
] as const;
/** `not_due`: the due date is still ahead; `no_due_date`: no date agreed. */
export type YearBandId = (typeof YEAR_BANDS)[number]['id'] | 'not_due' | 'no_due_date';
export const YEAR_BAND_ORDER: readonly YearBandId[] = ['not_due', ...YEAR_BANDS.map((band) => band.id), 'no_due_date'];

/**
 * The band of a debt due on `dueDate`, seen on `on`.
 *
 * @example
 * yearBand('2021-03-15', '2024-03-15') // '3-4y'
 * yearBand('2027-01-01', '2026-12-01') // 'not_due'
 */
export function yearBand(dueDate: LegalDate | undefined, on: LegalDate): YearBandId {
  if (dueDate === undefined) return 'no_due_date';
  if (dueDate >= on) return 'not_due';
  const years = completedYears(dueDate, on);
  return [...YEAR_BANDS].reverse().find((band) => years >= band.fromYears)?.id ?? '0-1y';
}
