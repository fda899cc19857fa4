import { findChineseUppercaseAmounts, findIllegibleUppercase, toChineseUppercase } from './chinese-amount';
import { findDates } from './date-parser';
import type { DocumentType } from './document-types';
import type { DetectedSignature, ExtractedField, ExtractedFieldName, TextLine } from './extraction';
import { findFigureAmounts } from './figure-amount';
import { findContractNo, findParty, findUsccCodes } from './party-parser';
import { normalizeLine } from './text-normalize';

/**
 * The fields of each document type (DESIGN §6), read from text lines whatever engine produced
 * them: each amount and date is taken from the line whose label names it (合同总价, 结算金额,
 * Balance…), with its page, box, source text, confidence and engine. Every pair of an amount in
 * figures and in uppercase (大写) is cross-checked; a mismatch is a warning on the document.
 */

interface Rule {
  name: ExtractedFieldName;
  /** Labels in order of preference; the nearest label before a value decides. */
  labels: RegExp[];
  /** Labels that say the value is something else (a deposit, a tax, a unit price…). */
  not?: RegExp;
  /** Which value to take when no label names one (with less confidence), if any. */
  fallback?: 'first' | 'last';
  /** Labels that say the amount takes money off (核减): the value is then negative. */
  negative?: RegExp;
}

const DECREASE = /核减|调减|减少|扣减|减项|decrease|deduction|reduction/iu;

const NOT_A_TOTAL = /违约金|保证金|预付款|质保金|保修金|税额|税率|单价|已付|已支付|已收|penalty|deposit|retention|advance|tax|unit\s*price|paid\s*to\s*date/iu;

const AMOUNT_RULES: Partial<Record<DocumentType, Rule>> = {
  contract: {
    name: 'total_amount',
    labels: [/合同总价|合同总金额|合同总额|合同价款|签约合同价|合同金额|总价款|contract\s*(?:price|sum|amount|value)|total\s*contract/iu, /总金额|总价|合同价|total\s*(?:price|amount|sum)?/iu],
    not: NOT_A_TOTAL,
    fallback: 'first',
  },
  visa: { name: 'amount_change', negative: DECREASE, labels: [/签证金额|变更金额|增加金额|减少金额|核增|核减|调增|调减|扣减|增减金额|调整金额|签证费用|变更费用|variation\s*(?:amount|sum)|change\s*amount/iu, /费用合计|合计|金额|total|amount/iu], not: /单价|税率|unit\s*price/iu, fallback: 'first' },
  change_negotiation: { name: 'amount_change', negative: DECREASE, labels: [/变更金额|洽商金额|签证金额|增加金额|减少金额|核增|核减|调增|调减|扣减|增减金额|调整金额|变更费用|variation\s*(?:amount|sum)|change\s*amount/iu, /费用合计|合计|金额|total|amount/iu], not: /单价|税率|unit\s*price/iu, fallback: 'first' },
  settlement: { name: 'settled_amount', labels: [/结算金额|结算总价|结算价款|结算总额|审定金额|审定价|审定造价|结算价|settle(?:d|ment)\s*(?:amount|sum|total|price)|final\s*account/iu, /总计|合计|total/iu], not: /送审|报审|已付|已支付|submitted|paid/iu, fallback: 'first' },
  payment_record: { name: 'payment_amount', labels: [/付款金额|交易金额|转账金额|支付金额|汇款金额|实付金额|payment\s*amount|amount\s*paid|transfer\s*amount/iu, /金额|amount|total/iu], not: /余额|手续费|balance|fee/iu, fallback: 'first' },
  acknowledgement: { name: 'acknowledged_balance', labels: [/尚欠|欠款金额|欠款余额|欠款总额|未付金额|应付未付|确认欠款|outstanding\s*balance|balance\s*(?:due|owed|outstanding)|amount\s*(?:due|owed|outstanding)/iu, /欠款|余额|未付|balance|outstanding|owe[sd]?/iu], not: /已付|已支付|paid/iu, fallback: 'first' },
  visit_record: { name: 'acknowledged_balance', labels: [/尚欠|欠款金额|欠款余额|欠款总额|未付金额|确认欠款|outstanding\s*balance|balance\s*(?:due|owed|outstanding)|amount\s*(?:due|owed|outstanding)/iu, /欠款|余额|未付|balance|outstanding|owe[sd]?/iu], not: /已付|已支付|paid/iu, fallback: 'first' },
  invoice: { name: 'invoice_total', labels: [/价税合计|发票金额|invoice\s*total|amount\s*due|total\s*due|grand\s*total/iu, /合计|总计|total/iu], not: /税额|不含税|tax|subtotal|sub-total|vat\b/iu, fallback: 'first' },
};

