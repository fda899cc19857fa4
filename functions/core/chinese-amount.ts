import { parseMoney } from './money';

/**
 * Chinese uppercase amounts (大写金额), as written on contracts, cheques and receipts so that a
 * figure cannot be altered: 壹贰叁肆伍陆柒捌玖 with the units 拾佰仟万亿, then 元 (or 圆), 角, 分,
 * and 整 (or 正) when nothing follows. The writer follows the People's Bank of China rules for
 * financial documents; the reader also takes common variants (traditional forms, 圆/正, lower-case
 * numerals 一二三, a missing 壹 before 拾) since it reads OCR output and other people's writing.
 */

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const SECTION_UNITS = ['', '拾', '佰', '仟'] as const;

/**
 * Writes an amount (a money string, at most two decimals) in Chinese uppercase.
 *
 * @example
 * toChineseUppercase('1234567.89') // '壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分'
 * toChineseUppercase('100010000')  // '壹亿零壹万元整'
 * toChineseUppercase('0.05')       // '伍分'
 */
export function toChineseUppercase(amount: string): string {
  const [integerPart, fraction = ''] = parseMoney(amount).toFixed(2).split('.') as [string, string?];
  const integer = BigInt(integerPart);
  const jiao = Number(fraction[0] ?? '0');
  const fen = Number(fraction[1] ?? '0');
  if (integer === 0n && jiao === 0 && fen === 0) return '零元整';
  let out = integer > 0n ? `${writeInteger(integer)}元` : '';
  if (jiao > 0) out += `${DIGITS[jiao]}角`;
  else if (fen > 0 && integer > 0n) out += '零';
  if (fen > 0) out += `${DIGITS[fen]}分`;
  else out += '整';
  return out;
}

/** An integer below 10^16 in uppercase, grouped by 亿 and 万 with the zero rules of PBoC. */
function writeInteger(n: bigint): string {
  if (n >= 100_000_000n) {
    const high = n / 100_000_000n;
    const low = n % 100_000_000n;
    return `${writeInteger(high)}亿${low === 0n ? '' : (low < 10_000_000n ? '零' : '') + writeInteger(low)}`;
  }
  if (n >= 10_000n) {
    const high = n / 10_000n;
    const low = n % 10_000n;
    return `${writeSection(Number(high))}万${low === 0n ? '' : (low < 1000n ? '零' : '') + writeSection(Number(low))}`;
  }
  return writeSection(Number(n));
}

/** 1–9999: zeros between digits become one 零, trailing zeros are dropped. */
function writeSection(n: number): string {
  const digits = String(n).split('').map(Number);
  let out = '';
  let pendingZero = false;
  digits.forEach((digit, i) => {
    const unit = SECTION_UNITS[digits.length - 1 - i] as string;
    if (digit === 0) {
      pendingZero = out !== '';
      return;
    }
    out += `${pendingZero ? '零' : ''}${DIGITS[digit]}${unit}`;
    pendingZero = false;
  });
  return out;
}

// Quoted keys: some of these characters (〇, ○) are not identifiers.
const DIGIT_VALUES: Record<string, number> = Object.fromEntries(
  ['零〇○Ｏ', '壹一弌', '贰貳二两兩', '叁參叄三', '肆四', '伍五', '陆陸六', '柒七', '捌八', '玖九'].flatMap((chars, value) => [...chars].map((char) => [char, value])),
);
const SMALL_UNITS: Record<string, bigint> = { 拾: 10n, 十: 10n, 佰: 100n, 百: 100n, 陌: 100n, 仟: 1000n, 千: 1000n, 阡: 1000n };
const WAN = new Set(['万', '萬']);
const YI = new Set(['亿', '億']);
const YUAN = new Set(['元', '圆', '圓']);
const END = new Set(['整', '正']);

/** Characters that may appear inside an uppercase amount. */
export const UPPERCASE_AMOUNT_CHARS = `${Object.keys(DIGIT_VALUES).join('')}${Object.keys(SMALL_UNITS).join('')}万萬亿億元圆圓角分整正`;
const RUN = new RegExp(`[${UPPERCASE_AMOUNT_CHARS}]+`, 'gu');

