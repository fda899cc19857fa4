import Decimal from 'decimal.js';
import { formatMoney } from './money';

/**
 * Amounts written in figures, as they come out of PDFs and OCR: `¥1,234,567.89`, `RMB 1234567.89`,
 * `人民币123.45万元`, `$ 1,234.00`, `1.234.567,89` (separators swapped), `Y1,234.00`, `#1,234.00` or
 * `羊1,234.00` (¥ misread by OCR), `8, 005, 000. 00` (spaces inside), `8,0O5,000.00` (O or l for a
 * digit). Only numbers that name their money (a currency sign or code, 元, or a multiplier 万元/亿元)
 * are taken: a bare number is a quantity, a phone number or a clause.
 */

export interface FigureAmount {
  /** Two decimals, as money is kept. */
  value: string;
  /** ISO 4217 when the text says it; undefined when only 元 or a bare ¥ shows (CNY implied). */
  currency?: string;
  /** The amount as written in the (normalised) line. */
  text: string;
  start: number;
  end: number;
  /** Lower when the reading relied on guessing: OCR look-alikes, ambiguous separators. */
  certainty: number;
}

const PREFIX = String.raw`(?<prefix>US\$|USD|RMB|CNY|HKD|HK\$|EUR|GBP|人民币|美元|港币|港元|[¥￥$€£]|(?<![A-Za-z0-9])(?:Y[X×]?|[#羊丫])(?=\s?\d))`;
const NUMBER = String.raw`(?<number>\d[\d,.' ]*\d|\d)`;
const SUFFIX = String.raw`(?<suffix>亿元|万元|亿|万|元|圆|美元|港元|块)?`;
const AMOUNT = new RegExp(String.raw`(?:${PREFIX}\s?:?\s?)?(?<![\d.,])${NUMBER}(?![\d])\s?${SUFFIX}`, 'gu');

/** What OCR reads in place of ¥. */
const OCR_SIGNS = ['Y', 'YX', 'Y×', '#', '羊', '丫'];

const CURRENCY_OF: Record<string, string> = {
  'US$': 'USD', USD: 'USD', '$': 'USD', 美元: 'USD',
  RMB: 'CNY', CNY: 'CNY', 人民币: 'CNY', '¥': 'CNY', '￥': 'CNY', Y: 'CNY', YX: 'CNY', 'Y×': 'CNY', '#': 'CNY', 羊: 'CNY', 丫: 'CNY', 元: 'CNY', 圆: 'CNY', 块: 'CNY',
  HKD: 'HKD', 'HK$': 'HKD', 港币: 'HKD', 港元: 'HKD',
  EUR: 'EUR', '€': 'EUR', GBP: 'GBP', '£': 'GBP',
};

/**
 * Every amount in figures in a normalised line (see `normalizeLine`). Never throws.
 *
 * @example
 * findFigureAmounts('合同总价:人民币1,234,567.89元')[0]?.value // '1234567.89'
 * findFigureAmounts('暂定金额 123.45万元')[0]?.value          // '1234500.00'
 * findFigureAmounts('Total EUR 1.234.567,89')[0]?.value      // '1234567.89'
 */
