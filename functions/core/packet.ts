import { z } from 'zod';
import type { DocumentType } from './document-types';

/**
 * The litigation packet (DESIGN §10) and the handoff that starts one (§8), in the domain's words:
 * what each kind of evidence is offered to prove, how exhibits and pages are numbered, the
 * packet's states. Pure: the services assemble the files.
 */

/** Names of document types and what each is offered to prove (证明目的), in Chinese and English. */
export const EXHIBIT_KINDS: Record<DocumentType, { zh: string; en: string; purposeZh: string; purposeEn: string }> = {
  contract: { zh: '合同', en: 'Contract', purposeZh: '证明双方存在合同关系及约定的价款、付款期限', purposeEn: 'the contract between the parties, the agreed price and terms of payment' },
  visa: { zh: '签证单', en: 'Site visa', purposeZh: '证明增加的工程量及价款经对方签认', purposeEn: 'extra work and its price, confirmed by the debtor' },
  change_negotiation: { zh: '变更洽商记录', en: 'Change negotiation record', purposeZh: '证明工程变更及价款调整经双方确认', purposeEn: 'changes to the works and the price, agreed by both parties' },
  settlement: { zh: '结算书', en: 'Settlement', purposeZh: '证明工程价款经结算确定的金额', purposeEn: 'the price as settled' },
  completion_acceptance: { zh: '竣工验收记录', en: 'Completion acceptance', purposeZh: '证明工程已竣工验收合格，付款条件成就', purposeEn: 'the works were completed and accepted, so payment is due' },
  invoice: { zh: '发票', en: 'Invoice', purposeZh: '证明已按约开具发票', purposeEn: 'invoices were issued as agreed' },
  payment_record: { zh: '付款凭证', en: 'Payment record', purposeZh: '证明对方已付款项及尚欠金额', purposeEn: 'what the debtor has paid, and so what remains owed' },
  visit_record: { zh: '催款走访记录', en: 'Visit record', purposeZh: '证明曾向对方主张债权，诉讼时效中断', purposeEn: 'the claim was demanded from the debtor, interrupting the limitation period' },
  acknowledgement: { zh: '欠款确认函', en: 'Acknowledgement of balance', purposeZh: '证明对方确认欠款金额，诉讼时效中断', purposeEn: 'the debtor acknowledged the balance owed, interrupting the limitation period' },
  debtor_letter: { zh: '债务人还款计划/延期函', en: "Debtor's letter (repayment plan / time to pay)", purposeZh: '证明对方承诺分期履行或请求延期履行，同意履行义务，诉讼时效中断', purposeEn: 'the debtor proposed a repayment plan or asked for time, agreeing to perform and interrupting the limitation period' },
  demand_letter: { zh: '催款通知书', en: 'Demand letter', purposeZh: '证明曾向对方催告付款', purposeEn: 'payment was demanded from the debtor' },
  delivery_proof: { zh: '送达证明', en: 'Proof of delivery', purposeZh: '证明催款通知已送达对方', purposeEn: 'the demand reached the debtor' },
  responsibility_book: { zh: '清欠责任书', en: 'Responsibility book', purposeZh: '证明本债权有指定的清欠责任人', purposeEn: 'a responsible collector is designated for this debt' },
  correspondence: { zh: '往来函件', en: 'Correspondence', purposeZh: '证明双方就欠款的往来沟通', purposeEn: 'the parties’ correspondence about the debt' },
  court_filing: { zh: '诉讼文书', en: 'Court filing', purposeZh: '证明已提起的诉讼或仲裁程序', purposeEn: 'the proceedings brought' },
  readiness_report: { zh: '诉讼准备报告', en: 'Readiness report', purposeZh: '移交时的诉讼准备检查结果', purposeEn: 'the readiness checks at handoff' },
};

/**
 * Types never offered as exhibits: the readiness report is the company's own assessment, and the
 * responsibility book (清欠责任书) is an internal assignment of work that proves nothing against
 * the debtor and should not be shown to the court or the other side.
 */
export const NOT_EXHIBITS: readonly DocumentType[] = ['readiness_report', 'responsibility_book'];

/** Who made each kind of evidence (证据来源), as an evidence list states it. */
const SOURCES: Record<DocumentType, { zh: string; en: string; debtorSigns: boolean }> = {
  contract: { zh: '双方签订', en: 'signed by both parties', debtorSigns: true },
  visa: { zh: '双方签认', en: 'signed by both parties', debtorSigns: true },
  change_negotiation: { zh: '双方签认', en: 'signed by both parties', debtorSigns: true },
  settlement: { zh: '双方签认', en: 'signed by both parties', debtorSigns: true },
  completion_acceptance: { zh: '参建各方签认', en: 'signed by the parties to the works', debtorSigns: true },
  invoice: { zh: '债权人开具', en: 'issued by the creditor', debtorSigns: false },
  payment_record: { zh: '银行出具', en: 'issued by the bank', debtorSigns: false },
  visit_record: { zh: '债权人制作，债务人签认', en: 'made by the creditor, signed by the debtor', debtorSigns: true },
  acknowledgement: { zh: '债务人出具', en: 'issued by the debtor', debtorSigns: true },
  debtor_letter: { zh: '债务人出具', en: 'issued by the debtor', debtorSigns: true },
  demand_letter: { zh: '债权人发出', en: 'sent by the creditor', debtorSigns: false },
  delivery_proof: { zh: '邮政或快递企业出具', en: 'issued by the postal or courier service', debtorSigns: false },
  responsibility_book: { zh: '债权人内部文件', en: 'internal to the creditor', debtorSigns: false },
  correspondence: { zh: '双方往来函件', en: 'exchanged between the parties', debtorSigns: false },
  court_filing: { zh: '法院或仲裁机构出具', en: 'issued by the court or arbitral institution', debtorSigns: false },
  readiness_report: { zh: '债权人内部文件', en: 'internal to the creditor', debtorSigns: false },
};

