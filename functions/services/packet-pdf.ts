import { degrees, PDFDocument, type PDFPage, rgb } from 'pdf-lib';
import { type DocumentFonts, embedDocumentFonts, runsOf, widthOf } from '../../templates/fonts';
import { PAGE, PageWriter } from '../../templates/layout';
import type { AuditEvent } from '../core/audit-chain';
import type { Debt } from '../core/debt';
import { batesNumber, evidenceSource, EXHIBIT_KINDS, hashPrefix } from '../core/packet';
import type { ClaimSheet } from '../core/ledger/claim-sheet';
import { writeClaimSheet } from './claim-sheet-pdf';
import type { EvidenceDocument } from './documents';
import type { LimitationSummary } from './limitation';

/** One exhibit: its number, the document, and a way to read its bytes when its turn comes. */
export interface PacketExhibit {
  number: number;
  document: EvidenceDocument;
  /** A reviewer confirmed a signature or seal on it (for the 证据来源 column). */
  signatureReviewed?: boolean;
  read(): Promise<Uint8Array>;
}

/** Everything the packet PDF shows (DESIGN §10). */
export interface PacketPdfContent {
  packetId: string;
  generatedAt: string;
  caseRef: string;
  debt: Pick<Debt, 'id' | 'debtor' | 'creditor' | 'contractNo' | 'project' | 'jurisdiction' | 'status'>;
  amounts: { currency: string; claimed: string | null; basis: { kind: string; amount: string | null }; paid: string; outstanding: string | null; outstandingOnBasis: string | null };
  limitation: LimitationSummary;
  readiness: { score: number; ready: boolean };
  /** The claim calculation sheet, when the debt has a principal and a due date. */
  claimSheet?: ClaimSheet;
  exhibits: readonly PacketExhibit[];
  audit: {
    length: number;
    head: { seq: number; hash: string };
    valid: boolean;
    reason?: string;
    blobs: { checked: number; mismatched: number };
    /** Events whose subject is one of the exhibits. */
    events: readonly AuditEvent[];
    checkpoint?: { at: string; root: string; chains: number; sha256: string; algorithm: string; certificateSha256: string; head?: { seq: number; hash: string } };
  };
}

const INK = rgb(0.55, 0.05, 0.05);

/**
 * Assembles the packet PDF (not yet sealed): a cover, the evidence list (证据目录), every exhibit
 * page stamped with its exhibit number, running page number and the first 12 hex of the
 * exhibit's SHA-256, then the audit certificate. PDFs are copied page by page, PNG and JPEG
 * images become A4 pages; a TIFF (which pdf-lib cannot draw) becomes a page that names its
 * original in the ZIP. Exhibits are read one at a time.
 *
 * @example
 * const bytes = await assemblePacketPdf(content);
 */
export async function assemblePacketPdf(content: PacketPdfContent): Promise<{ bytes: Uint8Array; pages: number }> {
  const document = await PDFDocument.create({ updateMetadata: false });
  document.setTitle(`诉讼证据材料 Litigation packet ${content.caseRef}`);
  document.setCreationDate(new Date(content.generatedAt));
  const fonts = await embedDocumentFonts(document);
  const ranges = pageRanges(content.exhibits);
  const front = new PageWriter(document, fonts);
  cover(front, content);
  if (content.claimSheet) writeClaimSheet(front, content.claimSheet);
  evidenceList(front, content, ranges);
  front.footers((page, pages) => `${content.caseRef} · 封面及证据目录 Cover and evidence list ${page}/${pages}`);

  for (const exhibit of content.exhibits) {
    const pages = await exhibitPages(document, fonts, exhibit);
    if (pages.length !== exhibit.document.pages) {
      throw new Error(`exhibit ${exhibit.number} (${exhibit.document.id}) has ${pages.length} pages, ${exhibit.document.pages} were recorded`);
    }
    const first = ranges.get(exhibit.number)?.[0] as number;
    pages.forEach((page, index) =>
      stamp(page, fonts, [
        `证据 Exhibit ${exhibit.number} · ${index + 1}/${pages.length}`,
        `${batesNumber(content.caseRef, first + index)} · SHA-256 ${hashPrefix(exhibit.document.sha256)}`,
      ]),
    );
  }

  const certificate = new PageWriter(document, fonts);
  auditCertificate(certificate, content);
  certificate.footers((page, pages) => `${content.caseRef} · 审计证书 Audit certificate ${page}/${pages}`);
  return { bytes: await document.save({ useObjectStreams: false }), pages: document.getPageCount() };
}

/** First and last running page number of each exhibit (exhibit pages only, from 1). */
export function pageRanges(exhibits: readonly PacketExhibit[]): Map<number, [number, number]> {
  const ranges = new Map<number, [number, number]>();
  let next = 1;
  for (const exhibit of exhibits) {
    ranges.set(exhibit.number, [next, next + exhibit.document.pages - 1]);
    next += exhibit.document.pages;
  }
  return ranges;
}