export function findFigureAmounts(text: string): FigureAmount[] {
  if (typeof text !== 'string') return [];
  // OCR reads 0 as O and 1 as l or I between digits: mapped back (same length, offsets hold).
  const line = text.replace(/(?<=\d[,.]?)[OoDlI|](?=[,.]?\d)/gu, (char) => (/[OoD]/u.test(char) ? '0' : '1'));
  const found: FigureAmount[] = [];
  for (const match of line.matchAll(AMOUNT)) {
    const { prefix, number, suffix } = match.groups as { prefix?: string; number: string; suffix?: string };
    // Digits running on into OCR residue (¥8,0#5,O0.0) are not an amount that can be read.
    if (/^(?:#|[OoDlI|](?=[\d,.#]))/u.test(line.slice((match.index ?? 0) + match[0].trimEnd().length))) continue;
    // A bare number counts only as the value of a labelled field, written as money is (OCR drops ¥).
    const fieldValue = !prefix && !suffix && /[:：]\s*$/u.test(line.slice(0, match.index)) && /^(\d{1,3}(,\d{3})+(\.\d{2})?|\d+\.\d{2})$/u.test(number.trim());
    if (!prefix && !suffix && !fieldValue) continue;
    // 万 / 亿 alone (no 元) multiply only with a currency in front: "3万" may be a count.
    if (!prefix && (suffix === '万' || suffix === '亿')) continue;
    const multiplier = suffix?.startsWith('亿') ? 8 : suffix?.startsWith('万') ? 4 : 0;
    // OCR puts stray spaces into numbers (5,01 2,345.60): read it without them when it fails with.
    const read = readNumber(number.trim(), multiplier > 0) ?? readNumber(number.trim().replace(/(?<=[\d,.]) (?=[\d,.])/gu, ''), multiplier > 0);
    if (!read) continue;
    const amount = read.value.times(new Decimal(10).pow(multiplier));
    if (amount.decimalPlaces() > 2 || amount.isNegative() || amount.greaterThanOrEqualTo('1e15')) continue;
    const currencyWord = prefix ?? (suffix === '美元' ? '美元' : suffix === '港元' ? '港元' : suffix ? '元' : undefined);
    const ocrSign = prefix !== undefined && OCR_SIGNS.includes(prefix);
    const lookAlikeDigits = line.slice(match.index, (match.index ?? 0) + match[0].length) !== text.slice(match.index, (match.index ?? 0) + match[0].length);
    const explicit = prefix && !['¥', '￥', ...OCR_SIGNS].includes(prefix) ? CURRENCY_OF[prefix] : suffix === '美元' ? 'USD' : suffix === '港元' ? 'HKD' : undefined;
    const start = match.index ?? 0;
    found.push({
      value: formatMoney(amount),
      ...(explicit ? { currency: explicit } : currencyWord && CURRENCY_OF[currencyWord] === 'CNY' ? { currency: 'CNY' } : {}),
      text: match[0].trim(),
      start,
      end: start + match[0].length,
      certainty: read.certainty * (ocrSign ? 0.8 : 1) * (fieldValue ? 0.7 : 1) * (lookAlikeDigits ? 0.8 : 1),
    });
  }
  return found;
}

/**
 * Reads digits with separators. The decimal separator is the last `.` or `,` followed by one or
 * two digits at the end; the others must then group thousands (three digits). With a multiplier
 * (万元) more decimals are allowed, since 123.4567万元 is a whole number of yuan.
 */
function readNumber(raw: string, multiplied: boolean): { value: Decimal; certainty: number } | undefined {
  const groups = raw.split(/[,.' ]/u);
  const separators = raw.match(/[,.' ]/gu) ?? [];
  if (groups.some((group) => group === '')) return undefined;
  if (separators.length === 0) return { value: new Decimal(raw), certainty: 1 };
  const last = groups.at(-1) as string;
  const lastSeparator = separators.at(-1) as string;
  const head = groups.slice(0, -1);
  const thousands = (parts: string[]) => parts.length > 0 && (parts[0] as string).length <= 3 && parts.slice(1).every((part) => part.length === 3);
  const decimalSeparatorOk = lastSeparator === '.' || lastSeparator === ',';
  // 1,234,567.89 / 1.234.567,89 / 1234.5 / 1 234 567.89
  if (decimalSeparatorOk && last.length <= 2 && (head.length === 1 || thousands(head))) {
    const headSeparators = new Set(separators.slice(0, -1));
    if (headSeparators.has(lastSeparator)) {
      // 1,234,567,89: a comma read where the point was: take it, with less certainty.
      return { value: new Decimal(`${head.join('')}.${last}`), certainty: 0.7 };
    }
    const swapped = lastSeparator === ',' && head.length > 1;
    return { value: new Decimal(`${head.join('')}.${last}`), certainty: swapped || lastSeparator === ',' ? 0.85 : 1 };
  }
  if (multiplied && separators.length === 1 && lastSeparator === '.') return { value: new Decimal(`${head.join('')}.${last}`), certainty: 1 };
  // 1,234,567 / 1.234.567 / 1 234 567: thousands only.
  if (thousands(groups) && new Set(separators).size === 1) {
    return { value: new Decimal(groups.join('')), certainty: lastSeparator === '.' ? 0.75 : 1 };
  }
  return undefined;
}