/** The facts of one document that say where it comes from. */
export interface SourceFacts {
  type: DocumentType;
  signedByDebtor?: { method: 'sealed' | 'confirmed_scan' };
  /** A reviewer confirmed a signature or seal on it (reviewed `signature_present` / `seal_present`). */
  signatureReviewed?: boolean;
  documentDate?: string;
}

/**
 * The 证据来源 (source) column of the evidence list: who made the document, by its type, and for
 * the documents the debtor signs, how its signature stands. Never who uploaded it: the uploader is
 * in the audit certificate, the court asks whose document it is.
 *
 * @example
 * evidenceSource({ type: 'acknowledgement', signedByDebtor: { method: 'sealed' } })
 * // '债务人出具 issued by the debtor\n经本系统电子签署并加盖电子印章 signed electronically through this service and sealed'
 */
export function evidenceSource(facts: SourceFacts): string {
  const source = SOURCES[facts.type];
  const lines = [`${source.zh} ${source.en}`];
  if (source.debtorSigns) {
    lines.push(
      facts.signedByDebtor?.method === 'sealed'
        ? '经本系统电子签署并加盖电子印章 signed electronically through this service and sealed'
        : facts.signedByDebtor?.method === 'confirmed_scan' || facts.signatureReviewed
          ? '签章经审核确认 signature or seal confirmed on review'
          : '债务人签章待核实 the debtor\'s signature is not yet confirmed',
    );
  }
  if (facts.documentDate) lines.push(`日期 dated ${facts.documentDate}`);
  return lines.join('\n');
}

/**
 * The case reference running page numbers start with: the contract number, else a short debt id
 * (`D` and the last 8 hex digits of the id, the random part of a UUIDv7), upper-cased and reduced
 * to letters, digits and single hyphens, at most 24 characters.
 *
 * @example
 * caseReference({ id: '0190…', contractNo: 'HT/2023 第001号' }) // 'HT-2023-001'
 */
export function caseReference(debt: { id: string; contractNo?: string }): string {
  const sanitised = (debt.contractNo ?? '')
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 24)
    .replace(/-+$/, '');
  return sanitised || `D${debt.id.replace(/-/g, '').slice(-8).toUpperCase()}`;
}

/**
 * A running page number: the case reference and the page's position in the bundle, six digits.
 *
 * @example
 * batesNumber('HT-2023-001', 17) // 'HT-2023-001-000017'
 */
export function batesNumber(caseRef: string, page: number): string {
  return `${caseRef}-${String(page).padStart(6, '0')}`;
}

/**
 * Where an exhibit's original goes in the ZIP: `exhibits/<NN>-<type>-<filename>`, numbered with
 * as many digits as the largest exhibit number needs (at least two), so names sort in order.
 *
 * @example
 * exhibitPath(1, 12, 'contract', '供货合同.pdf') // 'exhibits/01-contract-供货合同.pdf'
 */
export function exhibitPath(number: number, count: number, type: DocumentType, filename: string): string {
  const width = Math.max(2, String(count).length);
  return `exhibits/${String(number).padStart(width, '0')}-${type}-${filename}`;
}

/** First 12 hex digits of a SHA-256: enough to tell documents apart on a stamp. */
export const hashPrefix = (sha256: string): string => sha256.slice(0, 12);

export const PACKET_STATUSES = ['building', 'ready', 'failed'] as const;
export type PacketStatus = (typeof PACKET_STATUSES)[number];

/** A packet as stored (`PACKET#<id>`) and shown. */
export interface Packet {
  id: string;
  debtId: string;
  status: PacketStatus;
  requestedBy: string;
  requestedAt: string;
  /** Set when the handoff started it. */
  handoff?: boolean;
  /** The case reference its page numbers start with, once built. */
  caseRef?: string;
  pdf?: { sha256: string; size: number; pages: number };
  zip?: { sha256: string; size: number };
  exhibits?: number;
  builtAt?: string;
  error?: string;
}

/** Shortest reason accepted for overriding failing readiness checks. */
export const MIN_OVERRIDE_REASON = 10;

export const handoffSchema = z.strictObject({
  note: z.string().trim().min(1).max(2000).optional(),
  override: z
    .strictObject({
      reason: z.string().trim().min(MIN_OVERRIDE_REASON, `give a reason of at least ${MIN_OVERRIDE_REASON} characters for handing off despite failing checks`).max(2000),
    })
    .optional(),
});
export type HandoffInput = z.output<typeof handoffSchema>;
