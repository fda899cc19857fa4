import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findChineseUppercaseAmounts, parseChineseUppercase, toChineseUppercase } from './chinese-amount';
import { findDates } from './date-parser';
import { extractDocumentFields } from './document-fields';
import { reviewFieldSchema, valueProblem } from './extraction-review';
import type { TextLine } from './extraction';
import { findFigureAmounts } from './figure-amount';
import { findContractNo, findParty, findUsccCodes } from './party-parser';
import { normalizeLine } from './text-normalize';
import { usccCheckCharacter } from './uscc';

const lines = (texts: string[], engine = 'pdf-text', page = 1): TextLine[] => texts.map((text) => ({ page, text, confidence: 1, engine }));
const valueOf = (type: Parameters<typeof extractDocumentFields>[0], texts: string[], name: string) =>
  extractDocumentFields(type, lines(texts)).fields.find((f) => f.name === name)?.value;

describe('Chinese uppercase amounts (大写)', () => {
  it.each([
    ['1234567.89', '壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分'],
    ['100010000.00', '壹亿零壹万元整'],
    ['1000100000000.00', '壹万零壹亿元整'],
    ['1000000000000.00', '壹万亿元整'],
    ['10.00', '壹拾元整'],
    ['1001.00', '壹仟零壹元整'],
    ['100.05', '壹佰元零伍分'],
    ['0.50', '伍角'],
    ['10.50', '壹拾元伍角'],
    ['0.05', '伍分'],
    ['0.00', '零元整'],
    ['120000000.00', '壹亿贰仟万元整'],
  ])('reads %s back from %s (the writer is tested in chinese-amount.test.ts)', (amount, uppercase) => {
    expect(parseChineseUppercase(uppercase)).toBe(amount);
  });

  it.each([
    ['拾万圆正', '100000.00'],
    ['人民币 壹 佰 元 整', '100.00'],
    ['两万元', '20000.00'],
    ['贰拾万零叁佰元整', '200300.00'],
    ['壹仟零壹拾元', '1010.00'],
    ['大写：人民币伍拾万元整（¥500,000.00）', '500000.00'],
  ])('reads the variant %s', (text, amount) => {
    expect(parseChineseUppercase(text)).toBe(amount);
  });

  it.each(['十一月', '第三条', '壹元伍', '佰元', '元', '壹分伍角', '壹仟亿万'])('refuses %s, which is no amount', (text) => {
    expect(parseChineseUppercase(text)).toBeUndefined();
  });

  it('round-trips every amount up to 10^12 with two decimals', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 14n }), (cents) => {
        const amount = `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
        expect(parseChineseUppercase(toChineseUppercase(amount))).toBe(amount);
      }),
      { numRuns: 5000 },
    );
  });

  it('round-trips amounts made mostly of zeros (the hard cases for 零)', () => {
    const sparse = fc.array(fc.constantFrom(0, 0, 0, 1, 5, 9), { minLength: 1, maxLength: 13 }).map((digits) => BigInt(digits.join('')));
    fc.assert(
      fc.property(sparse, fc.integer({ min: 0, max: 99 }), (integer, cents) => {
        if (integer > 10n ** 12n) return;
        const amount = `${integer}.${String(cents).padStart(2, '0')}`;
        expect(parseChineseUppercase(toChineseUppercase(amount))).toBe(amount);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('amounts in figures', () => {
  it.each([
    ['合同总价:人民币1,234,567.89元', '1234567.89', 'CNY'],
    ['Contract price: RMB 1,234,567.89', '1234567.89', 'CNY'],
    ['合同金额 CNY1234567.89', '1234567.89', 'CNY'],
    ['金额:¥1,234.50', '1234.50', 'CNY'],
    ['金额:￥1,234.50', '1234.50', 'CNY'],
    ['暂定金额 123.45万元', '1234500.00', 'CNY'],
    ['总投资 1.5亿元', '150000000.00', 'CNY'],
    ['Total: $ 1,810.46', '1810.46', 'USD'],
    ['Total EUR 1.234.567,89', '1234567.89', 'EUR'],
    ['金额 1 234 567.89元', '1234567.89', 'CNY'],
  ])('reads %s', (line, value, currency) => {
    const [amount] = findFigureAmounts(normalizeLine(line));
    expect(amount?.value).toBe(value);
    expect(amount?.currency).toBe(currency);
  });

  it('takes the OCR look-alikes of ¥ (Y, #), swapped separators and full-width digits, with less certainty for guesses', () => {
    expect(findFigureAmounts(normalizeLine('总价 Y1,234,567.89')).map((a) => a.value)).toEqual(['1234567.89']);
    expect(findFigureAmounts(normalizeLine('总价 #1,234,567.89'))[0]?.certainty).toBeLessThan(1);
    expect(findFigureAmounts(normalizeLine('总价 ¥1.234.567,89'))[0]?.value).toBe('1234567.89');
    expect(findFigureAmounts(normalizeLine('总价：￥１，２３４，５６７．８９元'))[0]?.value).toBe('1234567.89');
    expect(findFigureAmounts(normalizeLine('人 民 币 1 2 3 , 4 5 6 . 0 0 元'))[0]?.value).toBe('123456.00');
  });

  it('takes a bare number written as money when it is the value of a labelled field, and numbers with stray spaces', () => {
    expect(findFigureAmounts('价税合计: 1,000,000.00').map((a) => a.value)).toEqual(['1000000.00']);
    expect(findFigureAmounts('价税合计: 1,000,000.00')[0]?.certainty).toBeLessThan(1);
    expect(findFigureAmounts('Settlement amount: RMB 5,01 2,345.60').map((a) => a.value)).toEqual(['5012345.60']);
    expect(findFigureAmounts('数量 1,000 件, 第 12.50 页')).toEqual([]);
  });

  it('ignores numbers that do not name money', () => {
    expect(findFigureAmounts('电话 13800138000, 第3条, 5万, 2026年11月29日, YES 12')).toEqual([]);
    expect(findFigureAmounts('RMB1234567.891')).toEqual([]);
  });
});

describe('dates', () => {
  it.each([
    ['签订日期:2026年11月29日', '2026-11-29'],
    ['2026 年 11 月 29 号', '2026-11-29'],
    ['2026-11-29', '2026-11-29'],
    ['2026/11/29', '2026-11-29'],
    ['2026.1.5', '2026-01-05'],
    ['29 November 2026', '2026-11-29'],
    ['29th of Nov. 2026', '2026-11-29'],
    ['November 29, 2026', '2026-11-29'],
    ['Sept 3 2026', '2026-09-03'],
    ['二〇二六年十一月二十九日', '2026-11-29'],
    ['01-Jan-2021', '2021-01-01'],
    ['Due Date: 01/31/2021', '2021-01-31'],
    ['31/01/2021', '2021-01-31'],
    ['二○二六年三月九日', '2026-03-09'],
  ])('reads %s', (text, value) => {
    expect(findDates(normalizeLine(text)).map((d) => d.value)).toEqual([value]);
  });

  it.each(['12/07/2019', '2026-02-30', '2025年2月29日', '31 April 2026', 'November 31, 2026', '2026-13-01', 'tel 2026-11-29999', '91350100M000100Y43'])('refuses %s', (text) => {
    expect(findDates(text)).toEqual([]);
  });
});

describe('parties, codes and contract numbers', () => {
  it.each([
    ['甲方（发包人）：福州某某建设工程有限公司', 'debtor', '福州某某建设工程有限公司'],
    ['发包方: 福州某某建设工程有限公司  统一社会信用代码:91350100M000100Y43', 'debtor', '福州某某建设工程有限公司'],
    ['承包人(乙方)：福建某某建材有限公司（盖章）', 'creditor', '福建某某建材有限公司'],
    ['承包方：福建某某建材有限公司', 'creditor', '福建某某建材有限公司'],
    ['Creditor: Fujian Example Co., Ltd.', 'creditor', 'Fujian Example Co., Ltd'],
    ['Debtor:  ABC Trading Ltd   Address: 1 Road', 'debtor', 'ABC Trading Ltd'],
  ])('reads %s', (line, role, name) => {
    expect(findParty(normalizeLine(line))).toMatchObject({ role, name });
  });

  it('leaves blank form fields alone', () => {
    expect(findParty('甲方:________')).toBeUndefined();
    expect(findParty('乙方签字:')).toBeUndefined();
  });

  it('finds valid USCCs only, repairing OCR look-alikes when the repair validates', () => {
    const code = `91350100MA2Y${'0000'}1`;
    const valid = code + usccCheckCharacter(code);
    expect(findUsccCodes(`代码:${valid}`).map((c) => c.value)).toEqual([valid]);
    expect(findUsccCodes('信用代码 9135O1OOMOOO1OOY43')).toEqual([{ value: '91350100M000100Y43', text: '9135O1OOMOOO1OOY43', certainty: 0.8 }]);
    expect(findUsccCodes('91350100M000100Y44')).toEqual([]);
  });

  it('reads contract numbers', () => {
    expect(findContractNo(normalizeLine('合同编号：HT-2026-018'))).toBe('HT-2026-018');
    expect(findContractNo('Contract No. FZ/2026/7')).toBe('FZ/2026/7');
    expect(findContractNo('编号:(草稿)')).toBeUndefined();
  });
});

describe('fields per document type', () => {
  const contract = [
    '建设工程施工合同',
    '合同编号：HT-2026-018',
    '发包人（甲方）：福州某某建设工程有限公司',
    '统一社会信用代码：91350100M000100Y43',
    '承包人（乙方）：福建某某建材有限公司',
    '预付款：合同总价的30%，即¥370,370.37元',
    '合同总价：人民币 1,234,567.89 元',
    '大写：壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分',
    '开工日期：2026年12月1日',
    '签订日期：2026年11月29日',
  ];

  it('reads a contract: the labelled total (not the advance), the signing date, both parties, the debtor code, the number', () => {
    // Act
    const { fields, warnings } = extractDocumentFields('contract', lines(contract));
    // Assess
    const byName = Object.fromEntries(fields.map((f) => [f.name, f]));
    expect(byName.total_amount).toMatchObject({ value: '1234567.89', currency: 'CNY', page: 1, text: '合同总价：人民币 1,234,567.89 元', engine: 'pdf-text', reviewed: false });
    expect(byName.signing_date?.value).toBe('2026-11-29');
    expect(byName.party_debtor?.value).toBe('福州某某建设工程有限公司');
    expect(byName.party_creditor?.value).toBe('福建某某建材有限公司');
    expect(byName.debtor_uscc?.value).toBe('91350100M000100Y43');
    expect(byName.contract_no?.value).toBe('HT-2026-018');
    expect(warnings).toEqual([]);
  });

  it('warns when an amount in figures and its uppercase form differ, and trusts neither fully', () => {
    // Prepare: one 分 apart
    const texts = ['合同总价：¥1,234,567.89', '大写：壹佰贰拾叁万肆仟伍佰陆拾柒元捌角捌分'];
    // Act
    const { fields, warnings } = extractDocumentFields('contract', lines(texts, 'ocr', 2));
    // Assess
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('page 2');
    expect(warnings[0]).toContain('1234567.89');
    expect(warnings[0]).toContain('1234567.88');
    const total = fields.find((f) => f.name === 'total_amount');
    expect(total?.value).toBe('1234567.89');
    expect(total?.confidence).toBeLessThan(0.5);
  });

  it('takes a short uppercase run for what OCR left of a longer one, not for a different amount', () => {
    const { fields, warnings } = extractDocumentFields('visa', lines(['签证金额:¥86,420.50', '大写:扬万陆忏肆佰贰拾元伍角'], 'ocr'));
    expect(warnings).toEqual([]);
    expect(fields[0]?.value).toBe('86420.50');
  });

  it('raises confidence when figure and uppercase agree', () => {
    const agree = extractDocumentFields('settlement', lines(['结算金额：¥500,000.00（大写：伍拾万元整）'], 'ocr').map((l) => ({ ...l, confidence: 0.8 })));
    const alone = extractDocumentFields('settlement', lines(['结算金额：¥500,000.00'], 'ocr').map((l) => ({ ...l, confidence: 0.8 })));
    expect(agree.fields[0]?.value).toBe('500000.00');
    expect(agree.fields[0]?.confidence).toBeGreaterThanOrEqual(alone.fields[0]?.confidence ?? 1);
  });

  it.each([
    ['visa', ['工程签证单', '签证日期：2026-03-05', '签证金额：¥12,345.00'], { amount_change: '12345.00', document_date: '2026-03-05' }],
    ['change_negotiation', ['变更洽商记录', '日期: 2026/04/01', '变更金额 人民币3.5万元'], { amount_change: '35000.00', document_date: '2026-04-01' }],
    ['visa', ['工程签证单（减项）', '签证日期：2026-03-06', '核减金额：¥2,000.00'], { amount_change: '-2000.00', document_date: '2026-03-06' }],
    ['settlement', ['送审金额：¥1,300,000.00', '审定金额：¥1,250,000.00'], { settled_amount: '1250000.00' }],
    ['payment_record', ['网上银行电子回单', '交易日期：2026年05月20日', '余额：¥9,999.00', '交易金额：¥200,000.00'], { payment_amount: '200000.00', payment_date: '2026-05-20' }],
    ['acknowledgement', ['Confirmation of balance', 'As of 31 October 2026 we owe you an outstanding balance of USD 50,000.00.', 'Signed by: Li Lei', 'Date: November 29, 2026'], { acknowledged_balance: '50000.00', document_date: '2026-11-29', signer: 'Li Lei' }],
    ['visit_record', ['催款走访记录', '走访日期：2026年11月29日', '债务人确认尚欠工程款：¥500,000.00', '签字：张三'], { acknowledged_balance: '500000.00', document_date: '2026-11-29', signer: '张三' }],
    ['invoice', ['Invoice date: 2026-10-01', 'Subtotal: $900.00', 'Tax: $100.00', 'Total due: $1,000.00', 'Due date: 31 October 2026'], { invoice_total: '1000.00', due_date: '2026-10-31', document_date: '2026-10-01' }],
  ] as const)('reads a %s', (type, texts, expected) => {
    const { fields } = extractDocumentFields(type, lines([...texts]));
    const got = Object.fromEntries(fields.filter((f) => f.name in expected).map((f) => [f.name, f.value]));
    expect(got).toEqual(expected);
  });

  it('reports a signature only when the engine looked for one', () => {
    const texts = ['欠款确认函', '尚欠：¥1,000.00'];
    expect(extractDocumentFields('acknowledgement', lines(texts)).fields.some((f) => f.name === 'signature_present')).toBe(false);
    const found = extractDocumentFields('acknowledgement', lines(texts), { engine: 'textract', found: [{ page: 1, confidence: 0.9, engine: 'textract', bbox: { left: 0.5, top: 0.8, width: 0.2, height: 0.05 } }] });
    expect(found.fields.find((f) => f.name === 'signature_present')).toMatchObject({ value: 'true', confidence: 0.9, bbox: { left: 0.5 } });
    const none = extractDocumentFields('acknowledgement', lines(texts), { engine: 'textract', found: [] });
    expect(none.fields.find((f) => f.name === 'signature_present')?.value).toBe('false');
  });

  it('falls back to an unlabelled value with less confidence, and finds nothing in nothing', () => {
    const fallback = extractDocumentFields('settlement', lines(['¥88,000.00元']));
    expect(fallback.fields[0]).toMatchObject({ name: 'settled_amount', value: '88000.00' });
    expect(fallback.fields[0]?.confidence).toBeLessThan(0.7);
    expect(extractDocumentFields('contract', [])).toEqual({ fields: [], warnings: [] });
    expect(valueOf('invoice', ['Invoice', 'Total: $5.00'], 'due_date')).toBeUndefined();
  });
});

describe('no parser throws on any text', () => {
  const parsers: Array<[string, (text: string) => unknown]> = [
    ['parseChineseUppercase', parseChineseUppercase],
    ['findChineseUppercaseAmounts', findChineseUppercaseAmounts],
    ['findFigureAmounts', (t) => findFigureAmounts(normalizeLine(t))],
    ['findDates', (t) => findDates(normalizeLine(t))],
    ['findParty', (t) => findParty(normalizeLine(t))],
    ['findUsccCodes', findUsccCodes],
    ['findContractNo', findContractNo],
    ['extractDocumentFields', (t) => extractDocumentFields('contract', lines(t.split('\n')), { engine: 'x', found: [] })],
  ];
  // Strings built from the characters the parsers care about hit far more of their branches.
  const relevant = fc.string({ unit: fc.constantFrom(...'0123456789.,¥￥Y#$ 元万亿角分整零壹贰叁拾佰仟年月日-/:：甲方乙方RMB大写小写合同总价NovDate'.split('')), maxLength: 60 });

  it.each(parsers)('%s', (_name, parse) => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), relevant), (text) => {
      parse(text);
    }), { numRuns: 1500 });
  });
});

describe('review values', () => {
  it('takes a negative amount change (核减) but no negative total, and normalises money to two decimals', () => {
    expect(reviewFieldSchema.parse({ name: 'amount_change', value: '-1234.5' }).value).toBe('-1234.50');
    expect(valueProblem('amount_change', '-1,234.50')).toBeDefined();
    expect(valueProblem('total_amount', '-1234.50')).toBeDefined();
    expect(reviewFieldSchema.parse({ name: 'total_amount', value: '7' }).value).toBe('7.00');
  });
});
