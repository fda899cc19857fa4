import { PDFDocument } from 'pdf-lib';
import { embedDocumentFonts } from '../../templates/fonts';
import { PageWriter } from '../../templates/layout';
import type { Debt, Ledger } from '../core/debt';
import { EXHIBIT_KINDS, hashPrefix } from '../core/packet';
import type { CheckStatus, ReadinessReport } from '../core/readiness/checks';
import type { ClaimSheet } from '../core/ledger/claim-sheet';
import { writeClaimSheet } from './claim-sheet-pdf';
import type { EvidenceDocument } from './documents';
import type { LimitationSummary } from './limitation';

/** What the readiness report at handoff shows (DESIGN §8: "itself sealed and kept"). */
export interface ReadinessReportContent {
  debt: Pick<Debt, 'id' | 'debtor' | 'creditor' | 'contractNo' | 'project' | 'jurisdiction'>;
  ledger: Ledger;
  limitation: LimitationSummary;
  report: ReadinessReport;
  /** Documents the checks name, to print their type and hash. */
  documents: ReadonlyArray<Pick<EvidenceDocument, 'id' | 'type' | 'sha256' | 'filename'>>;
  handedOffBy: string;
  at: string;
  note?: string;
  override?: { reason: string; failingChecks: string[] };
  packetId: string;
  /** The claim calculation sheet, when the debt has a principal and a due date. */
  claimSheet?: ClaimSheet;
}

export const STATUS_LABEL: Record<CheckStatus, string> = { pass: '通过 pass', warn: '注意 warn', fail: '不通过 fail' };

/**
 * Renders the readiness report as a bilingual A4 PDF (not yet sealed): the debt, the score,
 * the override and its reason if any, the limitation summary, then every check with its status,
 * detail, documents (type, id, first 12 hex of the SHA-256) and legal basis.
 *
 * @example
 * const pdf = await renderReadinessReport({ debt, ledger, limitation, report, documents, handedOffBy: 'legal-1', at, packetId });
 */
export async function renderReadinessReport(content: ReadinessReportContent): Promise<Uint8Array> {
  const document = await PDFDocument.create({ updateMetadata: false });
  document.setTitle(`诉讼准备报告 Readiness report ${content.debt.id}`);
  document.setCreationDate(new Date(content.at));
  const writer = new PageWriter(document, await embedDocumentFonts(document));
  const { debt, ledger, limitation, report } = content;
  writer.title('诉讼准备报告 Litigation readiness report', 16);
  writer.fields(
    [
      ['债权档案 Debt', debt.id],
      ['债务人 Debtor', `${debt.debtor.name}${debt.debtor.uscc ? `（统一社会信用代码 USCC ${debt.debtor.uscc}）` : ''}`],
      ...(debt.creditor ? [['债权人 Creditor', `${debt.creditor.name}${debt.creditor.uscc ? `（USCC ${debt.creditor.uscc}）` : ''}`] as [string, string]] : []),
      ...(debt.contractNo ? [['合同编号 Contract', debt.contractNo] as [string, string]] : []),
      ...(debt.project ? [['项目 Project', debt.project.name] as [string, string]] : []),
      ['本金 Principal', `${ledger.principal ?? '—'} ${ledger.currency}；已付 paid ${ledger.paid}；未付 outstanding ${ledger.outstanding ?? '—'}`],
      ['移交 Handed off', `${content.at} · ${content.handedOffBy}`],
      ['诉讼材料包 Packet', content.packetId],
      ...(content.note ? [['备注 Note', content.note] as [string, string]] : []),
    ],
    9.5,
  );
  writer.heading(`评分 Score ${report.score}/100 · ${report.ready ? '无不通过项 no check fails' : '有不通过项 checks fail'}`, 12);
  if (content.override) {
    writer.paragraph(`越权移交 Handed off despite failing checks (${content.override.failingChecks.join(', ')}). 理由 Reason: ${content.override.reason}`, { size: 9.5 });
  }
  writer.heading('诉讼时效 Limitation', 11);
  writer.paragraph(
    `${limitation.regime} · ${limitation.status} · 起算 starts ${limitation.startsOn ?? '—'} · 届满 last day ${limitation.expiresOn ?? '—'}${limitation.daysLeft !== null ? ` (${limitation.daysLeft} days left)` : ''} · 最长 long stop ${limitation.longStopOn ?? '—'}`,
    { size: 9 },
  );
  if (content.claimSheet) writeClaimSheet(writer, content.claimSheet);
  writer.heading('检查 Checks', 11);
  const documents = new Map(content.documents.map((d) => [d.id, d]));
  writer.table(
    [
      { title: '检查 Check', width: 0.17 },
      { title: '结果 Status', width: 0.1 },
      { title: '说明 Detail', width: 0.33 },
      { title: '文件 Documents', width: 0.2 },
      { title: '依据 Legal basis', width: 0.2 },
    ],
    report.checks.map((check) => [
      `${check.title} (${check.id})`,
      STATUS_LABEL[check.status],
      check.detail,
      check.documentIds
        .map((id) => {
          const d = documents.get(id);
          return d ? `${EXHIBIT_KINDS[d.type].zh} ${d.type} ${id.slice(0, 8)}… SHA-256 ${hashPrefix(d.sha256)}` : id;
        })
        .join('\n'),
      check.basis ?? '',
    ]),
    7.5,
  );
  writer.paragraph('本报告以电子印章封存（PAdES），任何修改均可被验证发现。This report is sealed (PAdES); any change to it is detected by verification.', { size: 8, grey: true });
  writer.footers((page, pages) => `诉讼准备报告 Readiness report ${page}/${pages} · ${debt.id}`);
  return document.save({ useObjectStreams: false });
}
