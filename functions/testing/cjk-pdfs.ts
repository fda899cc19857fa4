import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont } from 'pdf-lib';
import { requireTool } from './system-tools';

/** The TrueType CJK font used for test and bench documents (Debian fonts-wqy-microhei). */
export const CJK_FONT_COLLECTION = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';

let font: Uint8Array | undefined;

/**
 * WenQuanYi Micro Hei as a stand-alone TrueType font, cut out of the Debian collection (TTC):
 * pdf-lib embeds single fonts only, and this one has TrueType outlines (subsetting CFF CJK fonts
 * gives blank glyphs) and Latin, digits, ¥ and CJK in one face.
 *
 * @example
 * const bytes = cjkFont();
 */
export function cjkFont(): Uint8Array {
  if (font) return font;
  if (!existsSync(CJK_FONT_COLLECTION)) {
    throw new Error(`${CJK_FONT_COLLECTION} is missing: install the Debian package fonts-wqy-microhei (apt-get install fonts-wqy-microhei), or run bash .ci/run`);
  }
  font = firstFontOfCollection(readFileSync(CJK_FONT_COLLECTION));
  return font;
}

/** The first font of a TrueType collection, as an .ttf file: its table directory and tables, re-based. */
export function firstFontOfCollection(ttc: Uint8Array): Uint8Array {
  const view = new DataView(ttc.buffer, ttc.byteOffset, ttc.byteLength);
  if (view.getUint32(0) !== 0x74746366) throw new Error('not a TrueType collection'); // 'ttcf'
  const offset = view.getUint32(12);
  const numTables = view.getUint16(offset + 4);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const record = offset + 12 + i * 16;
    return { record, start: view.getUint32(record + 8), length: view.getUint32(record + 12) };
  });
  const headerLength = 12 + numTables * 16;
  const padded = (n: number) => (n + 3) & ~3;
  const out = new Uint8Array(headerLength + tables.reduce((sum, t) => sum + padded(t.length), 0));
  const outView = new DataView(out.buffer);
  out.set(ttc.subarray(offset, offset + headerLength), 0);
  let cursor = headerLength;
  tables.forEach((table, i) => {
    out.set(ttc.subarray(table.start, table.start + table.length), cursor);
    outView.setUint32(12 + i * 16 + 8, cursor);
    cursor += padded(table.length);
  });
  return out;
}

/** A Chinese construction contract's key lines: parties, code, number, total in figures and 大写, date. */
export const SAMPLE_CONTRACT_LINES = [
  '建设工程施工合同',
  '合同编号：HT-2026-018',
  '发包人（甲方）：福州某某建设工程有限公司',
  '统一社会信用代码：91350100M000100Y43',
  '承包人（乙方）：福建某某建材有限公司',
  '合同总价：人民币 1,234,567.89 元',
  '大写：壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分',
  '签订日期：2026年11月29日',
];

/** One page of a document to draw: lines of text from the top, and an optional signature scribble. */
export interface PageSpec {
  lines: string[];
  /** Draws a handwritten-looking stroke after the last line. */
  signature?: boolean;
}

/**
 * A digital PDF (with a text layer) of Chinese and English lines, in the CJK font.
 *
 * @example
 * const pdf = await makeCjkPdf([{ lines: ['合同总价：¥1,000.00'] }]);
 */
export async function makeCjkPdf(pages: PageSpec[], size = 14): Promise<Uint8Array<ArrayBuffer>> {
  const document = await PDFDocument.create();
  document.registerFontkit(fontkit);
  const embedded: PDFFont = await document.embedFont(cjkFont(), { subset: true });
  for (const spec of pages) {
    const page = document.addPage([595, 842]);
    spec.lines.forEach((text, i) => page.drawText(text, { x: 56, y: 770 - i * size * 2, size, font: embedded }));
    if (spec.signature) {
      const y = 770 - spec.lines.length * size * 2 - 10;
      page.drawSvgPath('M 0 0 C 20 -30, 40 30, 60 0 S 100 -30, 120 5 C 130 15, 140 -10, 160 0', { x: 300, y, borderWidth: 2 });
    }
  }
  return new Uint8Array(await document.save());
}

/**
 * A "scan" of the first page of a PDF: rendered by pdftoppm as a greyscale (or `colour`) PNG, and that image
 * alone in a new PDF (no text layer), as a scanner would give it.
 *
 * @example
 * const { png, pdf } = await scanOf(await makeCjkPdf([{ lines: ['尚欠：¥1,000.00'] }]));
 */
export async function scanOf(pdf: Uint8Array, dpi = 200, colour = false): Promise<{ png: Uint8Array<ArrayBuffer>; pdf: Uint8Array<ArrayBuffer> }> {
  requireTool('pdftoppm', 'poppler-utils');
  const dir = mkdtempSync(join(tmpdir(), 'scan-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    const run = spawnSync('pdftoppm', ['-r', String(dpi), ...(colour ? [] : ['-gray']), '-png', '-singlefile', '-f', '1', '-l', '1', join(dir, 'in.pdf'), join(dir, 'page')], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`pdftoppm failed: ${run.stderr}`);
    const png = new Uint8Array(readFileSync(join(dir, 'page.png')));
    const document = await PDFDocument.create();
    const image = await document.embedPng(png);
    document.addPage([595, 842]).drawImage(image, { x: 0, y: 0, width: 595, height: 842 });
    return { png, pdf: new Uint8Array(await document.save()) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
