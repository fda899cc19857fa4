import { toChineseUppercase } from '../functions/core/chinese-amount';
import type { DocumentType } from '../functions/core/document-types';
import type { ExtractedFieldName } from '../functions/core/extraction';

/**
 * The labelled corpus of the extraction bench: one page per document type (DESIGN §6), in
 * Chinese and in English, with the amount and dates each must yield. Amounts are varied so
 * that separators, 万元 and uppercase forms all occur.
 */
export interface CorpusDocument {
  name: string;
  type: DocumentType;
  language: 'zh' | 'en';
  lines: string[];
  /** The amount and date fields the document must yield, and their values. */
  expected: Partial<Record<ExtractedFieldName, string>>;
}

/** 1234567.89 → 1,234,567.89 */
const figures = (amount: string) => {
  const [integer, cents] = amount.split('.') as [string, string];
  return `${integer.replace(/\B(?=(\d{3})+(?!\d))/gu, ',')}.${cents}`;
};

export function corpus(): CorpusDocument[] {
  const zh: CorpusDocument[] = [
    {
      name: 'zh-contract',
      type: 'contract',
      language: 'zh',
      lines: ['建设工程施工合同', '合同编号：HT-2026-018', '发包人（甲方）：福州某某建设工程有限公司', '统一社会信用代码：91350100M000100Y43', '承包人（乙方）：福建某某建材有限公司', `合同总价：人民币 ${figures('1234567.89')} 元`, `大写：${toChineseUppercase('1234567.89')}`, '签订日期：2026年11月29日'],
      expected: { total_amount: '1234567.89', signing_date: '2026-11-29' },
    },
    {
      name: 'zh-visa',
      type: 'visa',
      language: 'zh',
      lines: ['工程签证单', '工程名称：某某大厦', '签证日期：2026年3月5日', '签证内容：增加地下室排水沟 120 米', `签证金额：¥${figures('86420.50')}`, `大写：${toChineseUppercase('86420.50')}`],
      expected: { amount_change: '86420.50', document_date: '2026-03-05' },
    },
    {
      name: 'zh-change',
      type: 'change_negotiation',
      language: 'zh',
      lines: ['工程变更洽商记录', '洽商日期：2026-04-01', '变更内容：外墙涂料改为真石漆', '变更金额：人民币35.6万元'],
      expected: { amount_change: '356000.00', document_date: '2026-04-01' },
    },
    {
      name: 'zh-settlement',
      type: 'settlement',
      language: 'zh',
      lines: ['工程结算审定书', `送审金额：¥${figures('5300000.00')}`, `审定金额：¥${figures('5012345.60')}`, `大写：${toChineseUppercase('5012345.60')}`, '审定日期：2026年9月30日'],
      expected: { settled_amount: '5012345.60', document_date: '2026-09-30' },
    },
    {
      name: 'zh-payment',
      type: 'payment_record',
      language: 'zh',
      lines: ['网上银行电子回单', '交易日期：2026年05月20日', '付款人：福州某某建设工程有限公司', '收款人：福建某某建材有限公司', `交易金额：¥${figures('200000.00')}`, `金额大写：${toChineseUppercase('200000.00')}`],
      expected: { payment_amount: '200000.00', payment_date: '2026-05-20' },
    },
    {
      name: 'zh-acknowledgement',
      type: 'acknowledgement',
      language: 'zh',
      lines: ['欠款确认函', '福建某某建材有限公司：', `截至2026年10月31日，我司尚欠贵司工程款人民币${figures('734567.89')}元`, `（大写：${toChineseUppercase('734567.89')}）。`, '债务人（盖章）：福州某某建设工程有限公司', '确认日期：2026年11月29日'],
      expected: { acknowledged_balance: '734567.89', document_date: '2026-11-29' },
    },
    {
      name: 'zh-visit',
      type: 'visit_record',
      language: 'zh',
      lines: ['催款走访记录', '走访日期：2026年11月15日', '被走访单位：福州某某建设工程有限公司', `债务人确认尚欠工程款：¥${figures('500000.00')}`, '签字：张三'],
      expected: { acknowledged_balance: '500000.00', document_date: '2026-11-15' },
    },
    {
      name: 'zh-invoice',
      type: 'invoice',
      language: 'zh',
      lines: ['增值税专用发票', '开票日期：2026年06月18日', `金额：¥${figures('884955.75')}   税额：¥${figures('115044.25')}`, `价税合计：¥${figures('1000000.00')}`, `价税合计（大写）：${toChineseUppercase('1000000.00')}`, '付款期限：2026年07月18日'],
      expected: { invoice_total: '1000000.00', due_date: '2026-07-18', document_date: '2026-06-18' },
    },
  ];
  const en: CorpusDocument[] = [
    {
      name: 'en-contract',
      type: 'contract',
      language: 'en',
      lines: ['SUPPLY CONTRACT', 'Contract No. FZ/2026/7', 'Buyer: Fuzhou Example Construction Co., Ltd.', 'Seller: Fujian Example Materials Co., Ltd.', `Contract price: RMB ${figures('2468013.57')}`, 'Date of signing: 29 November 2026'],
      expected: { total_amount: '2468013.57', signing_date: '2026-11-29' },
    },
    {
      name: 'en-visa',
      type: 'visa',
      language: 'en',
      lines: ['SITE VARIATION CONFIRMATION', 'Date: 5 March 2026', 'Scope: additional drainage, 120 m', `Variation amount: USD ${figures('12345.00')}`],
      expected: { amount_change: '12345.00', document_date: '2026-03-05' },
    },
    {
      name: 'en-change',
      type: 'change_negotiation',
      language: 'en',
      lines: ['CHANGE ORDER', 'Date: April 1, 2026', 'Change: facade paint replaced by stone paint', `Change amount: $${figures('35600.00')}`],
      expected: { amount_change: '35600.00', document_date: '2026-04-01' },
    },
    {
      name: 'en-settlement',
      type: 'settlement',
      language: 'en',
      lines: ['FINAL ACCOUNT', `Submitted amount: RMB ${figures('5300000.00')}`, `Settlement amount: RMB ${figures('5012345.60')}`, 'Date: 30 September 2026'],
      expected: { settled_amount: '5012345.60', document_date: '2026-09-30' },
    },
    {
      name: 'en-payment',
      type: 'payment_record',
      language: 'en',
      lines: ['BANK TRANSFER ADVICE', 'Value date: 2026-05-20', 'Payer: Fuzhou Example Construction Co., Ltd.', `Transfer amount: CNY ${figures('200000.00')}`, `Balance after: CNY ${figures('9999.00')}`],
      expected: { payment_amount: '200000.00', payment_date: '2026-05-20' },
    },
    {
      name: 'en-acknowledgement',
      type: 'acknowledgement',
      language: 'en',
      lines: ['CONFIRMATION OF BALANCE', `We confirm an outstanding balance of USD ${figures('50000.00')} owed to you.`, 'Signed by: Li Lei', 'Date: November 29, 2026'],
      expected: { acknowledged_balance: '50000.00', document_date: '2026-11-29' },
    },
    {
      name: 'en-visit',
      type: 'visit_record',
      language: 'en',
      lines: ['COLLECTION VISIT RECORD', 'Date: 15 November 2026', 'Visited: Fuzhou Example Construction Co., Ltd.', `Outstanding balance confirmed: RMB ${figures('500000.00')}`, 'Signed by: Zhang San'],
      expected: { acknowledged_balance: '500000.00', document_date: '2026-11-15' },
    },
    {
      name: 'en-invoice',
      type: 'invoice',
      language: 'en',
      lines: ['INVOICE', 'Invoice date: 2026-10-01', `Subtotal: $${figures('900.00')}`, `Tax: $${figures('100.00')}`, `Total due: $${figures('1000.00')}`, 'Due date: 31 October 2026'],
      expected: { invoice_total: '1000.00', due_date: '2026-10-31', document_date: '2026-10-01' },
    },
  ];
  return [...zh, ...en];
}
