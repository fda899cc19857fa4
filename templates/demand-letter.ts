import { z } from 'zod';
import { amountText, currency, date, dateText, footer, type Language, money, caseFields, caseRows, signatureSection, type TemplateDefinition, text } from './common';

/** 催款通知书: the creditor's written demand, signed by the debtor on receipt (DESIGN §7: SPC Art. 8). */
export const demandLetterSchema = z
  .strictObject({
    ...caseFields,
    letterDate: date,
    currency,
    outstanding: money,
    basis: text(2000),
    payBy: date,
    bankAccount: z.strictObject({ bank: text(200), accountName: text(200), accountNo: z.string().regex(/^[0-9 -]{6,40}$/, 'digits, spaces and dashes') }).optional(),
    contact: z.strictObject({ name: text(100), phone: z.string().regex(/^[0-9+() -]{5,30}$/, 'a phone number') }).optional(),
  })
  .refine((data) => data.payBy >= data.letterDate, { path: ['payBy'], message: 'the payment deadline is before the letter date' });
export type DemandLetterData = z.output<typeof demandLetterSchema>;

const example: z.input<typeof demandLetterSchema> = {
  creditor: { name: '福建某某建材有限公司', uscc: '91350100M000100Y43', address: '福州市鼓楼区某某路1号' },
  debtor: { name: '福州某某建设工程有限公司', address: '福州市台江区某某大道88号' },
  project: '某某大厦二期',
  contractNo: 'HT-2023-001',
  letterDate: '2026-11-25',
  currency: 'CNY',
  outstanding: '1234567.89',
  basis: '根据双方签订的《钢材供货合同》（HT-2023-001）及2026年6月30日双方确认的结算单，贵单位应于2024年6月30日前付清全部货款，但至今仍有部分货款未付。',
  payBy: '2026-12-25',
  bankAccount: { bank: '中国建设银行福州某某支行', accountName: '福建某某建材有限公司', accountNo: '3505 0100 0000 0000 0001' },
  contact: { name: '张三', phone: '0591-88888888' },
};

const LABELS = {
  'zh-CN': {
    title: '催款通知书',
    letterDate: '日期',
    outstanding: '欠款金额',
    payBy: '付款期限',
    account: '收款账户',
    contact: '联系人',
    addressee: (d: DemandLetterData) => `${d.debtor.name}：`,
    demand: (d: DemandLetterData) =>
      `截至本通知书发出之日，贵单位尚欠我单位款项${amountText('zh-CN', d.outstanding, d.currency)}。请贵单位于${dateText('zh-CN', d.payBy)}前将上述款项付至下列账户。逾期未付的，我单位将依法通过诉讼等方式追索欠款，并要求贵单位承担逾期付款损失及由此产生的一切费用。`,
    receipt: '债务人签收：本单位已收到本催款通知书。',
  },
  en: {
    title: 'Demand for payment',
    letterDate: 'Date',
    outstanding: 'Amount outstanding',
    payBy: 'Pay by',
    account: 'Pay to',
    contact: 'Contact',
    addressee: (d: DemandLetterData) => `To ${d.debtor.name}:`,
    demand: (d: DemandLetterData) =>
      `As of the date of this letter you owe us ${amountText('en', d.outstanding, d.currency)}. We demand that you pay this amount into the account below by ${dateText('en', d.payBy)}. If it is not paid by then, we will recover it by suit or other legal means and claim our losses from late payment and all costs.`,
    receipt: 'Receipt by the debtor: we have received this demand for payment.',
  },
};

function definition(language: Language): TemplateDefinition<typeof demandLetterSchema> {
  const l = LABELS[language];
  return {
    id: `demand-letter.${language}`,
    title: l.title,
    language,
    documentType: 'demand_letter',
    limitationEvent: 'demand',
    schema: demandLetterSchema,
    example,
    documentDate: (data) => data.letterDate,
    write(writer, data, context) {
      const indent = language === 'zh-CN' ? 2 : 0;
      writer.title(l.title);
      writer.fields([
        ...caseRows(language, data),
        [l.letterDate, dateText(language, data.letterDate)],
      ]);
      writer.space(8);
      writer.paragraph(l.addressee(data));
      writer.paragraph(data.basis, { indent });
      writer.paragraph(l.demand(data), { indent });
      writer.fields([
        [l.outstanding, amountText(language, data.outstanding, data.currency)],
        [l.payBy, dateText(language, data.payBy)],
        ...(data.bankAccount ? [[l.account, `${data.bankAccount.accountName}\n${data.bankAccount.bank}\n${data.bankAccount.accountNo}`] as [string, string]] : []),
        ...(data.contact ? [[l.contact, `${data.contact.name}  ${data.contact.phone}`] as [string, string]] : []),
      ]);
      writer.space(6);
      writer.paragraph(l.receipt);
      signatureSection(writer, language, context.signers);
      writer.footers(footer(language, l.title, context.reference));
    },
  };
}

export const demandLetterTemplates = [definition('zh-CN'), definition('en')];
