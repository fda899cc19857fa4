import Decimal from 'decimal.js';
import type { DocumentType } from '../document-types';
import type { ExtractedFieldName, Extraction } from '../extraction';
import { formatMoney } from '../money';

/** An amount a person confirmed on a document (DESIGN §6: only reviewed values count). */
export interface ReviewedAmount {
  documentId: string;
  type: DocumentType;
  field: ExtractedFieldName;
  /** A decimal string; an amount change may be negative. */
  value: string;
  currency?: string;
  /** The text the value was read from, when an engine read it (to tell a reduction, 调减, from an addition). */
  sourceText?: string;
}

/** A document's stored extraction (`EXT#<documentId>`). */
export interface DocumentExtraction {
  documentId: string;
  extraction: Extraction;
}

/** The documents facts the ledger needs. */
export interface AmountDocument {
  id: string;
  type: DocumentType;
  status: 'active' | 'void';
  supersededBy?: string;
}

/** Extracted fields that hold money. */
export const MONEY_FIELDS: readonly ExtractedFieldName[] = ['total_amount', 'amount_change', 'settled_amount', 'payment_amount', 'acknowledged_balance', 'invoice_total'];

/**
 * The reviewed money fields of a debt's documents that stand: void documents and versions
 * superseded by a newer one are left out.
 *
 * @example
 * reviewedAmountsOf([{ id: 'c1', type: 'contract', status: 'active' }],
 *   [{ documentId: 'c1', extraction: { status: 'done', warnings: [], fields: [{ name: 'total_amount', value: '100.00', reviewed: true, … }] } }])
 * // [{ documentId: 'c1', type: 'contract', field: 'total_amount', value: '100.00' }]
 */
export function reviewedAmountsOf(documents: readonly AmountDocument[], extractions: readonly DocumentExtraction[]): ReviewedAmount[] {
  const standing = new Map(documents.filter((d) => d.status === 'active' && !d.supersededBy).map((d) => [d.id, d]));
  return extractions.flatMap(({ documentId, extraction }) => {
    const document = standing.get(documentId);
    if (!document) return [];
    return extraction.fields
      .filter((field) => field.reviewed && MONEY_FIELDS.includes(field.name))
      .map((field) => ({ documentId, type: document.type, field: field.name, value: field.value, ...(field.currency ? { currency: field.currency } : {}), ...(field.text ? { sourceText: field.text } : {}) }));
  });
}

export interface BasisLine {
  documentId: string;
  type: DocumentType;
  field: ExtractedFieldName;
  amount: string;
  /** False when the amount is left out, with the reason in `note`. */
  counted: boolean;
  note?: string;
  /** The reviewed amount change was positive but its document calls it a reduction: it is subtracted. */
  reduction?: true;
}

/** What the claimed principal rests on (DESIGN §8 check 3). */
export interface PrincipalBasis {
  /** `settlement`: a reviewed settled amount; `contract`: contract total ± visas and change negotiations. */
  kind: 'settlement' | 'contract' | 'none';
  amount: string | null;
  currency: string;
  lines: BasisLine[];
  explanation: string[];
}

const SIGNED_DECIMAL = /^-?\d{1,15}(\.\d+)?$/;

/** Words by which a visa or change negotiation takes money off (调减, 核减, 扣减…), and by which it adds. */
const REDUCTION = /调减|核减|扣减|减少|减项|deduct|reduc|decrease/iu;
const ADDITION = /调增|核增|增加|增项|\badd(?:s|ed|ition|itional)?\b|increase/iu;

/**
 * True when the text an amount change was read from calls it a reduction and not an addition.
 *
 * @example
 * namesReduction('经双方确认，调减工程款 12,000.00 元') // true
 */
export function namesReduction(text: string): boolean {
  return REDUCTION.test(text) && !ADDITION.test(text);
}

/**
 * The principal basis from reviewed amounts: the settlement if there is one, else the contract
 * total plus the reviewed amount changes of visas and change negotiation records (negative for a
 * reduction, 调减 / 核减 / 扣减: a positive figure read from text that calls it a reduction is
 * subtracted too). Amounts in another currency than the debt's are left out, never converted.
 *
 * @example
 * principalBasis([{ documentId: 'c1', type: 'contract', field: 'total_amount', value: '1000000.00' },
 *   { documentId: 'v1', type: 'visa', field: 'amount_change', value: '25000.00' }], 'CNY').amount // '1025000.00'
 */
export function principalBasis(amounts: readonly ReviewedAmount[], currency: string): PrincipalBasis {
  const lines: BasisLine[] = [];
  const usable = (amount: ReviewedAmount): Decimal | undefined => {
    const line = { documentId: amount.documentId, type: amount.type, field: amount.field, amount: amount.value };
    if (!SIGNED_DECIMAL.test(amount.value)) {
      lines.push({ ...line, counted: false, note: 'not a decimal amount' });
      return undefined;
    }
    if (amount.currency && amount.currency !== currency) {
      lines.push({ ...line, counted: false, note: `in ${amount.currency}, not the debt's ${currency}; amounts are never converted` });
      return undefined;
    }
    const value = new Decimal(amount.value);
    lines.push({ ...line, amount: formatMoney(value), counted: true });
    return value;
  };
  const of = (type: DocumentType, field: ExtractedFieldName) => amounts.filter((a) => a.type === type && a.field === field);

  const settlements = of('settlement', 'settled_amount').flatMap((a) => {
    const value = usable(a);
    return value ? [{ value, line: lines.at(-1) as BasisLine }] : [];
  });
  const latest = settlements.at(-1);
  if (latest) {
    // Documents are in upload order: the latest settlement stands.
    for (const earlier of settlements.slice(0, -1)) Object.assign(earlier.line, { counted: false, note: 'an earlier settlement; the latest one stands' });
    return { kind: 'settlement', amount: formatMoney(latest.value), currency, lines, explanation: ['The reviewed settled amount of the settlement (结算) is the basis; it replaces the contract price and its changes.'] };
  }

  const totals = of('contract', 'total_amount').map((a) => usable(a));
  // A reduction reviewed as a positive figure would overstate the basis: the document's own words decide the sign.
  const changes = [...of('visa', 'amount_change'), ...of('change_negotiation', 'amount_change')].map((a) => {
    const value = usable(a);
    if (!value || !value.gt(0) || !a.sourceText || !namesReduction(a.sourceText)) return value;
    Object.assign(lines.at(-1) as BasisLine, { amount: formatMoney(value.negated()), reduction: true, note: `the document calls it a reduction ("${a.sourceText.slice(0, 40)}"): subtracted; review it as ${formatMoney(value.negated())}` });
    return value.negated();
  });
  const counted = (values: Array<Decimal | undefined>) => values.filter((value): value is Decimal => value !== undefined);
  if (counted(totals).length === 0) {
    return { kind: 'none', amount: null, currency, lines, explanation: ['No reviewed settlement and no reviewed contract total: the principal has no basis yet.'] };
  }
  const amount = [...counted(totals), ...counted(changes)].reduce((sum, value) => sum.plus(value), new Decimal(0));
  return {
    kind: 'contract',
    amount: formatMoney(amount),
    currency,
    lines,
    explanation: [`No reviewed settlement: the basis is the reviewed contract total (${counted(totals).length} contract document(s)) plus or minus ${counted(changes).length} reviewed visa and change negotiation amount(s).`],
  };
}
