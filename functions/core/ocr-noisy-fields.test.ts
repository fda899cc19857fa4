import { describe, expect, it } from 'vitest';
import { findChineseUppercaseAmounts, findIllegibleUppercase } from './chinese-amount';
import { extractDocumentFields } from './document-fields';
import type { TextLine } from './extraction';
import { reviewFieldSchema } from './extraction-review';
import { findFigureAmounts } from './figure-amount';
import { normalizeLine } from './text-normalize';

/**
 * The parsers on text as OCR gives it: the samples below were typed by hand after the kind of
 * errors Tesseract chi_sim makes on 200-dpi scans and phone photos (捌 read as 抽 or 提, 仟 as 什,
 * 整 as 束, ¥ as # or Y or 羊, spaces after separators, O for 0), not produced by the parsers.
 */
const ocr = (texts: string[], confidence = 0.8, page = 1): TextLine[] => texts.map((text) => ({ page, text, confidence, engine: 'tesseract' }));
const byName = (type: Parameters<typeof extractDocumentFields>[0], lines: TextLine[]) => {
  const { fields, warnings } = extractDocumentFields(type, lines);
  return { fields: Object.fromEntries(fields.map((f) => [f.name, f])), warnings };
};

describe('the acknowledged balance of 欠款确认函, as each engine gives it', () => {
  const expected = { acknowledged_balance: '8005000.00', balance_date: '2026-10-31', promised_payment_date: '2027-06-30', document_date: '2026-11-29' };

  it.each([
    [
      'the digital PDF (text layer)',
      ['欠款确认函', '福建某某建材有限公司：', '截至2026年10月31日，我司尚欠贵司工程款人民币捌佰万零伍仟元整（¥8,005,000.00）。', '我司承诺于2027年6月30日前付清。', '债务人（盖章）：福州某某建设工程有限公司', '确认日期：2026年11月29日'],
      1,
    ],
    [
      'a 200-dpi scan (捌 as 抽, 仟 as 什, ¥ as #)',
      ['RRR', '福建某某建材有限公司 :', '截至2026年10月31日，我司尚欠贵司工程款人民币抽佰万零伍什元整 (#8,005,000.00 )', '我司承诺于2027年6月30日前付清。', 'SA (SS): 福州某某建设工程有限公司', '确认日期: 2026年11月29日'],
      0.85,
    ],
    [
      'a phone photo (捌 as 提, 整 as 束, spaces in the figures)',
      ['RBA', '截至2026年10月31日，  我司尚欠贵司工程款人民币提佰万零伍什元束 ( ¥ 8, 005, 000. 00 )', '我司承诺于2027年6月30日前付清。', '确认日期: 2026年11月29日'],
      0.7,
    ],
    [
      'a narrow layout where the amount wraps onto the next line',
      ['截至2026年10月31日，我司尚欠贵司工程款人民币', '捌佰万零伍仟元整（Y8,005,', '000.00）。我司承诺于2027年6月30日前付清。', '确认日期：2026年11月29日'],
      0.8,
    ],
  ])('%s', (_variant, texts, confidence) => {
    // Act
    const { fields, warnings } = byName('acknowledgement', ocr(texts, confidence));
    // Assess
    expect(Object.fromEntries(Object.entries(fields).filter(([name]) => name in expected).map(([name, f]) => [name, f.value]))).toEqual(expected);
    expect(fields.acknowledged_balance?.currency).toBe('CNY');
    expect(warnings).toEqual([]);
  });

  it('warns when OCR made noise of the uppercase next to the figures, and trusts the figures less', () => {
    // Prepare: 零 read as 寥, 伍 as ◎: the uppercase cannot be read at all.
    const lines = ocr(['截至2026年10月31日，我司尚欠贵司工程款人民币捌佰万寥◎仟元整（¥8,005,000.00）'], 0.25);
    // Act
    const { fields, warnings } = byName('acknowledgement', lines);
    // Assess
    expect(fields.acknowledged_balance?.value).toBe('8005000.00');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('could not be read');
    expect(warnings[0]).toContain('8005000.00');
    expect(fields.acknowledged_balance?.confidence).toBeLessThan(0.2);
  });

  it('warns when uppercase and figures disagree on a scan, even after look-alikes were mapped back', () => {
    // 捌佰万零伍仟 (8,005,000) against figures 8,006,000.00.
    const { warnings, fields } = byName('acknowledgement', ocr(['尚欠工程款人民币抽佰万零伍什元整 (#8,006,000.00)']));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('8006000.00');
    expect(warnings[0]).toContain('8005000.00');
    expect(fields.acknowledged_balance?.confidence).toBeLessThan(0.3);
  });

  it('warns when the figures are illegible and takes the uppercase, with less confidence', () => {
    const { warnings, fields } = byName('acknowledgement', ocr(['尚欠工程款人民币捌佰万零伍仟元整（¥8,0#5,O0.0）']));
    expect(fields.acknowledged_balance?.value).toBe('8005000.00');
    expect(fields.acknowledged_balance?.confidence).toBeLessThan(0.8);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('in figures');
  });

  it('warns when the uppercase was read only in part', () => {
    const { warnings, fields } = byName('settlement', ocr(['审定金额：¥5,012,345.60', '大写：◎◎◎◎◎贰仟叁佰肆拾伍元陆角']));
    expect(fields.settled_amount?.value).toBe('5012345.60');
    expect(warnings.join(' ')).toMatch(/only in part|could not be read/);
  });
});

