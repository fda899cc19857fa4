import { createHash } from 'node:crypto';
import { PDF, type Signer as PdfSigner } from '@libpdf/core';
import { PDFDocument, rgb } from 'pdf-lib';
import { embedDocumentFonts, widthOf } from '../../templates/fonts';
import { drawMixedText, PageWriter, type SignatureSlot } from '../../templates/layout';
import { readTimestampToken } from '../pki/rfc3161';
import type { Sealer } from '../ports/sealer';
import { type Timestamper, TimestampError } from '../ports/timestamper';

/**
 * Turning a signed-off document into a sealed PDF (DESIGN §9), in three incremental updates of the
 * document the signers saw, so that each stage stays a byte-for-byte prefix of the final file:
 *
 *   1. the signatures stamped into their boxes (a transparent overlay drawn over each page);
 *   2. a signing certificate page appended (hashes of stages 0 and 1, every signer's events);
 *   3. a PAdES seal (ETSI.CAdES.detached, SHA-256, signing-certificate-v2) over the whole file.
 *
 * pdf-lib draws (it has the fonts and layout); @libpdf/core appends the updates and seals, since
 * pdf-lib can only rewrite a file whole.
 */

/** What is drawn into a signer's box. */
export interface SignatureStamp {
  slot: SignatureSlot;
  signature: { kind: 'drawn'; png: Uint8Array } | { kind: 'typed'; text: string };
  /** Small print under the signature: who, when. */
  caption: string;
}

/**
 * Stage 1: draws each signature into its box on its page, as an incremental update.
 *
 * @example
 * const stamped = await stampSignatures(original, [{ slot, signature: { kind: 'typed', text: '王五' }, caption: '王五 2026-11-29T02:00:00.000Z' }]);
 */
export async function stampSignatures(original: Uint8Array, stamps: SignatureStamp[]): Promise<Uint8Array> {
  const source = await PDFDocument.load(original, { updateMetadata: false });
  const overlay = await PDFDocument.create({ updateMetadata: false });
  const fonts = await embedDocumentFonts(overlay);
  const pages = [...new Set(stamps.map((stamp) => stamp.slot.page))].sort((a, b) => a - b);
  for (const pageIndex of pages) {
    const { width, height } = source.getPage(pageIndex).getSize();
    const page = overlay.addPage([width, height]);
    const ink = rgb(0.05, 0.1, 0.45);
    for (const stamp of stamps.filter((s) => s.slot.page === pageIndex)) {
      const { x, y, width: boxWidth, height: boxHeight } = stamp.slot;
      const inner = { x: x + 4, y: y + 12, width: boxWidth - 8, height: boxHeight - 16 };
      if (stamp.signature.kind === 'drawn') {
        const image = await overlay.embedPng(stamp.signature.png);
        const scale = Math.min(inner.width / image.width, inner.height / image.height, 1);
        const drawn = { width: image.width * scale, height: image.height * scale };
        page.drawImage(image, { x: inner.x + (inner.width - drawn.width) / 2, y: inner.y + (inner.height - drawn.height) / 2, ...drawn });
      } else {
        let size = 22;
        while (size > 8 && widthOf(stamp.signature.text, size, fonts) > inner.width) size -= 1;
        drawMixedText(page, fonts, stamp.signature.text, inner.x + (inner.width - widthOf(stamp.signature.text, size, fonts)) / 2, inner.y + (inner.height - size) / 2 + 2, size, ink);
      }
      let captionSize = 6.5;
      while (captionSize > 4 && widthOf(stamp.caption, captionSize, fonts) > boxWidth - 8) captionSize -= 0.5;
      drawMixedText(page, fonts, stamp.caption, x + 4, y + 3, captionSize, ink);
    }
  }
  const overlayPdf = await PDF.load(await overlay.save({ useObjectStreams: false }));
  const target = await PDF.load(original);
  for (const [overlayIndex, pageIndex] of pages.entries()) {
    const embedded = await target.embedPage(overlayPdf, overlayIndex);
    target.getPage(pageIndex)?.drawPage(embedded, { x: 0, y: 0 });
  }
  return target.save({ incremental: true });
}