/** The date a balance is stated at: 截至2026年10月31日，尚欠… / as of 31 October 2026. */
const BALANCE_DATE: Rule = { name: 'balance_date', labels: [/截至|截止(?:到|至)?|结至|as\s+(?:of|at)|up\s+to/iu] };
/** The date the debtor promises to pay by: 承诺于2027年6月30日前付清 (DESIGN §7: a new performance date). */
const PROMISED_DATE: Rule = {
  name: 'promised_payment_date',
  labels: [/承诺(?:于|在)?|保证(?:于|在)|计划(?:于|在)|最迟(?:于|在)?|(?:还款|付清|清偿)(?:日期|期限|时间)|promise[sd]?\s+to\s+pay(?:\s+in\s+full)?(?:\s+(?:by|before|on))?|undertakes?\s+to\s+pay(?:\s+in\s+full)?(?:\s+(?:by|before|on))?|will\s+pay(?:\s+in\s+full)?\s+(?:by|before|on)/iu],
};
const NOT_THE_DOCUMENT_DATE = /截至|截止|结至|承诺|保证|计划|最迟|(?:还款|付清|清偿)(?:日期|期限|时间)|as\s+(?:of|at)|promise|undertake|will\s+pay/iu;

const DATE_RULES: Partial<Record<DocumentType, Rule[]>> = {
  contract: [{ name: 'signing_date', labels: [/签订日期|签约日期|签署日期|签订时间|签订于|签约时间|date\s*of\s*(?:signing|signature|agreement|contract)|signed\s*(?:on|at|date)?|dated|contract\s*date/iu, /日期|date/iu], not: /开工|竣工|完工|付款|到期|commence|complet|due|payment/iu, fallback: 'last' }],
  visa: [{ name: 'document_date', labels: [/签证日期|签发日期|确认日期|日期|date/iu], fallback: 'first' }],
  change_negotiation: [{ name: 'document_date', labels: [/洽商日期|变更日期|确认日期|日期|date/iu], fallback: 'first' }],
  settlement: [{ name: 'document_date', labels: [/结算日期|审定日期|确认日期|日期|date/iu], fallback: 'last' }],
  payment_record: [{ name: 'payment_date', labels: [/交易日期|付款日期|支付日期|转账日期|记账日期|汇款日期|交易时间|payment\s*date|value\s*date|transaction\s*date/iu, /日期|date/iu], fallback: 'first' }],
  acknowledgement: [BALANCE_DATE, PROMISED_DATE, { name: 'document_date', labels: [/确认日期|签收日期|签署日期|日期|date/iu], not: NOT_THE_DOCUMENT_DATE, fallback: 'last' }],
  visit_record: [BALANCE_DATE, PROMISED_DATE, { name: 'document_date', labels: [/走访日期|拜访日期|催收日期|签收日期|日期|时间|date/iu], not: NOT_THE_DOCUMENT_DATE, fallback: 'first' }],
  invoice: [
    { name: 'due_date', labels: [/到期日|付款期限|付款截止|最迟付款|due\s*date|payment\s*due|due\s*by|due\s*on|pay\s*by/iu] },
    { name: 'document_date', labels: [/开票日期|invoice\s*date|date\s*of\s*issue|issue\s*date|日期|date/iu], not: /due/iu, fallback: 'first' },
  ],
};

/** Document types whose fields are extracted (DESIGN §6); others are `not_applicable`. */
export const EXTRACTED_TYPES = Object.keys(AMOUNT_RULES) as DocumentType[];

