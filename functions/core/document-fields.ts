import { findChineseUppercaseAmounts, toChineseUppercase } from './chinese-amount';
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

const DECREASE = /核减|减少|扣减|减项|decrease|deduction|reduction/iu;

const NOT_A_TOTAL = /违约金|保证金|预付款|质保金|保修金|税额|税率|单价|已付|已支付|已收|penalty|deposit|retention|advance|tax|unit\s*price|paid\s*to\s*date/iu;

const AMOUNT_RULES: Partial<Record<DocumentType, Rule>> = {
  contract: {
    name: 'total_amount',
    labels: [/合同总价|合同总金额|合同总额|合同价款|签约合同价|合同金额|总价款|contract\s*(?:price|sum|amount|value)|total\s*contract/iu, /总金额|总价|合同价|total\s*(?:price|amount|sum)?/iu],
    not: NOT_A_TOTAL,
    fallback: 'first',
  },
  visa: { name: 'amount_change', negative: DECREASE, labels: [/签证金额|变更金额|增加金额|减少金额|核增|核减|增减金额|调整金额|签证费用|变更费用|variation\s*(?:amount|sum)|change\s*amount/iu, /费用合计|合计|金额|total|amount/iu], not: /单价|税率|unit\s*price/iu, fallback: 'first' },
  change_negotiation: { name: 'amount_change', negative: DECREASE, labels: [/变更金额|洽商金额|签证金额|增加金额|减少金额|核增|核减|增减金额|调整金额|变更费用|variation\s*(?:amount|sum)|change\s*amount/iu, /费用合计|合计|金额|total|amount/iu], not: /单价|税率|unit\s*price/iu, fallback: 'first' },
  settlement: { name: 'settled_amount', labels: [/结算金额|结算总价|结算价款|结算总额|审定金额|审定价|审定造价|结算价|settle(?:d|ment)\s*(?:amount|sum|total|price)|final\s*account/iu, /总计|合计|total/iu], not: /送审|报审|已付|已支付|submitted|paid/iu, fallback: 'first' },
  payment_record: { name: 'payment_amount', labels: [/付款金额|交易金额|转账金额|支付金额|汇款金额|实付金额|payment\s*amount|amount\s*paid|transfer\s*amount/iu, /金额|amount|total/iu], not: /余额|手续费|balance|fee/iu, fallback: 'first' },
  acknowledgement: { name: 'acknowledged_balance', labels: [/尚欠|欠款金额|欠款余额|欠款总额|未付金额|应付未付|确认欠款|outstanding\s*balance|balance\s*(?:due|owed|outstanding)|amount\s*(?:due|owed|outstanding)/iu, /欠款|余额|未付|balance|outstanding|owe[sd]?/iu], not: /已付|已支付|paid/iu, fallback: 'first' },
  visit_record: { name: 'acknowledged_balance', labels: [/尚欠|欠款金额|欠款余额|欠款总额|未付金额|确认欠款|outstanding\s*balance|balance\s*(?:due|owed|outstanding)|amount\s*(?:due|owed|outstanding)/iu, /欠款|余额|未付|balance|outstanding|owe[sd]?/iu], not: /已付|已支付|paid/iu, fallback: 'first' },
  invoice: { name: 'invoice_total', labels: [/价税合计|发票金额|invoice\s*total|amount\s*due|total\s*due|grand\s*total/iu, /合计|总计|total/iu], not: /税额|不含税|tax|subtotal|sub-total|vat\b/iu, fallback: 'first' },
};

