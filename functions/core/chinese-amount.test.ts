import { describe, expect, it } from 'vitest';
import { InvalidAmountError, toChineseUppercase } from './chinese-amount';

describe('toChineseUppercase', () => {
  it.each([
    ['1234567.89', '壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分'],
    ['100.00', '壹佰元整'],
    ['1000010.50', '壹佰万零壹拾元伍角'],
    ['0', '零元整'],
    ['0.00', '零元整'],
    ['0.05', '伍分'],
    ['0.5', '伍角'],
    ['0.56', '伍角陆分'],
    ['1.05', '壹元零伍分'],
    ['10', '壹拾元整'],
    ['15.5', '壹拾伍元伍角'],
    ['101', '壹佰零壹元整'],
    ['1010', '壹仟零壹拾元整'],
    ['1001', '壹仟零壹元整'],
    ['10000', '壹万元整'],
    ['10001', '壹万零壹元整'],
    ['100100', '壹拾万零壹佰元整'],
    ['105000', '壹拾万伍仟元整'],
    ['1000000', '壹佰万元整'],
    ['100000000', '壹亿元整'],
    ['100010000', '壹亿零壹万元整'],
    ['120000000.01', '壹亿贰仟万元零壹分'],
    ['1000000000000', '壹万亿元整'],
    ['123456789012345', '壹佰贰拾叁万肆仟伍佰陆拾柒亿捌仟玖佰零壹万贰仟叁佰肆拾伍元整'],
    ['3080500.07', '叁佰零捌万零伍佰元零柒分'],
    ['100001000', '壹亿零壹仟元整'],
    ['1005000', '壹佰万伍仟元整'],
    ['107000.53', '壹拾万柒仟元伍角叁分'],
  ])('%s → %s', (amount, expected) => {
    expect(toChineseUppercase(amount)).toBe(expected);
  });

  it.each(['-1.00', '1.234', '1e5', '', ' 1', '01', '1,000.00', '12345678901234567'])('refuses %j', (amount) => {
    expect(() => toChineseUppercase(amount)).toThrow(InvalidAmountError);
  });

  it('writes each digit with exactly one unit sequence: every 1 … 9999 round-trips through a reader', () => {
    // Assess against an independent reader of the uppercase form, over the whole range of one group.
    const value: Record<string, number> = { 零: 0, 壹: 1, 贰: 2, 叁: 3, 肆: 4, 伍: 5, 陆: 6, 柒: 7, 捌: 8, 玖: 9 };
    const unit: Record<string, number> = { 拾: 10, 佰: 100, 仟: 1000 };
    const read = (words: string) => {
      let total = 0;
      let digit = 0;
      for (const char of words.replace(/元整$/, '')) {
        if (char in value) digit = value[char] as number;
        else {
          total += digit * (unit[char] as number);
          digit = 0;
        }
      }
      return total + digit;
    };
    for (let n = 1; n < 10000; n++) expect(read(toChineseUppercase(String(n)))).toBe(n);
  });
});
