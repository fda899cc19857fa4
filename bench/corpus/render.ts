import { existsSync, readFileSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import { CJK_FONT_COLLECTION, firstFontOfCollection } from '../../functions/testing/cjk-pdfs';
import type { CorpusDocument, Face } from './documents';

/**
 * The digital PDF of a corpus document (pdf-lib), in one of three TrueType CJK faces from Debian
 * packages: sans (fonts-wqy-microhei), serif/Ming (fonts-arphic-uming), kai (fonts-arphic-ukai).
 * CFF fonts (fonts-noto-cjk) are not used: pdf-lib subsets them into blank glyphs.
 */
const FACES: Record<Face, { file: string; debian: string }> = {
  sans: { file: CJK_FONT_COLLECTION, debian: 'fonts-wqy-microhei' },
  serif: { file: '/usr/share/fonts/truetype/arphic/uming.ttc', debian: 'fonts-arphic-uming' },
  kai: { file: '/usr/share/fonts/truetype/arphic/ukai.ttc', debian: 'fonts-arphic-ukai' },
};

const fonts = new Map<Face, Uint8Array>();

function fontBytes(face: Face): Uint8Array {
  let bytes = fonts.get(face);
  if (!bytes) {
    const { file, debian } = FACES[face];
    if (!existsSync(file)) throw new Error(`${file} is missing: apt-get install ${debian}`);
    bytes = firstFontOfCollection(readFileSync(file));
    fonts.set(face, bytes);
  }
  return bytes;
}

/** A4 in points. */
const PAGE = { width: 595, height: 842 };
const TOP = 70;

/**
 * @example
 * const pdf = await renderDocument(corpusDocuments()[0]);
 */
export async function renderDocument(doc: CorpusDocument): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const font = await pdf.embedFont(fontBytes(doc.face), { subset: true });
  const leading = doc.size * 1.9;
  doc.pages.forEach((blocks, index) => {
    const page = pdf.addPage([PAGE.width, PAGE.height]);
    let y = TOP;
    for (const block of blocks) {
      if ('gap' in block) y += block.gap * leading;
      else if ('text' in block) {
        for (const line of wrap(block.text, font, doc.size, doc.width)) {
          page.drawText(line, { x: doc.margin, y: PAGE.height - y - doc.size, size: doc.size, font });
          y += leading;
        }
      } else y = drawTable(page, font, doc, block.table, block.widths, y);
    }
    if (doc.stamp?.page === index + 1) drawStamp(page, font, doc.stamp.x, doc.stamp.y);
  });
  return new Uint8Array(await pdf.save());
}

/**
 * Breaks a paragraph where the width runs out: between any two characters in Chinese (as it is
 * set, figures and dates included), at the last space in English.
 */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const char of text) {
    if (line !== '' && font.widthOfTextAtSize(line + char, size) > width) {
      const space = line.lastIndexOf(' ');
      const latin = /^[\x20-\x7e]*$/u.test(line);
      lines.push(latin && space > 0 ? line.slice(0, space) : line);
      line = latin && space > 0 ? line.slice(space + 1) : '';
    }
    line += char;
  }
  if (line !== '') lines.push(line);
  return lines;
}

function drawTable(page: PDFPage, font: PDFFont, doc: CorpusDocument, rows: string[][], widths: number[], top: number): number {
  const height = doc.size * 2.2;
  const total = widths.reduce((a, b) => a + b, 0);
  rows.forEach((row, r) => {
    const y = PAGE.height - top - (r + 1) * height;
    let x = doc.margin;
    page.drawRectangle({ x, y, width: total, height, borderWidth: 0.8, borderColor: rgb(0, 0, 0) });
    row.forEach((cell, c) => {
      const w = widths[c] as number;
      if (c > 0) page.drawLine({ start: { x, y }, end: { x, y: y + height }, thickness: 0.8 });
      page.drawText(cell, { x: x + 6, y: y + (height - doc.size) / 2 + 1, size: doc.size, font });
      x += w;
    });
  });
  return top + rows.length * height + doc.size;
}

/** A round red company seal (公章): ring, star, name along the top, partly over the text below it. */
function drawStamp(page: PDFPage, font: PDFFont, cx: number, cyFromTop: number): void {
  const red = rgb(0.86, 0.1, 0.12);
  const cy = PAGE.height - cyFromTop;
  page.drawCircle({ x: cx, y: cy, size: 52, borderWidth: 3.2, borderColor: red, opacity: 0, borderOpacity: 0.85 });
  const star = Array.from({ length: 10 }, (_, i) => {
    const angle = -Math.PI / 2 + (i * Math.PI) / 5;
    const r = i % 2 === 0 ? 14 : 5.6;
    return `${i === 0 ? 'M' : 'L'} ${(Math.cos(angle) * r).toFixed(2)} ${(Math.sin(angle) * r).toFixed(2)}`;
  }).join(' ');
  page.drawSvgPath(`${star} Z`, { x: cx, y: cy, color: red, opacity: 0.85 });
  const name = '福州某某建设工程有限公司';
  [...name].forEach((char, i) => {
    // Along the upper arc, left to right: from 67.5° left of the top to 67.5° right of it.
    const theta = Math.PI / 2 + Math.PI * 0.75 * (0.5 - i / (name.length - 1));
    page.drawText(char, { x: cx + Math.cos(theta) * 38 - 5, y: cy + Math.sin(theta) * 38 - 5, size: 10, font, color: red, opacity: 0.85 });
  });
  page.drawText('合同专用章', { x: cx - 25, y: cy - 32, size: 10, font, color: red, opacity: 0.85 });
}