/**
 * Reads the first Chinese uppercase amount in `text` as a money string; undefined when there is
 * none or it is malformed. Spaces inside the amount are ignored (OCR puts them in). Never throws.
 *
 * @example
 * parseChineseUppercase('大写：人民币壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分') // '1234567.89'
 * parseChineseUppercase('壹万亿元整') // '1000000000000.00'
 * parseChineseUppercase('拾万圆正')   // '100000.00'
 */
export function parseChineseUppercase(text: string): string | undefined {
  return findChineseUppercaseAmounts(text)[0]?.value;
}

export interface UppercaseMatch {
  value: string;
  /** The amount as written, spaces removed. */
  text: string;
  /** Offsets of the match in the (space-stripped) text. */
  start: number;
  end: number;
}

/**
 * Every Chinese uppercase amount in `text`, in order. A run of numeral characters counts only if
 * it names a unit of money (元/圆, 角 or 分), so that 十一月 or 第三条 are not amounts.
 *
 * @example
 * findChineseUppercaseAmounts('小写100元，大写壹佰元整').map((m) => m.value) // ['100.00']
 */
export function findChineseUppercaseAmounts(text: string): UppercaseMatch[] {
  if (typeof text !== 'string') return [];
  const compact = text.replace(/[\s\u3000]+/gu, '');
  const found: UppercaseMatch[] = [];
  for (const match of compact.matchAll(RUN)) {
    const run = match[0];
    const value = readRun(run);
    if (value !== undefined) found.push({ value, text: run, start: match.index ?? 0, end: (match.index ?? 0) + run.length });
  }
  return found;
}

/** Reads one run of amount characters; undefined when it is not a well-formed amount. */
function readRun(run: string): string | undefined {
  let total = 0n; // whole 亿 groups, already multiplied
  let wan = 0n; // the part between 亿 and 万, already multiplied
  let section = 0n; // below 万
  let digit: bigint | undefined;
  let integer: bigint | undefined; // set at 元 (or 0 when the amount starts with 角 / 分)
  let jiao: bigint | undefined;
  let fen: bigint | undefined;
  let ended = false;
  const startFraction = (): boolean => {
    if (digit === undefined) return false;
    if (integer === undefined) {
      if (total + wan + section !== 0n) return false;
      integer = 0n;
    }
    return true;
  };
  for (const char of run) {
    if (ended || fen !== undefined) return undefined;
    if (char in DIGIT_VALUES) {
      digit = BigInt(DIGIT_VALUES[char] as number);
    } else if (char in SMALL_UNITS) {
      const unit = SMALL_UNITS[char] as bigint;
      // 拾 alone means ten (拾万 = 100000); 佰 and 仟 need their digit.
      if (integer !== undefined || (digit === undefined && unit !== 10n)) return undefined;
      section += (digit ?? 1n) * unit;
      digit = undefined;
    } else if (WAN.has(char)) {
      const group = section + (digit ?? 0n);
      if (integer !== undefined || group === 0n) return undefined;
      wan += group * 10_000n;
      section = 0n;
      digit = undefined;
    } else if (YI.has(char)) {
      const group = wan + section + (digit ?? 0n);
      if (integer !== undefined || (group === 0n && total === 0n)) return undefined;
      total = (total + group) * 100_000_000n;
      wan = 0n;
      section = 0n;
      digit = undefined;
    } else if (YUAN.has(char)) {
      if (integer !== undefined) return undefined;
      integer = total + wan + section + (digit ?? 0n);
      if (digit === undefined && integer === 0n) return undefined;
      digit = undefined;
    } else if (char === '角') {
      if (jiao !== undefined || !startFraction()) return undefined;
      jiao = digit;
      digit = undefined;
    } else if (char === '分') {
      if (!startFraction()) return undefined;
      fen = digit;
      digit = undefined;
    } else if (END.has(char)) {
      if (integer === undefined) return undefined;
      ended = true;
    }
  }
  // A numeral left over with no unit (壹元伍) is ambiguous: refuse rather than guess.
  if (integer === undefined || (digit !== undefined && digit !== 0n)) return undefined;
  const cents = integer * 100n + (jiao ?? 0n) * 10n + (fen ?? 0n);
  if (cents >= 10n ** 17n) return undefined;
  return `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
}
