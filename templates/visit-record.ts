import { z } from 'zod';
import { amountText, currency, date, dateText, footer, type Language, money, caseFields, caseRows, signatureSection, type TemplateDefinition, text } from './common';

/** 催款走访记录: a collector's visit to the debtor, signed by the debtor's staff (DESIGN §1). */
export const visitRecordSchema = z.strictObject({
  ...caseFields,
  visitDate: date,
  place: text(300),
  visitors: z.array(text(100)).min(1).max(6),
  receivedBy: z.strictObject({ name: text(100), title: text(100).optional() }),
  currency,
  outstanding: money,
  asOfDate: date,
  discussion: text(4000),
  debtorResponse: text(4000).optional(),
});
export type VisitRecordData = z.output<typeof visitRecordSchema>;

const example: z.input<typeof visitRecordSchema> = {
  creditor: { name: '福建某某建材有限公司', uscc: '91350100M000100Y43', address: '福州市鼓楼区某某路1号' },
  debtor: { name: '福州某某建设工程有限公司', address: '福州市台江区某某大道88号' },
  project: '某某大厦二期',
  contractNo: 'HT-2023-001',
  visitDate: '2026-11-20',
  place: '福州某某建设工程有限公司财务部',
  visitors: ['张三', '李四'],
  receivedBy: { name: '王五', title: '财务经理' },
  currency: 'CNY',
  outstanding: '1234567.89',
  asOfDate: '2026-11-20',
  discussion: '我方就某某大厦二期供货合同项下尚欠货款向贵方催收，并送达对账单。贵方表示款项已报公司审批，将尽快安排支付。',
  debtorResponse: '确认欠款金额无误，争取于2026年12月底前支付50万元。',
};

const LABELS = {
  'zh-CN': {
    title: '催款走访记录',
    visitDate: '走访日期',
    place: '走访地点',
    visitors: '走访人员',
    receivedBy: '接待人员',
    outstanding: '欠款金额',
    discussion: '走访情况',
    response: '债务人意见',
    statement: (d: VisitRecordData) =>
      `截至${dateText('zh-CN', d.asOfDate)}，债务人尚欠债权人款项${amountText('zh-CN', d.outstanding, d.currency)}。债权人于${dateText('zh-CN', d.visitDate)}派员上门向债务人催收上述欠款，债务人已收到本次催款。本记录经债务人签字后，作为债权人向债务人主张权利的证明。`,
  },
  en: {
    title: 'Record of a dunning visit',
    visitDate: 'Date of visit',
    place: 'Place',
    visitors: 'Visited by',
    receivedBy: 'Received by',
    outstanding: 'Amount outstanding',
    discussion: 'Account of the visit',
    response: "Debtor's response",
    statement: (d: VisitRecordData) =>
      `As of ${dateText('en', d.asOfDate)} the debtor owes the creditor ${amountText('en', d.outstanding, d.currency)}. On ${dateText('en', d.visitDate)} the creditor's staff visited the debtor and demanded payment of this amount, and the debtor received the demand. Once signed by the debtor, this record is evidence that the creditor claimed its right against the debtor.`,
  },
};

function definition(language: Language): TemplateDefinition<typeof visitRecordSchema> {
  const l = LABELS[language];
  return {
    id: `visit-record.${language}`,
    title: l.title,
    language,
    documentType: 'visit_record',
    limitationEvent: 'demand',
    schema: visitRecordSchema,
    example,
    documentDate: (data) => data.visitDate,
    write(writer, data, context) {
      writer.title(l.title);
      writer.fields([
        ...caseRows(language, data),
        [l.visitDate, dateText(language, data.visitDate)],
        [l.place, data.place],
        [l.visitors, data.visitors.join(language === 'zh-CN' ? '、' : ', ')],
        [l.receivedBy, [data.receivedBy.name, data.receivedBy.title].filter(Boolean).join(language === 'zh-CN' ? '　' : ', ')],
        [l.outstanding, amountText(language, data.outstanding, data.currency)],
      ]);
      writer.heading(l.discussion);
      writer.paragraph(data.discussion, { indent: language === 'zh-CN' ? 2 : 0 });
      if (data.debtorResponse) {
        writer.heading(l.response);
        writer.paragraph(data.debtorResponse, { indent: language === 'zh-CN' ? 2 : 0 });
      }
      writer.space(6);
      writer.paragraph(l.statement(data), { indent: language === 'zh-CN' ? 2 : 0 });
      signatureSection(writer, language, context.signers);
      writer.footers(footer(language, l.title, context.reference));
    },
  };
}

export const visitRecordTemplates = [definition('zh-CN'), definition('en')];