describe('OCR-aware reading of amounts', () => {
  it.each([
    ['抽佰万零伍什元束', '8005000.00', 3],
    ['扬万陆忏肆佰贰拾元伍角', '86420.50', 2],
    ['壹佰武拾叁万肆仟伍佰陆拾柒元捌角玖分', '1234567.89', 1],
    ['伍拾叁万元螫', '530000.00', 1],
  ])('maps look-alikes back in %s', (text, value, repairs) => {
    expect(findChineseUppercaseAmounts(text)).toMatchObject([{ value, repairs }]);
  });

  it('leaves ordinary words that look like numerals alone', () => {
    expect(findChineseUppercaseAmounts('甲方无异议，任何一方不得违约')).toEqual([]);
    expect(findChineseUppercaseAmounts('对方公司同意')).toEqual([]);
    expect(findIllegibleUppercase('合同总价的百分之三十')).toEqual([]);
  });

  it.each([
    ['合计 羊1,234.50', '1234.50'],
    ['合计 ¥ 8, 005, 000. 00', '8005000.00'],
    ['合计 ¥8,0O5,000.00', '8005000.00'],
    ['合计 ¥1l,000.00', '11000.00'],
    ['总价 #8.005.000,00', '8005000.00'],
  ])('reads the figures %s', (text, value) => {
    const [amount] = findFigureAmounts(normalizeLine(text));
    expect(amount?.value).toBe(value);
    expect(amount?.currency).toBe('CNY');
    expect(amount?.certainty).toBeLessThan(1.01);
  });

  it('trusts a figure read through look-alike digits less', () => {
    const clean = findFigureAmounts('¥8,005,000.00')[0]?.certainty ?? 0;
    const guessed = findFigureAmounts('¥8,0O5,000.00')[0]?.certainty ?? 1;
    expect(guessed).toBeLessThan(clean);
  });
});

describe('dates and promises of an acknowledgement', () => {
  it('reads the balance date, the promised date and the signing date, each for what it is', () => {
    const { fields } = byName('acknowledgement', ocr(['截止2026年10月31日,贵我双方确认我司尚欠货款¥120,000.00元', '我司保证于2027年1月15日之前付清上述款项', '2026年11月2日']));
    expect(fields.balance_date?.value).toBe('2026-10-31');
    expect(fields.promised_payment_date?.value).toBe('2027-01-15');
    expect(fields.document_date?.value).toBe('2026-11-02');
  });

  it('reads them in English', () => {
    const { fields } = byName('acknowledgement', ocr(['As of 31 October 2026 we owe you an outstanding balance of USD 50,000.00.', 'We undertake to pay in full by 30 June 2027.', 'Date: November 29, 2026']));
    expect(fields.balance_date?.value).toBe('2026-10-31');
    expect(fields.promised_payment_date?.value).toBe('2027-06-30');
    expect(fields.document_date?.value).toBe('2026-11-29');
  });

  it('puts back dates the line wrap broke (截至202 / 6年10月31日)', () => {
    const { fields } = byName('acknowledgement', ocr(['贵我双方于2025年签订合同，截至202', '6年10月31日，我司尚欠贵司货款¥8,005,000.00。我司承诺于2027年6月3', '0日前付清全部欠款。', '确认日期：2026年11月29日']));
    expect(fields.balance_date?.value).toBe('2026-10-31');
    expect(fields.promised_payment_date?.value).toBe('2027-06-30');
    expect(fields.acknowledged_balance?.value).toBe('8005000.00');
  });

  it('takes no promise when there is none', () => {
    const { fields } = byName('acknowledgement', ocr(['尚欠：¥1,000.00', '日期：2026年11月29日']));
    expect(fields.promised_payment_date).toBeUndefined();
    expect(fields.balance_date).toBeUndefined();
  });
});

describe('a visit record', () => {
  it('keeps what the debtor said, over the lines it runs to, as text', () => {
    // Act
    const { fields } = byName('visit_record', ocr(['催款走访记录', '走访日期：2026年11月15日', '债务人确认尚欠工程款：¥500,000.00', '债务人意见：对欠款金额无异议，因业主未拨付', '工程款，承诺于2027年3月31日前付清。', '签字：张三']));
    // Assess
    expect(fields.debtor_remarks?.value).toBe('对欠款金额无异议，因业主未拨付工程款，承诺于2027年3月31日前付清。');
    expect(fields.debtor_remarks?.page).toBe(1);
    expect(fields.promised_payment_date?.value).toBe('2027-03-31');
    expect(fields.document_date?.value).toBe('2026-11-15');
    expect(fields.acknowledged_balance?.value).toBe('500000.00');
  });

  it('takes remarks up to 2,000 characters on review, other text fields up to 300', () => {
    expect(reviewFieldSchema.safeParse({ name: 'debtor_remarks', value: '无异议'.repeat(600) }).success).toBe(true);
    expect(reviewFieldSchema.safeParse({ name: 'signer', value: '张'.repeat(301) }).success).toBe(false);
  });
});

describe('reductions', () => {
  it.each([
    ['调减', ['工程签证单', '调减金额：¥3,500.00'], '-3500.00'],
    ['扣减', ['变更洽商记录', '扣减费用 人民币1.2万元'], '-12000.00'],
    ['核减 on a scan', ['工程签证单', '核减金额: # 2,000.00'], '-2000.00'],
  ] as const)('%s is a negative amount change', (_word, texts, value) => {
    const type = texts[0].startsWith('工程签证') ? 'visa' : 'change_negotiation';
    expect(byName(type, ocr([...texts])).fields.amount_change?.value).toBe(value);
  });
});