const PARTY_TYPES: readonly DocumentType[] = ['contract', 'settlement', 'acknowledgement', 'visit_record', 'visa', 'change_negotiation', 'invoice', 'payment_record'];
const SIGNED_TYPES: readonly DocumentType[] = ['acknowledgement', 'visit_record'];
const SIGNER = /(?:债务人|欠款单位|甲方|被走访单位|确认人|签收人|经办人|代表|负责人)?(?:签字|签名|签收人|确认人|经办人)\s*[:：]\s*(?<name>[^\d:：]{2,30}?)\s*(?:日期|date|$)|(?:signed\s*by|signatory|name\s*of\s*signatory)\s*[:：]?\s*(?<en>[A-Za-z][A-Za-z .'-]{1,40}?)\s*(?:date|$)/iu;

interface Prepared {
  line: TextLine;
  index: number;
  norm: string;
}

interface Candidate {
  value: string;
  currency?: string;
  at: Prepared;
  start: number;
  certainty: number;
}

/** What an engine that looks for signatures found (Textract SIGNATURES). */
export interface SignatureSearch {
  engine: string;
  found: readonly DetectedSignature[];
}

export interface DocumentFields {
  fields: ExtractedField[];
  warnings: string[];
}

/**
 * The fields of a document of `type` from its text lines (and the signatures an engine saw, when
 * it looked: `undefined` means it did not). Pure; never throws.
 *
 * @example
 * extractDocumentFields('contract', [{ page: 1, text: '合同总价:¥1,000.00(大写:壹仟元整)', confidence: 1, engine: 'pdf-text' }]).fields[0]?.value // '1000.00'
 */
export function extractDocumentFields(type: DocumentType, lines: readonly TextLine[], signatures?: SignatureSearch): DocumentFields {
  const prepared: Prepared[] = joinWrappedAmounts(lines.map((line, index) => ({ line, index, norm: normalizeLine(line.text) })));
  const warnings: string[] = [];
  const fields: ExtractedField[] = [];
  const amounts = amountCandidates(prepared, warnings);
  const amountRule = AMOUNT_RULES[type];
  if (amountRule) {
    const picked = pick(amounts, amountRule, prepared);
    if (picked) {
      const { candidate } = picked;
      const negative = amountRule.negative?.test(labelContext(candidate, prepared)) && candidate.value !== '0.00';
      fields.push(field(amountRule.name, negative ? `-${candidate.value}` : candidate.value, candidate, picked.factor, candidate.currency));
    }
  }
  const dates = prepared.flatMap((at) => findDates(at.norm).map((date): Candidate => ({ value: date.value, at, start: date.start, certainty: 1 })));
  const taken = new Set<Candidate>();
  for (const rule of DATE_RULES[type] ?? []) {
    const picked = pick(dates.filter((date) => !taken.has(date)), rule, prepared);
    if (!picked) continue;
    taken.add(picked.candidate);
    fields.push(field(rule.name, picked.candidate.value, picked.candidate, picked.factor));
  }
  if (PARTY_TYPES.includes(type)) fields.push(...partyFields(prepared));
  if (SIGNED_TYPES.includes(type)) fields.push(...signatureFields(prepared, signatures));
  if (type === 'visit_record') fields.push(...debtorRemarks(prepared));
  return { fields, warnings };
}

const FIGURE_TAIL = /(?:[¥￥$]|人民币|RMB|CNY|[\d,.])\s*$/u;
const FIGURE_HEAD = /^\s*[\d,.]+(?:\s*(?:万元|亿元|元))?/u;
// A date broken by the wrap: 截至202 / 6年10月31日, 2026年1 / 0月31日.
const DATE_TAIL = /(?:\d{1,4}|\d{4}\s*年\s*\d{0,2}|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{0,2})$/u;
const DATE_HEAD = /^\s*\d*\s*(?:年\s*\d{1,2}\s*月\s*\d{1,2}\s*[日号]|月\s*\d{1,2}\s*[日号]|[日号])/u;
const UPPER_CHARS = '零壹贰叁肆伍陆柒捌玖拾佰仟万亿元圆角分';
const UPPER_TAIL = new RegExp(`[${UPPER_CHARS}]\\s*$`, 'u');
const UPPER_HEAD = new RegExp(`^\\s*[${UPPER_CHARS}整正]+`, 'u');

/**
 * An amount or a date broken over two lines (…人民币8,005, / 000.00元, 捌佰万零 / 伍仟元整, 截至202 /
 * 6年10月31日) is put back together on its first line, where its label is; the second line keeps
 * the rest of its text.
 */
function joinWrappedAmounts(prepared: Prepared[]): Prepared[] {
  for (let i = 0; i + 1 < prepared.length; i++) {
    const here = prepared[i] as Prepared;
    const next = prepared[i + 1] as Prepared;
    if (here.line.page !== next.line.page) continue;
    const head =
      (DATE_TAIL.test(here.norm) ? DATE_HEAD.exec(next.norm) : undefined) ??
      (FIGURE_TAIL.test(here.norm) && /\d/u.test(next.norm.slice(0, 3)) ? FIGURE_HEAD.exec(next.norm) : undefined) ??
      (UPPER_TAIL.test(here.norm) ? UPPER_HEAD.exec(next.norm) : undefined);
    if (!head) continue;
    here.norm = `${here.norm.trimEnd()}${head[0].trim()}`;
    next.norm = next.norm.slice(head[0].length);
  }
  return prepared;
}

const REMARKS_LABEL = /^\s*(?:债务人|被走访(?:单位|人)|对方|欠款单位)?(?:意见|陈述|答复|回复|表示)\s*[:：]\s*|^\s*(?:debtor'?s?\s+)?(?:remarks|comments|response)\s*[:：]\s*/iu;
const NEXT_LABEL = /^\s*[^\s:：]{1,12}\s*[:：]|^\s*(?:签字|签名|盖章|日期)/u;

/**
 * What the debtor said on a visit record (债务人意见：…), as text: the labelled line and the lines
 * that continue it, up to the next label (签字：, 日期：…).
 */
function debtorRemarks(prepared: Prepared[]): ExtractedField[] {
  const at = prepared.findIndex((p) => REMARKS_LABEL.test(p.norm));
  if (at < 0) return [];
  const first = prepared[at] as Prepared;
  // The words as written (full-width punctuation kept): this is prose for a person to read.
  const parts = [first.line.text.replace(REMARKS_LABEL, '').trim()];
  for (const next of prepared.slice(at + 1, at + 8)) {
    if (next.line.page !== first.line.page || NEXT_LABEL.test(next.norm) || next.norm.trim() === '') break;
    parts.push(next.line.text.trim());
  }
  // Lines of Chinese join without a space; lines of English with one.
  const text = parts.reduce((all, part) => (/[A-Za-z,.]$/u.test(all) && /^[A-Za-z]/u.test(part) ? `${all} ${part}` : all + part), '').slice(0, 2000);
  if (text.length < 2 || /^[_\s.]+$/u.test(text)) return [];
  return [field('debtor_remarks', text, { at: first, certainty: 0.9 }, 1)];
}

/**
 * Amounts in figures and uppercase, with every figure / uppercase pair cross-checked. A warning
 * goes on the document whenever the two differ, or one side of a pair could not be read with
 * confidence: uppercase OCR made noise of (捌佰万寥伍仟元整), or read only in part.
 */
function amountCandidates(prepared: Prepared[], warnings: string[]): Candidate[] {
  const figures = prepared.map((at) => findFigureAmounts(at.norm).map((amount): Candidate => ({ value: amount.value, ...(amount.currency ? { currency: amount.currency } : {}), at, start: amount.start, certainty: amount.certainty })));
  const candidates = figures.flat();
  const quote = (at: Prepared) => `"${at.line.text.trim()}"`;
  prepared.forEach((at, index) => {
    const illegible = findIllegibleUppercase(at.norm);
    for (const noise of illegible) {
      const partner = nearestFigure(figures, index, noise.start, at.norm);
      warnings.push(
        partner
          ? `page ${at.line.page}: the amount in uppercase ("${noise.text}") could not be read, so the amount in figures ${partner.value} (${quote(partner.at)}) is not confirmed by it; check the document`
          : `page ${at.line.page}: an amount in uppercase ("${noise.text}") could not be read and no amount in figures stands next to it; check the document`,
      );
      if (partner) partner.certainty = Math.min(partner.certainty, 0.6);
    }
    // Offsets of uppercase matches are in the line without spaces; so are those compared here.
    for (const upper of findChineseUppercaseAmounts(at.norm)) {
      // A reading inside noise already warned about is a fragment, not an amount of its own.
      if (illegible.some((noise) => noise.start <= upper.start && upper.end <= noise.end)) continue;
      const partner = nearestFigure(figures, index, upper.start, at.norm);
      const upperCertainty = upper.repairs > 0 ? 0.75 : 0.9;
      if (!partner) {
        candidates.push({ value: upper.value, currency: 'CNY', at, start: upper.start, certainty: upperCertainty * (at.line.confidence < 0.6 ? 0.8 : 1) });
        if (hasIllegibleFigure(at.norm)) warnings.push(`page ${at.line.page}: the amount in figures on ${quote(at)} could not be read; the uppercase ${upper.value} ("${upper.text}") was taken, check it`);
        continue;
      }
      if (partner.value === upper.value) {
        // Two independent readings agree: whatever guessing either took, the value stands.
        partner.certainty = Math.max(partner.certainty, Math.min(1, partner.certainty + 0.1), 0.95);
        continue;
      }
      // A run that is part of the partner's uppercase form is what OCR left of it (肆佰贰拾元伍角 out
      // of 捌万陆仟肆佰贰拾元伍角, the rest unread): the figure is not contradicted, but not confirmed.
      if (toChineseUppercase(partner.value).includes(upper.text.replace(/[整正]$/u, '')) && upper.repairs === 0) {
        warnings.push(`page ${at.line.page}: the amount in uppercase was read only in part ("${upper.text}"), so the amount in figures ${partner.value} (${quote(partner.at)}) is not confirmed by it; check the document`);
        partner.certainty = Math.min(partner.certainty, 0.7);
        continue;
      }
      warnings.push(
        `page ${at.line.page}: the amount in figures ${partner.value} (${quote(partner.at)}) and in uppercase ${upper.value} ("${upper.text}") differ; check which the document means`,
      );
      // The figure stays the candidate (figures are read more reliably), with little confidence left.
      partner.certainty = 0.3;
    }
  });
  return candidates;
}

/** A currency sign or 小写 followed by digits that did not read as an amount (¥8,0#5,O0.0). */
function hasIllegibleFigure(norm: string): boolean {
  return /(?:[¥￥$]|小写)\s*[:：]?\s*\d[^\s)）元]{2,}/u.test(norm) && findFigureAmounts(norm).length === 0;
}

/** The figure an uppercase amount belongs with: on its line (nearest), else the line before, else after. */
function nearestFigure(figures: Candidate[][], index: number, offset: number, norm: string): Candidate | undefined {
  const same = figures[index] ?? [];
  if (same.length > 0) {
    const compactOffset = (candidate: Candidate) => norm.slice(0, candidate.start).replace(/\s+/gu, '').length;
    return [...same].sort((a, b) => Math.abs(compactOffset(a) - offset) - Math.abs(compactOffset(b) - offset))[0];
  }
  return figures[index - 1]?.at(-1) ?? figures[index + 1]?.[0];
}

/**
 * The candidate whose nearest label is the most preferred; without any, the fallback (first or
 * last) with less confidence. The label is looked for before the value on its line, or on the
 * line before when the value's line has no words of its own (合同总价: / ¥1,000.00).
 */
function pick(candidates: Candidate[], rule: Rule, prepared: Prepared[]): { candidate: Candidate; factor: number } | undefined {
  let best: { candidate: Candidate; rank: number } | undefined;
  const unlabelled: Candidate[] = [];
  for (const candidate of candidates) {
    const context = labelContext(candidate, prepared);
    const rank = labelRank(context, rule);
    if (rank === 'excluded') continue;
    if (rank === undefined) unlabelled.push(candidate);
    else if (!best || rank < best.rank) best = { candidate, rank };
  }
  if (best) return { candidate: best.candidate, factor: best.rank === 0 ? 1 : best.rank <= 2 ? 0.9 : 0.8 };
  if (!rule.fallback || unlabelled.length === 0) return undefined;
  return { candidate: (rule.fallback === 'first' ? unlabelled[0] : unlabelled.at(-1)) as Candidate, factor: 0.6 };
}

const lastFigureEnd = (text: string) => {
  const match = /\d[^\d]*$/u.exec(text);
  return match ? match.index + 1 : 0;
};

const UPPERCASE_RUN = /[零壹贰叁肆伍陆柒捌玖拾佰仟万亿元圆角分整正]/gu;

function labelContext(candidate: Candidate, prepared: Prepared[]): string {
  const before = candidate.at.norm.slice(0, candidate.start);
  const words = before.replace(/小写|大写|人民币|RMB|CNY|USD|[¥￥$#:：()（）\s\d.,-]/giu, '').replace(UPPERCASE_RUN, '');
  if (words.length >= 2) return before;
  // Look back over lines that are only 小写 / 大写 / figures, up to two lines.
  for (let back = 1; back <= 2; back++) {
    const previous = prepared[candidate.at.index - back];
    if (!previous || previous.line.page !== candidate.at.line.page) break;
    const previousWords = previous.norm.replace(/小写|大写|人民币|RMB|CNY|[¥￥$#:：()（）\s\d.,-]/giu, '').replace(UPPERCASE_RUN, '');
    // Only what follows the last figure of that line can label this one (its own value came before).
    if (previousWords.length >= 2) return `${previous.norm.slice(lastFigureEnd(previous.norm))} ${before}`;
  }
  return before;
}

/**
 * Rank of the nearest label before a value: lower is better; a label that opens its line (a
 * field label) beats one inside a sentence (a reference: 预付款为合同总价的30%). A value whose
 * line mentions an excluded label and does not open with a wanted one is refused.
 */
function labelRank(context: string, rule: Rule): number | 'excluded' | undefined {
  let nearest: { index: number; rank: number } | undefined;
  let leading = false;
  const opening = context.replace(/^[\s\d.、()（）一二三四五六七八九十]*(?:第[^条]{1,4}条)?\s*/u, '');
  rule.labels.forEach((label, rank) => {
    for (const match of context.matchAll(new RegExp(label.source, 'giu'))) {
      const index = (match.index ?? 0) + match[0].length;
      if (!nearest || index > nearest.index || (index === nearest.index && rank < nearest.rank)) nearest = { index, rank };
    }
    if (new RegExp(`^(?:${label.source})`, 'iu').test(opening)) leading = true;
  });
  if (rule.not && new RegExp(rule.not.source, 'iu').test(context) && !leading) return 'excluded';
  if (!nearest) return undefined;
  return nearest.rank * 2 + (leading ? 0 : 1);
}

function field(name: ExtractedFieldName, value: string, from: { at: Prepared; certainty: number }, factor: number, currency?: string): ExtractedField {
  const { line } = from.at;
  return {
    name,
    value,
    ...(currency ? { currency } : {}),
    confidence: round(line.confidence * from.certainty * factor),
    page: line.page,
    ...(line.bbox ? { bbox: line.bbox } : {}),
    text: line.text.trim(),
    engine: line.engine,
    reviewed: false,
  };
}

/** The first debtor and creditor named, their codes, and the contract number. */
function partyFields(prepared: Prepared[]): ExtractedField[] {
  const fields: ExtractedField[] = [];
  let current: 'creditor' | 'debtor' | undefined;
  const seen = new Set<string>();
  const add = (f: ExtractedField) => {
    if (seen.has(f.name)) return;
    seen.add(f.name);
    fields.push(f);
  };
  for (const at of prepared) {
    const party = findParty(at.norm);
    if (party) {
      current = party.role;
      add(field(party.role === 'creditor' ? 'party_creditor' : 'party_debtor', party.name, { at, certainty: 1 }, 1));
    }
    for (const code of findUsccCodes(at.norm)) {
      add(field(current === 'creditor' ? 'creditor_uscc' : current === 'debtor' ? 'debtor_uscc' : 'uscc', code.value, { at, certainty: code.certainty }, 1));
    }
    const contractNo = findContractNo(at.norm);
    if (contractNo) add(field('contract_no', contractNo, { at, certainty: 1 }, 1));
  }
  return fields;
}

/** Who signed for the debtor (a signer label with a name) and whether a signature was seen. */
function signatureFields(prepared: Prepared[], signatures: SignatureSearch | undefined): ExtractedField[] {
  const fields: ExtractedField[] = [];
  for (const at of prepared) {
    const match = SIGNER.exec(at.norm);
    const name = (match?.groups?.name ?? match?.groups?.en)?.trim();
    if (name && !/^[_\s.]+$/u.test(name)) {
      fields.push(field('signer', name, { at, certainty: 0.8 }, 1));
      break;
    }
  }
  if (signatures) {
    const best = [...signatures.found].sort((a, b) => b.confidence - a.confidence)[0];
    fields.push({
      name: 'signature_present',
      value: best ? 'true' : 'false',
      confidence: round(best ? best.confidence : 0.5),
      page: best?.page ?? 1,
      ...(best?.bbox ? { bbox: best.bbox } : {}),
      text: best ? 'signature detected' : 'no signature detected',
      engine: best?.engine ?? signatures.engine,
      reviewed: false,
    });
  }
  return fields;
}

const round = (value: number) => Math.round(Math.max(0, Math.min(1, value)) * 1000) / 1000;
