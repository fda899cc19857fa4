import Decimal from 'decimal.js';

/**
 * Chinese financial uppercase amounts (大写金额), as printed on vouchers, cheques and the
 * documents of DESIGN §9, following the usual rules for 人民币 amounts:
 *
 * - digits 零壹贰叁肆伍陆柒捌玖, units 拾佰仟 inside a group and 万亿 between groups, 元角分;
 * - one 零 stands for a run of zeros inside a group or at the start of a group (1,000,010 →
 *   壹佰万零壹拾元; 100,001,000 → 壹亿零壹仟元), while the trailing zeros of a group are carried by its
 *   unit (105,000 → 壹拾万伍仟元), and a group of zeros drops its 万 (100,000,000 → 壹亿元);
 * - a leading 壹拾 keeps its 壹 (10 → 壹拾元);
 * - an amount with no 分 ends in 整 (100 → 壹佰元整; 10.50 → 壹拾元伍角); with 分 but no 角, a 零
 *   stands between 元 and the 分 (1.05 → 壹元零伍分);
 * - less than one yuan has no 元 (0.50 → 伍角; 0.05 → 伍分); zero is 零元整.
 */
const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const UNITS_IN_GROUP = ['', '拾', '佰', '仟'];
const GROUP_UNITS = ['', '万', '亿', '万'];
const AMOUNT_PATTERN = /^(0|[1-9]\d{0,15})(\.\d{1,2})?$/;

/** An amount that cannot be written in uppercase (negative, more than two decimals, too large). */
export class InvalidAmountError extends Error {
  constructor(amount: string) {
    super(`not an amount that can be written in Chinese uppercase: "${amount}" (a non-negative decimal string with at most two decimals and 16 integer digits)`);
    this.name = 'InvalidAmountError';
  }
}

/**
 * Writes a money amount in Chinese financial uppercase (大写).
 *
 * @example
 * toChineseUppercase('1234567.89') // '壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分'
 * toChineseUppercase('100.00')     // '壹佰元整'
 * toChineseUppercase('1000010.50') // '壹佰万零壹拾元伍角'
 */
export function toChineseUppercase(amount: string): string {
  if (!AMOUNT_PATTERN.test(amount)) throw new InvalidAmountError(amount);
  const [integerPart, fraction] = new Decimal(amount).toFixed(2).split('.') as [string, string];
  const jiao = Number(fraction[0]);
  const fen = Number(fraction[1]);
  const yuan = integerPart === '0' ? '' : `${integerWords(integerPart)}元`;

  if (jiao === 0 && fen === 0) return yuan === '' ? '零元整' : `${yuan}整`;
  let result = yuan;
  if (jiao > 0) result += `${DIGITS[jiao]}角`;
  else if (yuan !== '') result += '零';
  if (fen > 0) result += `${DIGITS[fen]}分`;
  return result;
}

/** The words of a positive integer, without 元. */
function integerWords(digits: string): string {
  const groups: string[] = [];
  for (let end = digits.length; end > 0; end -= 4) groups.unshift(digits.slice(Math.max(0, end - 4), end));
  let words = '';
  // A zero seen since the last non-zero digit, to be written as one 零 before the next one.
  let pendingZero = false;
  groups.forEach((group, index) => {
    const fromRight = groups.length - 1 - index;
    // The fourth group counts 万亿: 壹万亿 alone, but 壹万贰仟亿 when 亿 follows in the next group.
    const groupUnit = fromRight === 3 && Number(groups[index + 1]) === 0 ? '万亿' : (GROUP_UNITS[fromRight] as string);
    const padded = group.padStart(4, '0');
    let groupWords = '';
    for (let position = 0; position < 4; position++) {
      const digit = Number(padded[position]);
      if (digit === 0) {
        // Leading zeros of the first group are not zeros of the amount.
        if (words !== '' || groupWords !== '') pendingZero = true;
        continue;
      }
      if (pendingZero) groupWords += '零';
      pendingZero = false;
      groupWords += `${DIGITS[digit]}${UNITS_IN_GROUP[3 - position]}`;
    }
    if (groupWords !== '') {
      words += groupWords + groupUnit;
      // Trailing zeros of a group are carried by its unit (壹拾万伍仟), not written as 零.
      pendingZero = false;
    }
  });
  return words;
}

/**
 * Reading uppercase amounts, as they come out of documents and OCR: the reader also takes common
 * variants (traditional forms, 圆 for 元, 正 for 整, lower-case numerals 一二三, a missing 壹 before
 * 拾) since it reads other people's writing.
 */
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

/**
 * What OCR reads in place of the financial numerals (seen on Tesseract chi_sim output of 200-dpi
 * scans and phone photos: 捌 as 抽/提/扬, 仟 as 什/忏, 整 as 束…). Mapped back only inside a run
 * that already holds enough true numerals: alone, most of these are ordinary words (方, 无, 公).
 */
