import Decimal from 'decimal.js';
import { z } from 'zod';

/**
 * Money is a decimal string in JSON ("1234567.89") and a decimal.js value in code; never a JS
 * number, so that no amount is ever rounded by floating point (DESIGN §3).
 */

// Up to 15 integer digits (a trillion with room) and at most two decimals; no sign, no exponent.
const MONEY_PATTERN = /^(0|[1-9]\d{0,14})(\.\d{1,2})?$/;

/** ISO 4217 codes this service keeps ledgers in. */
export const CURRENCIES = ['CNY', 'USD', 'EUR', 'GBP', 'HKD'] as const;
export type Currency = (typeof CURRENCIES)[number];

/**
 * Zod schema of a non-negative amount as a JSON string. A JSON number is refused with a message
 * that says why, because `1234.5` may already have lost precision in the client.
 *
 * @example
 * moneySchema.parse('1234.5') // '1234.50'
 */
export const moneySchema = z
  .string({
    error: (issue) =>
      issue.input === undefined
        ? 'required'
        : 'money must be a JSON string such as "1234.50", never a number',
  })
  .regex(MONEY_PATTERN, 'money must be a non-negative decimal string with at most two decimals, such as "1234.50"')
  .transform((value) => formatMoney(new Decimal(value)));

/**
 * Parses a money string that has already passed {@link moneySchema}.
 *
 * @example
 * parseMoney('10.05').plus(parseMoney('0.10')).toFixed(2) // '10.15'
 */
export function parseMoney(value: string): Decimal {
  if (!MONEY_PATTERN.test(value)) throw new RangeError(`not a money string: ${value}`);
  return new Decimal(value);
}

/**
 * Formats an amount with exactly two decimals, as it appears in JSON.
 *
 * @example
 * formatMoney(new Decimal('7')) // '7.00'
 */
export function formatMoney(amount: Decimal): string {
  return amount.toFixed(2, Decimal.ROUND_HALF_UP);
}

/**
 * Sums money strings exactly.
 *
 * @example
 * sumMoney(['0.10', '0.20']).toFixed(2) // '0.30'
 */
export function sumMoney(values: Iterable<string>): Decimal {
  let total = new Decimal(0);
  for (const value of values) total = total.plus(parseMoney(value));
  return total;
}
