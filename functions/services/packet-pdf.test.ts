import { spawnSync } from 'node:child_process';
import { degrees, PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { pdfText } from '../../templates/render-references';
import { qpdfCheck } from '../testing/pdf-signature-tools';
import { makePng } from '../testing/pdfs';
import { requireTool } from '../testing/system-tools';
import type { EvidenceDocument } from './documents';
import { assemblePacketPdf, type PacketExhibit, type PacketPdfContent } from './packet-pdf';

const ROTATIONS = [0, 90, 180, 270];

async function rotatedPdf(): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (const rotation of ROTATIONS) {
    // A landscape media box with an origin away from 0,0, as scanners write them.
    const page = document.addPage([600, 400]);
    page.setMediaBox(20, 30, 600, 400);
    page.drawText(`rotated ${rotation}`, { x: 80, y: 200, size: 14, font });
    page.setRotation(degrees(rotation));
  }
  return document.save();
}

function exhibit(number: number, fields: Partial<EvidenceDocument>, bytes: Uint8Array): PacketExhibit {
  const document = { id: `doc-${number}`, type: 'contract', filename: `f${number}`, contentType: 'application/pdf', pages: 1, sha256: `${number}`.repeat(64), status: 'active', uploadedBy: 'sales-1', uploadedAs: 'sales', uploadedAt: '2026-11-29T02:00:00.000Z', ...fields } as EvidenceDocument;
  return { number, document, read: async () => bytes };
}

function content(exhibits: PacketExhibit[]): PacketPdfContent {
  return {
    packetId: 'packet-1',
    generatedAt: '2026-11-29T02:00:00.000Z',
    caseRef: 'CASE',
    debt: { id: 'debt-1', debtor: { name: '某某公司' }, jurisdiction: 'CN', status: 'handed_off' },
    amounts: { currency: 'CNY', claimed: '10.00', basis: { kind: 'none', amount: null }, paid: '0.00', outstanding: '10.00', outstandingOnBasis: null },
    limitation: { regime: 'CN', status: 'running', startsOn: '2024-06-30', expiresOn: '2027-06-30', longStopOn: '2044-06-30', daysLeft: 213 },
    readiness: { score: 60, ready: false },
    exhibits,
    audit: { length: 0, head: { seq: 0, hash: '0'.repeat(64) }, valid: true, blobs: { checked: 0, mismatched: 0 }, events: [] },
  };
}

/** Word boxes per page as poppler lays the page out for display (`pdftotext -bbox`). */
function wordBoxes(bytes: Uint8Array): Array<{ width: number; height: number; words: Array<{ text: string; xMin: number; yMin: number; xMax: number }> }> {
  requireTool('pdftotext', 'poppler-utils');
  const html = spawnSync('pdftotext', ['-bbox', '-', '-'], { input: bytes, encoding: 'utf8' }).stdout;
  return html.split('<page ').slice(1).map((page) => {
    const [width, height] = [Number(/width="([\d.]+)"/.exec(page)?.[1]), Number(/height="([\d.]+)"/.exec(page)?.[1])];
    const words = [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map((m) => ({ text: m[4] as string, xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]) }));
    return { width, height, words };
  });
}

describe('assemblePacketPdf', () => {
  it('stamps every page upright at its displayed top right, whatever its rotation and media box', async () => {
    // Prepare
    const pdf = exhibit(1, { pages: 4 }, await rotatedPdf());
    // Act
    const { bytes, pages } = await assemblePacketPdf(content([pdf]));
    // Assess
    expect(qpdfCheck(bytes).ok).toBe(true);
    const boxes = wordBoxes(bytes);
    const exhibitPages = boxes.filter((page) => page.words.some((w) => /^CASE-\d{6}$/.test(w.text)));
    expect(exhibitPages).toHaveLength(4);
    expect(pages).toBe(boxes.length);
    exhibitPages.forEach((page, index) => {
      const rotation = ROTATIONS[index] as number;
      // poppler reports the media box size but word boxes as displayed (turned by the rotation).
      const displayedWidth = rotation % 180 === 0 ? page.width : page.height;
      const number = page.words.find((w) => w.text === `CASE-${String(index + 1).padStart(6, '0')}`);
      expect(number, `page rotated ${rotation}`).toBeDefined();
      expect(number?.yMin, `page rotated ${rotation}`).toBeLessThan(40);
      expect(number?.xMin, `page rotated ${rotation}`).toBeGreaterThan(displayedWidth / 2);
      expect(number?.xMax, `page rotated ${rotation}`).toBeLessThanOrEqual(displayedWidth);
    });
  });

  it('makes A4 pages of images, a pointer page for a TIFF, and numbers pages on across exhibits', async () => {
    // Prepare
    const exhibits = [
      exhibit(1, { type: 'visa', contentType: 'image/png', filename: 'visa.png' }, makePng(800, 1200)),
      exhibit(2, { type: 'delivery_proof', contentType: 'image/tiff', filename: 'receipt.tif' }, new Uint8Array([0x49, 0x49, 0x2a, 0])),
    ];
    // Act
    const { bytes } = await assemblePacketPdf(content(exhibits));
    const text = pdfText(bytes);
    // Assess
    expect(qpdfCheck(bytes).ok).toBe(true);
    expect(text).toContain(`CASE-000001 · SHA-256 ${'1'.repeat(12)}`);
    expect(text).toContain(`CASE-000002 · SHA-256 ${'2'.repeat(12)}`);
    expect(text).toContain('This exhibit is a TIFF image; see its original in the ZIP: receipt.tif');
    expect(text).toContain('证明催款通知已送达对方');
  });

  it('refuses an exhibit whose pages are not those recorded', async () => {
    // Prepare: the document says 3 pages, the file has 4
    const pdf = exhibit(1, { pages: 3 }, await rotatedPdf());
    // Act / Assess
    await expect(assemblePacketPdf(content([pdf]))).rejects.toThrow('has 4 pages, 3 were recorded');
  });
});
