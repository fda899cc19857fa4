import type { DocumentType } from '../../functions/core/document-types';
import type { ExtractedFieldName } from '../../functions/core/extraction';

/**
 * The labelled documents of the extraction bench, written to look like what collectors receive,
 * not like the parsers' own test lines: varied wording and layouts, paragraphs that wrap where the
 * page ends (splitting amounts across lines), full- and half-width punctuation, 结算书 tables, a
 * stamp over the text, a document whose amount is on page 2, and one whose uppercase and figures
 * disagree (a mismatch that must be warned). Used by `npm run bench` only, never by unit tests.
 */
export type Face = 'sans' | 'serif' | 'kai';

export type Block =
  /** A paragraph, wrapped at the page's width. */
  | { text: string }
  /** A table: rows of cells, column widths in points. */
  | { table: string[][]; widths: number[] }
  /** Blank space, in lines. */
  | { gap: number };

export interface CorpusDocument {
  name: string;
  type: DocumentType;
  face: Face;
  /** Font size in points. */
  size: number;
  /** Left margin and text width in points (the wrap). */
  margin: number;
  width: number;
  pages: Block[][];
  /** A red company seal drawn over the text: page and the point it is centred on (from the top left, in points). */
  stamp?: { page: number; x: number; y: number };
  /** The amount and date fields the document must yield, and their values. */
  expected: Partial<Record<ExtractedFieldName, string>>;
  /** How many figure / uppercase mismatches the document holds (each must be warned). */
  mismatches?: number;
}

const p = (text: string): Block => ({ text });