/** One line of the certificate's signer section. */
export interface CertificateEvent {
  at: string;
  what: string;
  ip?: string;
  userAgent?: string;
}

export interface CertificateContent {
  requestId: string;
  debtId: string;
  templateId: string;
  title: string;
  mode: 'remote' | 'in_person';
  requestedBy: string;
  witness?: string;
  original: { sha256: string; size: number };
  stamped: { sha256: string; size: number };
  signers: Array<{ name: string; details: string; events: CertificateEvent[]; location?: string; photo?: { bytes: Uint8Array; contentType: string } }>;
  seal: { certificate: string; fingerprint: string; timestampAuthority?: string };
}

/**
 * Stage 2: appends the signing certificate page(s), bilingual, as an incremental update.
 */
export async function appendCertificate(stamped: Uint8Array, content: CertificateContent): Promise<Uint8Array> {
  const document = await PDFDocument.create({ updateMetadata: false });
  const writer = new PageWriter(document, await embedDocumentFonts(document));
  writer.title('签署证书 Signing certificate', 16);
  writer.fields(
    [
      ['签署请求 Request', content.requestId],
      ['债权档案 Debt', content.debtId],
      ['文件 Document', `${content.title} (${content.templateId})`],
      ['方式 Mode', content.mode === 'remote' ? '远程签署 remote, by signing link and one-time code' : '当面签署 in person, on the requester’s device'],
      ['发起人 Requested by', content.requestedBy],
      ...(content.witness ? [['见证人 Witness', content.witness] as [string, string]] : []),
    ],
    9,
  );
  writer.heading('文件指纹 Document fingerprints', 11);
  writer.paragraph(`签署前（签字人所见文件）Before signing, as shown to the signers: bytes 0–${content.original.size - 1} of this file (${content.original.size} bytes), SHA-256 ${content.original.sha256}`, { size: 8.5 });
  writer.paragraph(`签字后（签名已加盖）After signing, signatures stamped: bytes 0–${content.stamped.size - 1} of this file (${content.stamped.size} bytes), SHA-256 ${content.stamped.sha256}`, { size: 8.5 });
  writer.paragraph('每一阶段均为本文件的前缀（增量更新），可截取相应字节自行核对。Each stage is a prefix of this file (incremental updates): cut the bytes and hash them to check.', { size: 8, grey: true });
  for (const [index, signer] of content.signers.entries()) {
    writer.heading(`签字人 Signer ${index + 1}: ${signer.name}`, 11);
    writer.paragraph(signer.details, { size: 8.5 });
    writer.table(
      [
        { title: '时间 Time (UTC)', width: 0.27 },
        { title: '事件 Event', width: 0.23 },
        { title: 'IP', width: 0.15 },
        { title: '浏览器 User agent', width: 0.35 },
      ],
      signer.events.map((event) => [event.at, event.what, event.ip ?? '', event.userAgent ?? '']),
      7.5,
    );
    if (signer.location) writer.paragraph(`地点 Location: ${signer.location}`, { size: 8.5 });
    if (signer.photo) {
      const image = signer.photo.contentType === 'image/png' ? await document.embedPng(signer.photo.bytes) : await document.embedJpg(signer.photo.bytes);
      writer.image(image, 160, 120, `现场照片 Photo taken at signing (SHA-256 ${createHash('sha256').update(signer.photo.bytes).digest('hex')})`);
    }
  }
  writer.heading('电子印章 Seal', 11);
  writer.paragraph(
    `本文件以 PAdES（ETSI.CAdES.detached，SHA-256）电子印章封存，印章覆盖全部字节；其后的任何修改都会被验证发现。This file is sealed as PAdES (ETSI.CAdES.detached, SHA-256) by "${content.seal.certificate}" (certificate SHA-256 ${content.seal.fingerprint}); the seal covers every byte, so any later change is detected. ${content.seal.timestampAuthority ? `RFC 3161 timestamp requested from ${content.seal.timestampAuthority}. ` : ''}Verify with POST /v1/verify, pdfsig, or openssl cms -verify over the signed byte ranges.`,
    { size: 8.5 },
  );
  writer.footers((page, pages) => `签署证书 Signing certificate ${page}/${pages} · ${content.requestId}`);
  const certificate = await PDF.load(await document.save({ useObjectStreams: false }));
  const target = await PDF.load(stamped);
  await target.copyPagesFrom(certificate, certificate.getPages().map((_, index) => index));
  return target.save({ incremental: true });
}

