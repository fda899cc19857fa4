import { z } from 'zod';

/**
 * Legal dates (due dates, signing dates, limitation dates) are calendar dates `YYYY-MM-DD` in the
 * debt's legal time zone; instants are UTC ISO 8601 with milliseconds (DESIGN §3).
 */
export type LegalDate = string;

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * True when `value` is a real calendar date written `YYYY-MM-DD` (2026-02-30 is not).
 *
 * @example
 * isLegalDate('2024-02-29') // true
 */
export function isLegalDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Zod schema of a legal date. */
export const legalDateSchema = z
  .string({ error: 'a date written YYYY-MM-DD is required' })
  .refine(isLegalDate, 'must be a real calendar date written YYYY-MM-DD');

/**
 * The calendar date of an instant in a time zone: what "today" is for a debt.
 *
 * @example
 * legalDateAt(new Date('2026-11-28T16:30:00Z'), 'Asia/Shanghai') // '2026-11-29'
 */
export function legalDateAt(instant: Date, timeZone: string = DEFAULT_TIME_ZONE): LegalDate {
  let format = DATE_FORMATS.get(timeZone);
  if (!format) {
    // en-CA formats as YYYY-MM-DD. Formatters are costly to build, so one is kept per zone.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    DATE_FORMATS.set(timeZone, format);
  }
  return format.format(instant);
}

const DATE_FORMATS = new Map<string, Intl.DateTimeFormat>();

/**
 * Adds whole years; a date that does not exist in the target year (29 February) becomes the last
 * day of that month, as PRC Civil Code Art. 202 reads.
 *
 * @example
 * addYears('2024-02-29', 3) // '2027-02-28'
 */
export function addYears(date: LegalDate, years: number): LegalDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return formatDate(y + years, m, Math.min(d, lastDay));
}

/**
 * Adds whole months (negative to go back), with the same month-end rule as {@link addYears}: no
 * such day in the target month gives the last day of that month.
 *
 * @example
 * addMonths('2024-08-31', 6) // '2025-02-28'
 * addMonths('2027-06-30', -6) // '2026-12-30'
 */
export function addMonths(date: LegalDate, months: number): LegalDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return formatDate(target.getUTCFullYear(), target.getUTCMonth() + 1, Math.min(d, lastDay));
}

/**
 * Adds days (negative to go back).
 *
 * @example
 * addDays('2024-02-28', 1) // '2024-02-29'
 */
export function addDays(date: LegalDate, days: number): LegalDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The day of the week, 0 = Sunday … 6 = Saturday.
 *
 * @example
 * weekday('2024-06-30') // 0
 */
export function weekday(date: LegalDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/**
 * Whole days from `from` to `to` (negative when `to` is earlier).
 *
 * @example
 * daysBetween('2026-11-29', '2026-12-01') // 2
 */
export function daysBetween(from: LegalDate, to: LegalDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function formatDate(year: number, month: number, day: number): LegalDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** True when the IANA time zone is known to this runtime. */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
