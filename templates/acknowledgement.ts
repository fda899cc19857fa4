import Decimal from 'decimal.js';
import { z } from 'zod';
import { amountCell, amountText, currency, date, dateText, footer, type Language, money, caseFields, caseRows, signatureSection, type TemplateDefinition, text, total } from './common';

/** 欠款确认函: the debtor confirms the balance it owes, item by item (DESIGN §5 acknowledgement). */
export const acknowledgementSchema = z
  .strictObject({
    ...caseFields,
    letterDate: date,
    asOfDate: date,
    currency,
    items: z
      .array(z.strictObject({ description: text(300), amount: money, paid: money }))
      .min(1)
      .max(100),
    paymentPlan: text(2000).optional(),
  })
  .superRefine((data, context) => {
    data.items.forEach((item, index) => {
      if (new Decimal(item.paid).greaterThan(item.amount)) context.addIssue({ code: 'custom', path: ['items', index, 'paid'], message: 'paid is more than the amount due' });
    });
    if (data.asOfDate > data.letterDate) context.addIssue({ code: 'custom', path: ['asOfDate'], message: 'the balance date is after the letter date' });
    if (!data.items.some((item) => new Decimal(item.amount).greaterThan(item.paid))) context.addIssue({ code: 'custom', path: ['items'], message: 'nothing is outstanding' });
  });
export type AcknowledgementData = z.output<typeof acknowledgementSchema>;

const example: z.input<typeof acknowledgementSchema> = {
  creditor: { name: '福建某某建材有限公司', uscc: '91350100M000100Y43' },
  debtor: { name: '福州某某建设工程有限公司', address: '福州市台江区某某大道88号' },
  project: '某某大厦二期',
  contractNo: 'HT-2023-001',
  letterDate: '2026-11-25',
  asOfDate: '2026-11-20',
  currency: 'CNY',
  items: [
    { description: '钢材供货合同（HT-2023-001）货款', amount: '2034567.89', paid: '800000.00' },
    { description: '签证 QZ-07 增加工程量', amount: '100000.00', paid: '100000.00' },
    { description: '变更洽商 BG-03 材料调价', amount: '150000.00', paid: '0.00' },
  ],
  paymentPlan: '2026年12月31日前支付50万元，余款于2027年3月31日前付清。',
};

const outstandingOf = (item: AcknowledgementData['items'][number]) => new Decimal(item.amount).minus(item.paid).toFixed(2);

const LABELS = {
  'zh-CN': {
    title: '欠款确认函',
    letterDate: '日期',
    columns: ['序号', '款项', '应付金额', '已付金额', '欠款金额'],
    total: '合计',
    plan: '还款计划',
    addressee: (d: AcknowledgementData) => `致：${d.creditor.name}`,
    statement: (d: AcknowledgementData, sum: string) =>
      `经我单位核对，截至${dateText('zh-CN', d.asOfDate)}，我单位尚欠贵单位款项共计${amountText('zh-CN', sum, d.currency)}，明细如下。我单位对上述欠款予以确认，并承诺按约定支付。`,
    closing: '特此确认。',
  },
  en: {
    title: 'Confirmation of balance',
    letterDate: 'Date',
    columns: ['No.', 'Item', 'Amount due', 'Paid', 'Outstanding'],
    total: 'Total',
    plan: 'Payment plan',
    addressee: (d: AcknowledgementData) => `To: ${d.creditor.name}`,
    statement: (d: AcknowledgementData, sum: string) =>
      `We have checked our accounts and confirm that, as of ${dateText('en', d.asOfDate)}, we owe you a total of ${amountText('en', sum, d.currency)}, itemised below. We acknowledge this debt and undertake to pay it as agreed.`,
    closing: 'Confirmed by the debtor.',
  },
};

function definition(language: Language): TemplateDefinition<typeof acknowledgementSchema> {
  const l = LABELS[language];
  return {
    id: `acknowledgement.${language}`,
    title: l.title,
    language,
    documentType: 'acknowledgement',
    limitationEvent: 'acknowledgement',
    schema: acknowledgementSchema,
    example,
    documentDate: (data) => data.letterDate,
    write(writer, data, context) {
      const sum = total(data.items.map(outstandingOf));
      writer.title(l.title);
      writer.fields([
        ...caseRows(language, data),
        [l.letterDate, dateText(language, data.letterDate)],
      ]);
      writer.space(8);
      writer.paragraph(l.addressee(data));
      writer.paragraph(l.statement(data, sum), { indent: language === 'zh-CN' ? 2 : 0 });
      writer.table(
        [
          { title: l.columns[0] as string, width: 0.08 },
          { title: l.columns[1] as string, width: 0.38 },
          { title: l.columns[2] as string, width: 0.18, align: 'right' },
          { title: l.columns[3] as string, width: 0.18, align: 'right' },
          { title: l.columns[4] as string, width: 0.18, align: 'right' },
        ],
        [
          ...data.items.map((item, index) => [String(index + 1), item.description, amountCell(item.amount), amountCell(item.paid), amountCell(outstandingOf(item))]),
          ['', l.total, amountCell(total(data.items.map((i) => i.amount))), amountCell(total(data.items.map((i) => i.paid))), amountCell(sum)],
        ],
      );
      if (data.paymentPlan) {
        writer.heading(l.plan);
        writer.paragraph(data.paymentPlan, { indent: language === 'zh-CN' ? 2 : 0 });
      }
      writer.paragraph(l.closing, { indent: language === 'zh-CN' ? 2 : 0 });
      signatureSection(writer, language, context.signers);
      writer.footers(footer(language, l.title, context.reference));
    },
  };
}

export const acknowledgementTemplates = [definition('zh-CN'), definition('en')];
