import { isLegalDate, type LegalDate } from './legal-date';

/**
 * Dates as written in Chinese and English documents: `2026年11月29日` (also 号, and in Chinese
 * numerals 二〇二六年十一月二十九日), `2026-11-29`, `2026/11/29`, `2026.11.29`, `29 November 2026`,
 * `29th Nov. 2026`, `29-Nov-2026`, `November 29, 2026`. Day and month in figures before the year
 * (`01/31/2021`) are read only when the order cannot be mistaken (one of them above 12): 12/07/2019
 * is 7 December in New York and 12 July in London, so it is refused. A date that does not exist
 * (2026-02-30) is refused.
 */
export interface FoundDate {
  value: LegalDate;
  text: string;
  start: number;
  end: number;
}

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  january: 1, february: 2, march: 3, april: 4, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
};
const MONTH = String.raw`(?<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;
const DAY = String.raw`(?<day>\d{1,2})(?:st|nd|rd|th)?`;
const YEAR = String.raw`(?<year>\d{4})`;
const CN_NUMERAL = '〇○零一二三四五六七八九十';

const PATTERNS: RegExp[] = [
  new RegExp(String.raw`(?<!\d)${YEAR}\s*年\s*(?<month>\d{1,2})\s*月\s*(?<day>\d{1,2})\s*[日号]`, 'gu'),
  new RegExp(String.raw`(?<![\dA-Za-z])${YEAR}(?<sep>[-/.])(?<month>\d{1,2})\k<sep>(?<day>\d{1,2})(?![\d])`, 'gu'),
  new RegExp(String.raw`(?<![\dA-Za-z])${DAY}\s+(?:of\s+)?${MONTH}\s*,?\s*${YEAR}(?!\d)`, 'giu'),
  new RegExp(String.raw`(?<![\dA-Za-z])${DAY}-${MONTH}-${YEAR}(?!\d)`, 'giu'),
  new RegExp(String.raw`(?<![\d./-])(?<first>\d{1,2})(?<sep>[-/.])(?<second>\d{1,2})\k<sep>${YEAR}(?![\d])`, 'gu'),
  new RegExp(String.raw`(?<![A-Za-z])${MONTH}\s+${DAY}\s*,?\s*${YEAR}(?!\d)`, 'giu'),
  new RegExp(String.raw`(?<year>[${CN_NUMERAL}]{4})\s*年\s*(?<month>[${CN_NUMERAL}]{1,2})\s*月\s*(?<day>[${CN_NUMERAL}]{1,3})\s*[日号]`, 'gu'),
];

/**
 * Every valid date in a normalised line, in order of position. Never throws.
 *
 * @example
 * findDates('签订日期:2026年11月29日').map((d) => d.value) // ['2026-11-29']
 * findDates('Dated November 29, 2026').map((d) => d.value) // ['2026-11-29']
 * findDates('2026-02-30') // []
 */
export function findDates(line: string): FoundDate[] {
  if (typeof line !== 'string') return [];
  const found: FoundDate[] = [];
  for (const pattern of PATTERNS) {
    for (const match of line.matchAll(pattern)) {
      const groups = { ...match.groups } as { year: string; month: string; day: string; first?: string; second?: string };
      if (groups.first !== undefined && groups.second !== undefined) {
        const [first, second] = [Number(groups.first), Number(groups.second)];
        // Only when one of the two cannot be a month.
        if ((first > 12) === (second > 12)) continue;
        [groups.day, groups.month] = first > 12 ? [groups.first, groups.second] : [groups.second, groups.first];
      }
      const year = chineseOrArabic(groups.year, true);
      const month = MONTHS[groups.month.toLowerCase()] ?? chineseOrArabic(groups.month, false);
      const day = chineseOrArabic(groups.day, false);
      if (year === undefined || month === undefined || day === undefined) continue;
      const value = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      const start = match.index ?? 0;
      const end = start + match[0].length;
      if (!isLegalDate(value) || year < 1900 || year > 2199) continue;
      if (found.some((other) => start < other.end && other.start < end)) continue;
      found.push({ value, text: match[0], start, end });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Arabic digits, or Chinese numerals: digit by digit for a year (二〇二六), with 十 otherwise. */
function chineseOrArabic(text: string, isYear: boolean): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const digit = (char: string) => '〇○零一二三四五六七八九'.indexOf(char);
  const value = (char: string) => {
    const index = digit(char);
    return index < 0 ? -1 : Math.max(0, index - 2);
  };
  if (isYear) {
    const digits = [...text].map(value);
    return digits.some((d) => d < 0) ? undefined : Number(digits.join(''));
  }
  const chars = [...text];
  const ten = chars.indexOf('十');
  if (ten < 0) return chars.length === 1 && value(chars[0] as string) > 0 ? value(chars[0] as string) : undefined;
  const tens = ten === 0 ? 1 : value(chars[0] as string);
  const units = ten === chars.length - 1 ? 0 : value(chars[ten + 1] as string);
  if (tens < 1 || units < 0 || chars.length > ten + 2) return undefined;
  return tens * 10 + units;
}
