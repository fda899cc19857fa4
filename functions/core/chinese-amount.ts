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
