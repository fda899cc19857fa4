import Decimal from 'decimal.js';
import { z } from 'zod';
import { amountCell, amountText, currency, date, dateText, footer, type Language, money, party, partyRows, signatureSection, type TemplateDefinition, text, total } from './common';

/** 清欠责任书: the company assigns debts to a responsible collector with targets (DESIGN §8 check 10). */
export const responsibilityBookSchema = z
  .strictObject({
    company: party,
    responsible: z.strictObject({ name: text(100), department: text(200).optional(), employeeNo: text(50).optional() }),
    periodFrom: date,
    periodTo: date,
    currency,
    debts: z
      .array(z.strictObject({ debtor: text(300), contractNo: text(100).optional(), outstanding: money, target: money, targetDate: date }))
      .min(1)
      .max(200),
    rewards: text(2000).optional(),
    penalties: text(2000).optional(),
  })
  .superRefine((data, context) => {
    if (data.periodTo < data.periodFrom) context.addIssue({ code: 'custom', path: ['periodTo'], message: 'the period ends before it starts' });
    data.debts.forEach((debt, index) => {
      if (new Decimal(debt.target).greaterThan(debt.outstanding)) context.addIssue({ code: 'custom', path: ['debts', index, 'target'], message: 'the target is more than the amount outstanding' });
    });
  });
export type ResponsibilityBookData = z.output<typeof responsibilityBookSchema>;

const example: z.input<typeof responsibilityBookSchema> = {
  company: { name: '福建某某建材有限公司', uscc: '91350100M000100Y43' },
  responsible: { name: '张三', department: '清欠办公室', employeeNo: 'E-1024' },
  periodFrom: '2026-01-01',
  periodTo: '2026-12-31',
  currency: 'CNY',
  debts: [
    { debtor: '福州某某建设工程有限公司', contractNo: 'HT-2023-001', outstanding: '1234567.89', target: '1000000.00', targetDate: '2026-12-31' },
    { debtor: '厦门某某置业有限公司', contractNo: 'HT-2022-017', outstanding: '560000.00', target: '560000.00', targetDate: '2026-09-30' },
  ],
  rewards: '按期完成清欠目标的，按回收金额的1%给予奖励。',
  penalties: '未按期完成且未采取有效催收措施（如未取得债务人签字的走访记录）导致诉讼时效届满的，追究相应责任。',
};

const LABELS = {
  'zh-CN': {
    title: '清欠责任书',
    company: '甲方（公司）',
    responsible: '乙方（责任人）',
    department: '部门',
    employeeNo: '工号',
    period: '责任期限',
    columns: ['序号', '债务人', '合同编号', '欠款金额', '清欠目标', '完成日期'],
    total: '合计',
    duties: '乙方职责',
    dutiesText: '乙方为上列应收账款的第一责任人，负责定期上门催收，每次催收均取得债务人签字的走访记录或确认函，及时移交合同、签证、变更洽商等资料，确保债权在诉讼时效内得到主张；发现债务人经营异常或欠款复杂、金额大、风险高的，及时报告并移交法务部门。',
    target: (d: ResponsibilityBookData, sum: string) => `本责任期内清欠目标合计${amountText('zh-CN', sum, d.currency)}。`,
    rewards: '奖励',
    penalties: '责任追究',
  },
  en: {
    title: 'Debt-clearing responsibility book',
    company: 'Party A (company)',
    responsible: 'Party B (responsible person)',
    department: 'Department',
    employeeNo: 'Employee no.',
    period: 'Period',
    columns: ['No.', 'Debtor', 'Contract no.', 'Outstanding', 'Target', 'By'],
    total: 'Total',
    duties: "Party B's duties",
    dutiesText:
      "Party B is the person responsible for the receivables listed below: visits each debtor regularly to demand payment, obtains at every visit a visit record or confirmation signed by the debtor, hands over contracts, site visas and change negotiation records without delay so that every claim is made within the limitation period, and reports to the legal department any debtor in difficulty and any claim that is complex, large or risky.",
    target: (d: ResponsibilityBookData, sum: string) => `The recovery target for the period totals ${amountText('en', sum, d.currency)}.`,
    rewards: 'Rewards',
    penalties: 'Accountability',
  },
};

function definition(language: Language): TemplateDefinition<typeof responsibilityBookSchema> {
  const l = LABELS[language];
  return {
    id: `responsibility-book.${language}`,
    title: l.title,
    language,
    documentType: 'responsibility_book',
    schema: responsibilityBookSchema,
    example,
    documentDate: (data) => data.periodFrom,
    write(writer, data, context) {
      const indent = language === 'zh-CN' ? 2 : 0;
      const responsible = [data.responsible.name, data.responsible.department && `${l.department}: ${data.responsible.department}`, data.responsible.employeeNo && `${l.employeeNo}: ${data.responsible.employeeNo}`];
      writer.title(l.title);
      writer.fields([
        ...partyRows(language, l.company, data.company),
        [l.responsible, responsible.filter(Boolean).join(language === 'zh-CN' ? '　' : '; ')],
        [l.period, `${dateText(language, data.periodFrom)} – ${dateText(language, data.periodTo)}`],
      ]);
      writer.heading(l.duties);
      writer.paragraph(l.dutiesText, { indent });
      writer.table(
        [
          { title: l.columns[0] as string, width: 0.07 },
          { title: l.columns[1] as string, width: 0.27 },
          { title: l.columns[2] as string, width: 0.16 },
          { title: l.columns[3] as string, width: 0.17, align: 'right' },
          { title: l.columns[4] as string, width: 0.17, align: 'right' },
          { title: l.columns[5] as string, width: 0.16 },
        ],
        [
          ...data.debts.map((debt, index) => [String(index + 1), debt.debtor, debt.contractNo ?? '', amountCell(debt.outstanding), amountCell(debt.target), dateText(language, debt.targetDate)]),
          ['', l.total, '', amountCell(total(data.debts.map((d) => d.outstanding))), amountCell(total(data.debts.map((d) => d.target))), ''],
        ],
      );
      writer.paragraph(l.target(data, total(data.debts.map((d) => d.target))), { indent });
      if (data.rewards) {
        writer.heading(l.rewards);
        writer.paragraph(data.rewards, { indent });
      }
      if (data.penalties) {
        writer.heading(l.penalties);
        writer.paragraph(data.penalties, { indent });
      }
      signatureSection(writer, language, context.signers);
      writer.footers(footer(language, l.title, context.reference));
    },
  };
}

export const responsibilityBookTemplates = [definition('zh-CN'), definition('en')];