export function corpusDocuments(): CorpusDocument[] {
  return [
    {
      name: 'ack-wrapped',
      type: 'acknowledgement',
      face: 'sans',
      size: 13,
      margin: 62,
      width: 300,
      pages: [[
        p('欠款确认函'),
        { gap: 1 },
        p('福建某某建材有限公司：'),
        p('贵我双方于2025年签订《钢材买卖合同》，截至2026年10月31日，我司尚欠贵司货款人民币捌佰万零伍仟元整（¥8,005,000.00）。我司承诺于2027年6月30日前付清全部欠款。'),
        p('特此确认。'),
        { gap: 2 },
        p('债务人（盖章）：福州某某建设工程有限公司'),
        p('确认日期：2026年11月29日'),
      ]],
      stamp: { page: 1, x: 250, y: 330 },
      expected: { acknowledged_balance: '8005000.00', balance_date: '2026-10-31', promised_payment_date: '2027-06-30', document_date: '2026-11-29' },
    },
    {
      name: 'ack-page-two',
      type: 'acknowledgement',
      face: 'serif',
      size: 12,
      margin: 72,
      width: 450,
      pages: [
        [p('对账及欠款确认书'), { gap: 1 }, p('致：厦门某某钢结构有限公司'), p('双方就某某广场项目钢结构工程款往来进行核对，核对明细见下页。'), p('本确认书一式两份，双方各执一份。')],
        [
          p('一、核对结果'),
          p('截止2026年9月30日，经双方核对，我方应付未付工程款金额为:RMB 1,260,480.50元(大写:壹佰贰拾陆万零肆佰捌拾元伍角)。'),
          p('二、付款安排'),
          p('我方保证于2026年12月31日之前付清上述款项。'),
          { gap: 1 },
          p('确认单位(盖章):漳州某某置业有限公司'),
          p('日期:2026年10月12日'),
        ],
      ],
      expected: { acknowledged_balance: '1260480.50', balance_date: '2026-09-30', promised_payment_date: '2026-12-31', document_date: '2026-10-12' },
    },
    {
      name: 'settlement-table',
      type: 'settlement',
      face: 'sans',
      size: 11,
      margin: 56,
      width: 480,
      pages: [[
        p('工程结算审定书'),
        p('工程名称：某某小区二期土建工程      合同编号：JS-2025-117'),
        {
          table: [
            ['序号', '项目', '送审金额（元）', '审定金额（元）'],
            ['1', '土建工程', '3,812,400.00', '3,655,120.35'],
            ['2', '安装工程', '1,102,000.00', '1,048,779.65'],
            ['3', '签证变更', '385,600.00', '308,445.60'],
            ['', '合计', '5,300,000.00', '5,012,345.60'],
          ],
          widths: [50, 130, 150, 150],
        },
        { gap: 1 },
        p('审定金额：¥5,012,345.60（大写：伍佰零壹万贰仟叁佰肆拾伍元陆角）'),
        p('审定日期：2026年9月30日'),
      ]],
      stamp: { page: 1, x: 420, y: 330 },
      expected: { settled_amount: '5012345.60', document_date: '2026-09-30' },
    },
    {
      name: 'visit-remarks',
      type: 'visit_record',
      face: 'kai',
      size: 13,
      margin: 60,
      width: 460,
      pages: [[
        p('催收走访记录表'),
        p('走访日期：2026年11月15日'),
        p('被走访单位：福州某某建设工程有限公司'),
        p('债务人确认尚欠工程款：¥500,000.00（伍拾万元整）'),
        p('债务人意见：对欠款金额无异议，因业主尚未拨付进度款，资金紧张，承诺于2027年3月31日前付清。'),
        { gap: 1 },
        p('被走访人签字：张三'),
      ]],
      expected: { acknowledged_balance: '500000.00', document_date: '2026-11-15', promised_payment_date: '2027-03-31' },
    },
    {
      name: 'visa-reduction',
      type: 'visa',
      face: 'serif',
      size: 12,
      margin: 70,
      width: 440,
      pages: [[
        p('工程签证单（减项）'),
        p('签证日期：2026-03-06'),
        p('签证内容：原设计地下室排水沟 120 米取消，相应费用调减。'),
        p('调减金额：人民币贰万叁仟肆佰伍拾元整（¥23,450.00）'),
      ]],
      expected: { amount_change: '-23450.00', document_date: '2026-03-06' },
    },
    {
      name: 'contract-advance',
      type: 'contract',
      face: 'kai',
      size: 12,
      margin: 56,
      width: 480,
      pages: [[
        p('建设工程施工合同'),
        p('合同编号：HT-2026-018'),
        p('发包人（甲方）：福州某某建设工程有限公司'),
        p('承包人（乙方）：福建某某建材有限公司'),
        p('第五条 预付款：合同总价的30%，即¥370,370.37元。'),
        p('第六条 合同总价：人民币1,234,567.89元（大写：壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分）。'),
        p('签订日期：2026年1月8日'),
      ]],
      expected: { total_amount: '1234567.89', signing_date: '2026-01-08' },
    },
    {
      name: 'payment-mismatch',
      type: 'payment_record',
      face: 'sans',
      size: 12,
      margin: 60,
      width: 460,
      pages: [[
        p('网上银行电子回单'),
        p('交易日期：2026年05月20日'),
        p('付款人：福州某某建设工程有限公司'),
        p('收款人：福建某某建材有限公司'),
        // Uppercase says 200,000, figures 209,000: the bank slip as altered by hand.
        p('交易金额：¥209,000.00    金额大写：贰拾万元整'),
      ]],
      expected: { payment_amount: '209000.00', payment_date: '2026-05-20' },
      mismatches: 1,
    },
    {
      name: 'en-ack',
      type: 'acknowledgement',
      face: 'sans',
      size: 12,
      margin: 72,
      width: 450,
      pages: [[
        p('CONFIRMATION OF BALANCE'),
        p('To: Fujian Example Materials Co., Ltd.'),
        p('As of 31 October 2026 we confirm an outstanding balance of USD 50,000.00 owed to you, which we undertake to pay in full by 30 June 2027.'),
        p('Signed by: Li Lei'),
        p('Date: November 29, 2026'),
      ]],
      expected: { acknowledged_balance: '50000.00', balance_date: '2026-10-31', promised_payment_date: '2027-06-30', document_date: '2026-11-29' },
    },
  ];
}
