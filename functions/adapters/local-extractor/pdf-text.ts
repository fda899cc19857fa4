import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { TextLine } from '../../core/extraction';

/**
 * The text layer of a digital PDF, read with pdfjs-dist 5 (runs on Node 20; 6 needs Node 22).
 * The CMaps and standard fonts shipped in the package are passed explicitly: without the CMaps,
 * Chinese text in fonts that are not embedded comes out empty. Nothing is fetched.
 */
const packageRoot = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const CMAP_URL = `${join(packageRoot, 'cmaps')}/`;
const STANDARD_FONTS_URL = `${join(packageRoot, 'standard_fonts')}/`;

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | undefined;
// Loaded on first use: pdfjs is large, and most requests never read a PDF.
const loadPdfJs = () => (pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs'));

export const PDF_TEXT_ENGINE = 'pdf-text';

export interface PdfTextPage {
  page: number;
  lines: TextLine[];
}

interface Item {
  str: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The lines of each page of a PDF, with boxes normalised to the page. A page with no text layer
 * (a scan) gives no lines. Throws when pdfjs cannot open the file.
 *
 * @example
 * const pages = await readPdfText(bytes); // [{ page: 1, lines: [{ text: '合同总价：¥1,000.00', … }] }]
 */
export async function readPdfText(bytes: Uint8Array): Promise<PdfTextPage[]> {
  const { getDocument } = await loadPdfJs();
  // pdfjs takes ownership of (and detaches) the buffer it is given: pass a copy.
  const task = getDocument({
    data: new Uint8Array(bytes),
    cMapUrl: CMAP_URL,
    cMapPacked: true,
    standardFontDataUrl: STANDARD_FONTS_URL,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  });
  const document = await task.promise;
  try {
    const pages: PdfTextPage[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const viewport = page.getViewport({ scale: 1 });
      const content = await page.getTextContent();
      const items: Item[] = [];
      for (const item of content.items) {
        if (!('str' in item)) continue;
        // Glyphs without a Unicode mapping come out as control characters: drop them.
        const str = item.str.replace(/\p{Cc}/gu, '');
        if (str.trim() === '') continue;
        const [, , , , x = 0, y = 0] = item.transform as number[];
        items.push({ str, x, y, width: item.width, height: item.height || Math.abs((item.transform as number[])[3] ?? 10) });
      }
      pages.push({ page: number, lines: toLines(items, viewport.width, viewport.height, number) });
      page.cleanup();
    }
    return pages;
  } finally {
    await document.destroy();
  }
}

/** Groups text items sharing a baseline into lines, top to bottom, left to right. */
function toLines(items: Item[], pageWidth: number, pageHeight: number, page: number): TextLine[] {
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
  const rows: Item[][] = [];
  for (const item of sorted) {
    const row = rows.at(-1);
    const first = row?.[0];
    if (row && first && Math.abs(first.y - item.y) <= Math.max(2, Math.min(first.height, item.height) * 0.5)) row.push(item);
    else rows.push([item]);
  }
  return rows.map((row) => {
    row.sort((a, b) => a.x - b.x);
    let text = '';
    let previousEnd: number | undefined;
    for (const item of row) {
      // A gap wider than a space between items becomes a space; wide gaps two (columns).
      if (previousEnd !== undefined) {
        const gap = item.x - previousEnd;
        text += gap > item.height * 1.5 ? '  ' : gap > item.height * 0.2 ? ' ' : '';
      }
      text += item.str;
      previousEnd = item.x + item.width;
    }
    const left = Math.min(...row.map((i) => i.x));
    const right = Math.max(...row.map((i) => i.x + i.width));
    const top = Math.max(...row.map((i) => i.y + i.height));
    const bottom = Math.min(...row.map((i) => i.y));
    return {
      page,
      text,
      bbox: { left: clamp(left / pageWidth), top: clamp(1 - top / pageHeight), width: clamp((right - left) / pageWidth), height: clamp((top - bottom) / pageHeight) },
      confidence: 1,
      engine: PDF_TEXT_ENGINE,
    };
  });
}

const clamp = (value: number) => Math.round(Math.max(0, Math.min(1, value)) * 10000) / 10000;