const LOOK_ALIKES: Record<string, string> = Object.fromEntries(
  (
    [
      ['零', '雾霉令'], ['壹', '壶壸责膏臺'], ['贰', '武贡戴弍貮贲'], ['叁', '参垒'], ['肆', '肄律'], ['伍', '位仵'],
      ['陆', '陡陵'], ['柒', '染柴漆桼'], ['捌', '抽提扬拐别删制'], ['玖', '玫坎攻'], ['拾', '恰给抬拈捨'],
      ['佰', '伯侣估倩'], ['仟', '什忏任仔仠'], ['万', '方'], ['亿', '忆'], ['元', '无兀亢'], ['角', '甬'], ['分', '兮'], ['整', '束螫鏊敕'],
    ] as const
  ).flatMap(([real, misreads]) => [...misreads].map((char) => [char, real])),
);
/** The true financial numerals and units: what makes a run an uppercase amount rather than prose. */
const FINANCIAL = new Set('零壹贰叁肆伍陆柒捌玖拾佰仟');
const OPENING = new Set('壹贰叁肆伍陆柒捌玖拾');
const MONEY_UNITS = new Set('元圆圓角分');
const RUN = new RegExp(`[${UPPERCASE_AMOUNT_CHARS}]+`, 'gu');
const OCR_CHARS = `${UPPERCASE_AMOUNT_CHARS}${Object.keys(LOOK_ALIKES).join('')}`;
const OCR_RUN = new RegExp(`[${OCR_CHARS}]+`, 'gu');
// A run of amount characters broken by one or two unknown characters (捌佰万寥◎仟元整): what OCR made of one.
const GAPPED_RUN = new RegExp(`[${OCR_CHARS}](?:[${OCR_CHARS}]|[^${OCR_CHARS}]{1,2}(?=[${OCR_CHARS}]))*`, 'gu');

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
  /** How many OCR look-alikes were mapped back to numerals (0: read as written). */
  repairs: number;
}

/**
 * Every Chinese uppercase amount in `text`, in order. A run of numeral characters counts only if
 * it names a unit of money (元/圆, 角 or 分), so that 十一月 or 第三条 are not amounts. A run in
 * which OCR misread some numerals as look-alikes (捌佰万零伍什元束) is read once they are mapped back,
 * when true amount characters, 元 or 角 or 分 among them, outnumber the look-alikes (three at least).
 *
 * @example
 * findChineseUppercaseAmounts('小写100元，大写壹佰元整').map((m) => m.value) // ['100.00']
 * findChineseUppercaseAmounts('人民币抽佰万零伍什元束')[0]                    // { value: '8005000.00', repairs: 3, … }
 */
export function findChineseUppercaseAmounts(text: string): UppercaseMatch[] {
  if (typeof text !== 'string') return [];
  const compact = text.replace(/[\s\u3000]+/gu, '');
  const found: UppercaseMatch[] = [];
  for (const match of compact.matchAll(OCR_RUN)) {
    const start = match.index ?? 0;
    const repaired = repairRun(match[0]);
    if (repaired) {
      const value = readRun(repaired.run);
      if (value !== undefined) {
        const at = start + repaired.offset;
        found.push({ value, text: repaired.text, start: at, end: at + repaired.text.length, repairs: repaired.repairs });
        continue;
      }
    }
    // As written (look-alikes split it): the runs of true amount characters inside.
    for (const inner of match[0].matchAll(RUN)) {
      const value = readRun(inner[0]);
      const at = start + (inner.index ?? 0);
      if (value !== undefined) found.push({ value, text: inner[0], start: at, end: at + inner[0].length, repairs: 0 });
    }
  }
  return found;
}

/**
 * Runs that look like an uppercase amount someone wrote (three or more financial numerals) but
 * that cannot be read as one, even with look-alikes mapped back: OCR noise where an amount was.
 *
 * @example
 * findIllegibleUppercase('大写：捌佰万寥伍仟元整') // [{ text: '捌佰万寥伍仟元整', start: 3, end: 11 }] (寥 is no numeral)
 */
export function findIllegibleUppercase(text: string): Array<{ text: string; start: number; end: number }> {
  if (typeof text !== 'string') return [];
  const compact = text.replace(/[\s\u3000]+/gu, '');
  const read = findChineseUppercaseAmounts(text);
  const out: Array<{ text: string; start: number; end: number }> = [];
  for (const match of compact.matchAll(GAPPED_RUN)) {
    const start = match.index ?? 0;
    const end = start + match[0].length;
    const financial = [...match[0]].filter((char) => FINANCIAL.has(char)).length;
    if (financial < 3) continue;
    if (read.some((amount) => amount.start < end && start < amount.end && amount.end - amount.start >= match[0].length - 1)) continue;
    out.push({ text: match[0], start, end });
  }
  return out;
}

/** The run with look-alikes mapped back, when enough true numerals vouch for it being an amount. */
function repairRun(run: string): { run: string; text: string; offset: number; repairs: number } | undefined {
  const chars = [...run];
  let offset = 0;
  // An amount opens with a digit or 拾: look-alikes of anything else before it are ordinary words
  // next to it (方 of 甲方, 无 of 无误).
  while (chars.length > 0 && (chars[0] as string) in LOOK_ALIKES && !OPENING.has(LOOK_ALIKES[chars[0] as string] as string)) {
    offset += (chars.shift() as string).length;
  }
  // Nothing follows 整 in an amount: what does is the next word (元整方可…).
  const end = chars.findIndex((char) => END.has(LOOK_ALIKES[char] ?? char));
  if (end >= 0) chars.splice(end + 1);
  const repairs = chars.filter((char) => char in LOOK_ALIKES).length;
  const text = chars.join('');
  if (repairs === 0) return { run: text, text, offset, repairs: 0 };
  // True amount characters must outnumber the guesses, and a true unit of money must be there.
  const genuine = chars.filter((char) => !(char in LOOK_ALIKES) && !'一二三四五六七八九十百千两'.includes(char)).length;
  if (genuine < 3 || genuine < repairs || !chars.some((char) => MONEY_UNITS.has(char))) return undefined;
  return { run: chars.map((char) => LOOK_ALIKES[char] ?? char).join(''), text, offset, repairs };
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
