import Decimal from 'decimal.js';
import { z } from 'zod';
import { DATE_FIELDS, type ExtractedField, type ExtractedFieldName, MONEY_FIELDS } from './extraction';
import { isLegalDate } from './legal-date';
import { CURRENCIES, formatMoney, parseMoney } from './money';
import { isValidUscc } from './uscc';

/**
 * A reviewer's confirmation or correction of extracted fields (DESIGN §4 `…/extraction/review`).
 * Each value is checked by what the field holds: money, a legal date, true/false, a USCC, text.
 */
export const EXTRACTED_FIELD_NAMES = [
  'total_amount', 'amount_change', 'settled_amount', 'payment_amount', 'acknowledged_balance', 'invoice_total',
  'signing_date', 'document_date', 'payment_date', 'due_date', 'balance_date', 'promised_payment_date',
  'party_creditor', 'party_debtor', 'uscc', 'creditor_uscc', 'debtor_uscc', 'contract_no', 'signer', 'signature_present', 'seal_present',
  'debtor_remarks', 'remarks_confirm_debt',
] as const satisfies readonly ExtractedFieldName[];

const MONEY = /^(0|[1-9]\d{0,14})(\.\d{1,2})?$/;
// A variation may take money off (核减): its amount change may be negative.
const SIGNED_MONEY = /^-?(0|[1-9]\d{0,14})(\.\d{1,2})?$/;
const SIGNED_FIELDS: readonly ExtractedFieldName[] = ['amount_change'];
const USCC_FIELDS: readonly ExtractedFieldName[] = ['uscc', 'creditor_uscc', 'debtor_uscc'];
/** A value is short (a name, a number), except the debtor's remarks on a visit record, which are prose. */
const VALUE_MAX = 300;
const REMARKS_MAX = 2000;

export const reviewFieldSchema = z
  .strictObject({
    name: z.enum(EXTRACTED_FIELD_NAMES),
    value: z.string({ error: 'the value is a JSON string (money "1234.50", a date "2026-11-29", "true"/"false", or text)' }).trim().min(1, 'must not be empty').max(REMARKS_MAX, `at most ${REMARKS_MAX} characters`),
    currency: z.enum(CURRENCIES).optional(),
  })
  .superRefine((field, context) => {
    const problem = valueProblem(field.name, field.value);
    if (problem) context.addIssue({ code: 'custom', path: ['value'], message: problem });
    if (field.currency && !MONEY_FIELDS.includes(field.name)) context.addIssue({ code: 'custom', path: ['currency'], message: 'only amounts have a currency' });
  })
  .transform((field) => ({ ...field, value: normalisedValue(field.name, field.value) }));

export const reviewExtractionSchema = z
  .strictObject({ fields: z.array(reviewFieldSchema).min(1, 'review at least one field').max(50) })
  .superRefine((body, context) => {
    const names = body.fields.map((field) => field.name);
    names.forEach((name, i) => {
      if (names.indexOf(name) !== i) context.addIssue({ code: 'custom', path: ['fields', i, 'name'], message: `${name} is reviewed twice` });
    });
  });
export type ReviewExtractionInput = z.output<typeof reviewExtractionSchema>;

/**
 * What is wrong with `value` for the field `name`, or undefined when it is fine.
 *
 * @example
 * valueProblem('total_amount', '1,000') // 'an amount is a decimal string with at most two decimals, such as "1234.50"'
 */
export function valueProblem(name: ExtractedFieldName, value: string): string | undefined {
  if (SIGNED_FIELDS.includes(name)) return SIGNED_MONEY.test(value) ? undefined : 'an amount change is a decimal string with at most two decimals, negative when it takes money off, such as "-1234.50"';
  if (MONEY_FIELDS.includes(name)) return MONEY.test(value) ? undefined : 'an amount is a decimal string with at most two decimals, such as "1234.50"';
  if (DATE_FIELDS.includes(name)) return isLegalDate(value) ? undefined : 'a date is a real calendar date written YYYY-MM-DD';
  if (name === 'signature_present' || name === 'seal_present' || name === 'remarks_confirm_debt') return value === 'true' || value === 'false' ? undefined : `${name} is "true" or "false"`;
  if (USCC_FIELDS.includes(name)) return isValidUscc(value) ? undefined : 'not a valid Unified Social Credit Code (18 characters with a matching check character)';
  if (name !== 'debtor_remarks' && value.length > VALUE_MAX) return `at most ${VALUE_MAX} characters`;
  return undefined;
}

function normalisedValue(name: ExtractedFieldName, value: string): string {
  if (SIGNED_FIELDS.includes(name) && SIGNED_MONEY.test(value)) return new Decimal(value).toFixed(2);
  return MONEY_FIELDS.includes(name) && MONEY.test(value) ? formatMoney(parseMoney(value)) : value;
}

/**
 * The fields after a review: reviewed ones replace what was extracted (keeping where it was read,
 * and the extracted value when it differs); names not yet extracted are added as entered by hand
 * (page 0, engine `manual`).
 *
 * @example
 * applyReview(fields, [{ name: 'total_amount', value: '1000.00' }], { by: 'legal-1', at: '2026-11-29T02:00:00.000Z' })
 */
export function applyReview(fields: readonly ExtractedField[], review: ReviewExtractionInput['fields'], who: { by: string; at: string }): ExtractedField[] {
  const out = [...fields];
  for (const entry of review) {
    const index = out.findIndex((field) => field.name === entry.name);
    const previous = index >= 0 ? out[index] : undefined;
    const currency = MONEY_FIELDS.includes(entry.name) ? (entry.currency ?? previous?.currency ?? 'CNY') : undefined;
    const reviewed: ExtractedField = {
      ...(previous ?? { name: entry.name, page: 0, text: '', engine: 'manual' }),
      name: entry.name,
      value: entry.value,
      ...(currency ? { currency } : {}),
      confidence: 1,
      reviewed: true,
      reviewedBy: who.by,
      reviewedAt: who.at,
      ...(previous && !previous.reviewed && previous.value !== entry.value ? { extractedValue: previous.value } : {}),
    };
    if (index >= 0) out[index] = reviewed;
    else out.push(reviewed);
  }
  return out;
}

/**
 * Fields of a new extraction run merged with the old result: a reviewed field is never replaced.
 *
 * @example
 * keepReviewed(oldFields, newFields)
 */
export function keepReviewed(previous: readonly ExtractedField[], extracted: readonly ExtractedField[]): ExtractedField[] {
  const reviewed = previous.filter((field) => field.reviewed);
  const names = new Set(reviewed.map((field) => field.name));
  return [...reviewed, ...extracted.filter((field) => !names.has(field.name))];
}