function cover(writer: PageWriter, content: PacketPdfContent): void {
  const { debt, amounts, limitation } = content;
  writer.space(60);
  writer.title('诉讼证据材料', 24);
  writer.title('Litigation packet', 16);
  writer.space(20);
  const party = (p: { name: string; uscc?: string; address?: string }) => `${p.name}${p.uscc ? `\n统一社会信用代码 USCC ${p.uscc}` : ''}${p.address ? `\n${p.address}` : ''}`;
  writer.fields(
    [
      ['案件编号 Case', content.caseRef],
      ...(debt.creditor ? [['债权人 Creditor', party(debt.creditor)] as [string, string]] : []),
      ['债务人 Debtor', party(debt.debtor)],
      ...(debt.contractNo ? [['合同编号 Contract', debt.contractNo] as [string, string]] : []),
      ...(debt.project ? [['项目 Project', debt.project.name] as [string, string]] : []),
      ['主张本金 Principal claimed', `${amounts.claimed ?? '—'} ${amounts.currency}`],
      ['本金依据 Principal basis', `${amounts.basis.amount ?? '—'} ${amounts.currency} (${amounts.basis.kind})`],
      ['已付 Paid', `${amounts.paid} ${amounts.currency}`],
      ['尚欠 Outstanding', `${amounts.outstanding ?? '—'} ${amounts.currency}${amounts.outstandingOnBasis !== null ? `；按依据 on the basis ${amounts.outstandingOnBasis}` : ''}`],
      ['诉讼时效 Limitation', `${limitation.regime} · ${limitation.status} · 届满日 last day ${limitation.expiresOn ?? '—'}${limitation.daysLeft !== null ? ` (${limitation.daysLeft} days left)` : ''}`],
      ['诉讼准备评分 Readiness', `${content.readiness.score}/100${content.readiness.ready ? '' : ' · 有不通过项 some checks fail'}`],
      ['证据 Exhibits', `${content.exhibits.length} 份 exhibits, ${content.exhibits.reduce((sum, e) => sum + e.document.pages, 0)} 页 pages`],
      ['材料包 Packet', content.packetId],
      ['生成时间 Generated', content.generatedAt],
    ],
    10.5,
  );
  writer.space(16);
  writer.paragraph(
    '每页证据均加盖证据编号、连续页码及原件 SHA-256 前 12 位；原件（含其电子签章）见随附 ZIP 的 exhibits/ 目录，manifest.json 列明每个文件的 SHA-256。本文件以电子印章封存。' +
      'Every exhibit page is stamped with its exhibit number, a running page number and the first 12 hex digits of the original’s SHA-256. The originals, with their own seals intact, are in the exhibits/ folder of the accompanying ZIP; manifest.json lists the SHA-256 of every file. This PDF is sealed (PAdES).',
    { size: 8.5, grey: true },
  );
}

function evidenceList(writer: PageWriter, content: PacketPdfContent, ranges: Map<number, [number, number]>): void {
  writer.heading('证据目录 Evidence list', 14);
  writer.table(
    [
      { title: '序号 No.', width: 0.08 },
      { title: '证据名称 Evidence', width: 0.3 },
      { title: '证据来源 Source', width: 0.22 },
      { title: '证明目的 Purpose', width: 0.26 },
      { title: '页码 Pages', width: 0.14 },
    ],
    content.exhibits.map((exhibit) => {
      const d = exhibit.document;
      const kind = EXHIBIT_KINDS[d.type];
      const [first, last] = ranges.get(exhibit.number) as [number, number];
      return [
        String(exhibit.number),
        `${kind.zh} ${kind.en}${d.title ? `：${d.title}` : ''}\n${d.filename}\nSHA-256 ${hashPrefix(d.sha256)}`,
        evidenceSource({ ...d, ...(exhibit.signatureReviewed ? { signatureReviewed: true } : {}) }),
        `${kind.purposeZh}\n${kind.purposeEn}`,
        first === last ? String(first).padStart(6, '0') : `${String(first).padStart(6, '0')}–${String(last).padStart(6, '0')}`,
      ];
    }),
    7.5,
  );
}

/** The exhibit's pages, added to `document`. */
async function exhibitPages(document: PDFDocument, fonts: DocumentFonts, exhibit: PacketExhibit): Promise<PDFPage[]> {
  const { contentType } = exhibit.document;
  const bytes = await exhibit.read();
  if (contentType === 'application/pdf') {
    const source = await PDFDocument.load(bytes, { updateMetadata: false });
    return (await document.copyPages(source, source.getPageIndices())).map((page) => document.addPage(page));
  }
  if (contentType === 'image/png' || contentType === 'image/jpeg') {
    const page = document.addPage([PAGE.width, PAGE.height]);
    const image = contentType === 'image/png' ? await document.embedPng(bytes) : await document.embedJpg(bytes);
    const box = { width: PAGE.width - 2 * PAGE.margin, height: PAGE.height - 2 * PAGE.margin - 30 };
    const scale = Math.min(box.width / image.width, box.height / image.height, 1);
    const [width, height] = [image.width * scale, image.height * scale];
    page.drawImage(image, { x: (PAGE.width - width) / 2, y: PAGE.margin + (box.height - height) / 2, width, height });
    return [page];
  }
  const writer = new PageWriter(document, fonts);
  writer.space(80);
  writer.paragraph(`此证据为 TIFF 图像，原件见 ZIP：${exhibit.document.filename}（SHA-256 ${exhibit.document.sha256}）。`, { size: 11 });
  writer.paragraph(`This exhibit is a TIFF image; see its original in the ZIP: ${exhibit.document.filename} (SHA-256 ${exhibit.document.sha256}).`, { size: 11 });
  return writer.pages;
}