const DATE_RULES: Partial<Record<DocumentType, Rule[]>> = {
  contract: [{ name: 'signing_date', labels: [/签订日期|签约日期|签署日期|签订时间|签订于|签约时间|date\s*of\s*(?:signing|signature|agreement|contract)|signed\s*(?:on|at|date)?|dated|contract\s*date/iu, /日期|date/iu], not: /开工|竣工|完工|付款|到期|commence|complet|due|payment/iu, fallback: 'last' }],
  visa: [{ name: 'document_date', labels: [/签证日期|签发日期|确认日期|日期|date/iu], fallback: 'first' }],
  change_negotiation: [{ name: 'document_date', labels: [/洽商日期|变更日期|确认日期|日期|date/iu], fallback: 'first' }],
  settlement: [{ name: 'document_date', labels: [/结算日期|审定日期|确认日期|日期|date/iu], fallback: 'last' }],
  payment_record: [{ name: 'payment_date', labels: [/交易日期|付款日期|支付日期|转账日期|记账日期|汇款日期|交易时间|payment\s*date|value\s*date|transaction\s*date/iu, /日期|date/iu], fallback: 'first' }],
  acknowledgement: [{ name: 'document_date', labels: [/确认日期|签收日期|签署日期|日期|date/iu], fallback: 'last' }],
  visit_record: [{ name: 'document_date', labels: [/走访日期|拜访日期|催收日期|签收日期|日期|时间|date/iu], fallback: 'first' }],
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
  const prepared: Prepared[] = lines.map((line, index) => ({ line, index, norm: normalizeLine(line.text) }));
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
  return { fields, warnings };
}

/** Amounts in figures and uppercase, with every figure / uppercase pair cross-checked. */
function amountCandidates(prepared: Prepared[], warnings: string[]): Candidate[] {
  const figures = prepared.map((at) => findFigureAmounts(at.norm).map((amount): Candidate => ({ value: amount.value, ...(amount.currency ? { currency: amount.currency } : {}), at, start: amount.start, certainty: amount.certainty })));
  const candidates = figures.flat();
  prepared.forEach((at, index) => {
    // Offsets of uppercase matches are in the line without spaces; so are those compared here.
    for (const upper of findChineseUppercaseAmounts(at.norm)) {
      const partner = nearestFigure(figures, index, upper.start, at.norm);
      if (!partner) {
        candidates.push({ value: upper.value, currency: 'CNY', at, start: upper.start, certainty: 0.9 });
        continue;
      }
      if (partner.value === upper.value) {
        partner.certainty = Math.min(1, partner.certainty + 0.1);
        continue;
      }
      // A run that is part of the partner's uppercase form is what OCR left of it (肆佰贰拾元伍角 out
      // of 捌万陆仟肆佰贰拾元伍角, the rest misread): unreadable, not a different amount.
      if (toChineseUppercase(partner.value).includes(upper.text.replace(/[整正]$/u, ''))) continue;
      warnings.push(
        `page ${at.line.page}: the amount in figures ${partner.value} ("${partner.at.line.text.trim()}") and in uppercase ${upper.value} ("${upper.text}") differ; check which the document means`,
      );
      // The figure stays the candidate (figures are read more reliably), with little confidence left.
      partner.certainty = 0.3;
    }
  });
  return candidates;
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

function labelContext(candidate: Candidate, prepared: Prepared[]): string {
  const before = candidate.at.norm.slice(0, candidate.start);
  const words = before.replace(/小写|大写|人民币|RMB|CNY|USD|[¥￥$#:：()（）\s\d.,-]/giu, '');
  if (words.length >= 2) return before;
  // Look back over lines that are only 小写 / 大写 / figures, up to two lines.
  for (let back = 1; back <= 2; back++) {
    const previous = prepared[candidate.at.index - back];
    if (!previous || previous.line.page !== candidate.at.line.page) break;
    const previousWords = previous.norm.replace(/小写|大写|人民币|RMB|CNY|[¥￥$#:：()（）\s\d.,-]/giu, '').replace(new RegExp(`[${'零壹贰叁肆伍陆柒捌玖拾佰仟万亿元圆角分整正'}]`, 'gu'), '');
    if (previousWords.length >= 2) return `${previous.norm} ${before}`;
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