export type TimestampOutcome = { status: 'none' } | { status: 'granted'; authority: string; time: string } | { status: 'failed'; authority: string; error: string };

export interface SealOptions {
  sealer: Sealer;
  timestamper?: Timestamper;
  reason: string;
  location?: string;
  signingTime: Date;
}

/**
 * Stage 3: seals the whole file as PAdES by incremental update. The digest to sign is computed
 * here and handed to the Sealer, so a KMS key fits. With a Timestamper, the signature is
 * time-stamped (B-T); if the authority fails, the seal is made without a timestamp and the
 * failure is returned to be recorded; no time is ever made up.
 *
 * @example
 * const { bytes, timestamp } = await sealPdf(pdfBytes, { sealer, reason: 'Sealed', signingTime: new Date() });
 */
export async function sealPdf(bytes: Uint8Array, options: SealOptions): Promise<{ bytes: Uint8Array; timestamp: TimestampOutcome }> {
  const chain = await options.sealer.certificateChain();
  const signer: PdfSigner = {
    certificate: chain[0] as Uint8Array,
    certificateChain: chain.slice(1),
    keyType: 'EC',
    signatureAlgorithm: 'ECDSA',
    sign: async (data, algorithm) => {
      if (algorithm !== 'SHA-256') throw new Error(`the seal signs SHA-256 digests, not ${algorithm}`);
      return options.sealer.sign(new Uint8Array(createHash('sha256').update(data).digest()));
    },
  };
  const seal = async (timestamper?: Timestamper) => {
    let time: Date | undefined;
    const pdf = await PDF.load(bytes);
    const result = await pdf.sign({
      signer,
      reason: options.reason,
      ...(options.location ? { location: options.location } : {}),
      signingTime: options.signingTime,
      fieldName: 'Seal',
      subFilter: 'ETSI.CAdES.detached',
      digestAlgorithm: 'SHA-256',
      // Room for the CMS in /Contents: our chain and signature take about 1.3 KB; a TSA's token and
      // chain can take several more, so the library's default (12 KB) is kept for those.
      ...(timestamper ? {} : { estimatedSize: 4096 }),
      ...(timestamper
        ? {
            timestampAuthority: {
              timestamp: async (digest: Uint8Array) => {
                const token = await timestamper.timestamp(digest);
                time = readTimestampToken(token).info.genTime;
                return token;
              },
            },
          }
        : {}),
    });
    return { bytes: result.bytes, time };
  };
  if (!options.timestamper) return { bytes: (await seal()).bytes, timestamp: { status: 'none' } };
  try {
    const result = await seal(options.timestamper);
    return { bytes: result.bytes, timestamp: { status: 'granted', authority: options.timestamper.authority, time: (result.time as Date).toISOString() } };
  } catch (error) {
    if (!(error instanceof TimestampError) && !((error as Error).cause instanceof TimestampError)) throw error;
    return { bytes: (await seal()).bytes, timestamp: { status: 'failed', authority: options.timestamper.authority, error: (error as Error).message } };
  }
}