/**
 * Stamps lines at the top right of a page as it is displayed, whatever its /Rotate and media box
 * origin, on a light backing so they stay legible over the page's own content.
 */
function stamp(page: PDFPage, fonts: DocumentFonts, lines: string[]): void {
  const size = 7;
  const rotation = ((page.getRotation().angle % 360) + 360) % 360;
  const box = page.getMediaBox();
  const [visualWidth, visualHeight] = rotation % 180 === 0 ? [box.width, box.height] : [box.height, box.width];
  // Visual (displayed) coordinates to the page's own user space.
  const toUser = (u: number, v: number): { x: number; y: number } => {
    const [x, y] =
      rotation === 90 ? [box.width - v, u] : rotation === 180 ? [box.width - u, box.height - v] : rotation === 270 ? [v, box.height - u] : [u, v];
    return { x: box.x + x, y: box.y + y };
  };
  const width = Math.max(...lines.map((line) => widthOf(line, size, fonts))) + 8;
  const height = lines.length * size * 1.35 + 6;
  const [left, bottom] = [visualWidth - width - 8, visualHeight - height - 8];
  const angle = degrees(rotation);
  page.drawRectangle({ ...toUser(left, bottom), width, height, rotate: angle, color: rgb(1, 1, 1), opacity: 0.85, borderColor: INK, borderWidth: 0.5 });
  lines.forEach((line, index) => {
    let u = left + 4;
    const v = bottom + height - 3 - (index + 1) * size * 1.35 + size * 0.3;
    for (const run of runsOf(line, fonts)) {
      page.drawText(run.text, { ...toUser(u, v), size, font: run.font, color: INK, rotate: angle });
      u += run.font.widthOfTextAtSize(run.text, size);
    }
  });
}

function auditCertificate(writer: PageWriter, content: PacketPdfContent): void {
  const { audit } = content;
  writer.title('审计证书 Audit certificate', 16);
  writer.fields(
    [
      ['债权档案 Debt', content.debt.id],
      ['审计链长度 Chain length', `${audit.length} 个事件 events`],
      ['链头 Head', `seq ${audit.head.seq} · ${audit.head.hash}`],
      ['验证结果 Verification', audit.valid ? `通过 valid: every event re-hashes and links to the one before; ${audit.blobs.checked} stored file(s) re-hash to their SHA-256` : `不通过 NOT valid: ${audit.reason ?? `${audit.blobs.mismatched} file(s) no longer match their SHA-256`}`],
      [
        '检查点 Checkpoint',
        audit.checkpoint
          ? `${audit.checkpoint.at} · Merkle root ${audit.checkpoint.root} over ${audit.checkpoint.chains} chain(s) · ${audit.checkpoint.algorithm} by the seal certificate with SHA-256 ${audit.checkpoint.certificateSha256} · blob SHA-256 ${audit.checkpoint.sha256}${audit.checkpoint.head ? ` · this chain at seq ${audit.checkpoint.head.seq}, ${audit.checkpoint.head.hash}` : ' · this chain is not in it'}`
          : '尚无 none yet',
      ],
    ],
    9,
  );
  writer.paragraph(
    '每个事件的 hash = SHA-256(前一事件 hash 的 64 位十六进制 ‖ 该事件去掉 hash 后按 RFC 8785 (JCS) 规范化的 JSON)，首个事件的前一 hash 为 64 个 0。ZIP 中 audit.jsonl 为完整审计链，可离线重新计算。' +
      'Each event’s hash = SHA-256(the previous hash as 64 hex characters ‖ the RFC 8785 (JCS) canonical JSON of the event without its hash); the first event’s previous hash is 64 zeros. audit.jsonl in the ZIP holds the whole chain, to recompute offline.',
    { size: 8, grey: true },
  );
  writer.heading('与证据相关的事件 Events concerning the exhibits', 11);
  const exhibitOf = new Map(content.exhibits.map((e) => [e.document.id, e.number]));
  writer.table(
    [
      { title: 'seq', width: 0.07 },
      { title: '时间 Time (UTC)', width: 0.22 },
      { title: '操作人 Actor', width: 0.17 },
      { title: '事件 Action', width: 0.2 },
      { title: '证据 Exhibit', width: 0.1 },
      { title: 'hash', width: 0.24 },
    ],
    audit.events.map((event) => {
      const documentId = /\/document\/([^/]+)$/.exec(event.subject)?.[1] ?? '';
      return [String(event.seq), event.at, `${event.actor.id} (${event.actor.role})`, event.action, String(exhibitOf.get(documentId) ?? ''), hashPrefix(event.hash)];
    }),
    7,
  );
}
