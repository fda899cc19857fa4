import { type Color, type PDFDocument, type PDFImage, type PDFPage, rgb } from 'pdf-lib';
import { type DocumentFonts, runsOf, widthOf } from './fonts';

/** A4 in points. */
export const PAGE = { width: 595.28, height: 841.89, margin: 56 } as const;

const INK = rgb(0.1, 0.1, 0.1);
const GREY = rgb(0.45, 0.45, 0.45);
const RULE = rgb(0.6, 0.6, 0.6);

/** Where a signer's signature goes: page index (0-based) and a box in PDF points. */
export interface SignatureSlot {
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface TableColumn {
  title: string;
  /** Share of the text width. */
  width: number;
  align?: 'left' | 'right';
}

// Closing punctuation that must not start a line (basic kinsoku).
const NO_LINE_START = new Set([...'，。、；：！？）」』》〉”’,.;:!?)]']);

/**
 * Draws one line of mixed Chinese / Latin text, each run in the font that has its glyphs.
 *
 * @example
 * drawMixedText(page, fonts, '王五 Wang Wu', 72, 700, 12, rgb(0, 0, 0));
 */
export function drawMixedText(page: PDFPage, fonts: DocumentFonts, text: string, x: number, y: number, size: number, color: Color): void {
  let cursor = x;
  for (const run of runsOf(text, fonts)) {
    page.drawText(run.text, { x: cursor, y, size, font: run.font, color });
    cursor += run.font.widthOfTextAtSize(run.text, size);
  }
}

/**
 * Wraps text to a width: Chinese may break between any two characters, Latin words only at
 * spaces (a word longer than the line is cut), closing punctuation stays on its line.
 *
 * @example
 * wrap('欠款确认函 Confirmation of balance', 120, 10, fonts) // ['欠款确认函 Confirmation', 'of balance']
 */
export function wrap(text: string, width: number, size: number, fonts: DocumentFonts): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    const tokens = paragraph.match(/[A-Za-z0-9\u00C0-\u024F'’.,:;!?%()\-/@#&+¥$€£]+|\s+|./gu) ?? [];
    let line = '';
    for (const token of tokens) {
      const candidate = line + token;
      if (widthOf(candidate, size, fonts) <= width || line === '' || NO_LINE_START.has(token)) {
        line = candidate;
        continue;
      }
      lines.push(line.trimEnd());
      line = /^\s+$/.test(token) ? '' : token;
    }
    // A single token wider than the line is cut by characters.
    while (widthOf(line, size, fonts) > width && line.length > 1) {
      let cut = line.length - 1;
      while (cut > 1 && widthOf(line.slice(0, cut), size, fonts) > width) cut--;
      lines.push(line.slice(0, cut));
      line = line.slice(cut);
    }
    lines.push(line.trimEnd());
  }
  return lines;
}

/**
 * Writes a document top to bottom on A4 pages: headings, wrapped paragraphs, label/value rows,
 * tables with wrapped cells and a header repeated on each page, and signature boxes. Starts a
 * new page whenever the next block does not fit.
 */
export class PageWriter {
  private page!: PDFPage;
  private y = 0;
  readonly pages: PDFPage[] = [];
  readonly slots: SignatureSlot[] = [];

  constructor(
    private readonly document: PDFDocument,
    readonly fonts: DocumentFonts,
  ) {
    this.newPage();
  }

  get textWidth(): number {
    return PAGE.width - 2 * PAGE.margin;
  }

  /** Draws one line of mixed-script text at a point. */
  text(text: string, x: number, y: number, size: number, options: { page?: PDFPage; grey?: boolean } = {}): void {
    drawMixedText(options.page ?? this.page, this.fonts, text, x, y, size, options.grey ? GREY : INK);
  }

  /** A centred title. */
  title(text: string, size = 20): void {
    this.ensure(size * 2);
    this.y -= size;
    this.text(text, (PAGE.width - widthOf(text, size, this.fonts)) / 2, this.y, size);
    this.y -= size;
  }

  /** A section heading. */
  heading(text: string, size = 12.5): void {
    this.ensure(size * 3);
    this.y -= size * 1.6;
    this.text(text, PAGE.margin, this.y, size);
    this.y -= size * 0.6;
  }

  /** A wrapped paragraph; `indent` is the first-line indent in em (Chinese style: 2). */
  paragraph(text: string, options: { size?: number; indent?: number; grey?: boolean } = {}): void {
    const size = options.size ?? 10.5;
    const lines = wrap('\u3000'.repeat(options.indent ?? 0) + text, this.textWidth, size, this.fonts);
    this.y -= size * 0.5;
    for (const line of lines) {
      this.ensure(size * 1.6);
      this.y -= size * 1.6;
      this.text(line, PAGE.margin, this.y, size, { grey: options.grey ?? false });
    }
  }

  /** Rows of `label: value`, the values wrapped in their column. */
  fields(rows: Array<[string, string]>, size = 10.5): void {
    const labelWidth = Math.max(...rows.map(([label]) => widthOf(label, size, this.fonts))) + 12;
    this.y -= size * 0.4;
    for (const [label, value] of rows) {
      const lines = wrap(value, this.textWidth - labelWidth, size, this.fonts);
      this.ensure(size * 1.6 * Math.min(lines.length, 3));
      this.y -= size * 1.6;
      this.text(label, PAGE.margin, this.y, size, { grey: true });
      lines.forEach((line, index) => {
        if (index > 0) {
          this.ensure(size * 1.6);
          this.y -= size * 1.6;
        }
        this.text(line, PAGE.margin + labelWidth, this.y, size);
      });
    }
  }

  /** A ruled table; cells wrap, rows never split across pages, the header repeats. */
  table(columns: TableColumn[], rows: string[][], size = 9.5): void {
    const widths = columns.map((column) => column.width * this.textWidth);
    const padding = 4;
    const lineHeight = size * 1.45;
    const layoutRow = (cells: string[]) => cells.map((cell, i) => wrap(cell, (widths[i] as number) - 2 * padding, size, this.fonts));
    const rowHeight = (wrapped: string[][]) => Math.max(...wrapped.map((lines) => lines.length)) * lineHeight + 2 * padding;
    const drawRow = (wrapped: string[][], header: boolean) => {
      const height = rowHeight(wrapped);
      let x = PAGE.margin;
      const top = this.y;
      wrapped.forEach((lines, i) => {
        const width = widths[i] as number;
        this.page.drawRectangle({ x, y: top - height, width, height, borderColor: RULE, borderWidth: 0.6, ...(header ? { color: rgb(0.93, 0.93, 0.93) } : {}) });
        lines.forEach((line, n) => {
          const lineWidth = widthOf(line, size, this.fonts);
          const left = columns[i]?.align === 'right' && !header ? x + width - padding - lineWidth : x + padding;
          this.text(line, left, top - padding - (n + 1) * lineHeight + size * 0.3, size);
        });
        x += width;
      });
      this.y -= height;
    };
    const header = layoutRow(columns.map((column) => column.title));
    this.y -= 6;
    this.ensure(rowHeight(header) + lineHeight * 2);
    drawRow(header, true);
    for (const row of rows) {
      const wrapped = layoutRow(row);
      if (this.y - rowHeight(wrapped) < PAGE.margin + 24) {
        this.newPage();
        drawRow(header, true);
      }
      drawRow(wrapped, false);
    }
  }

  /**
   * Signature boxes, two a row: a label above, an empty box where the signature is stamped
   * later, and the signer's printed details below. Records each box as a {@link SignatureSlot}.
   */
  signatureBoxes(boxes: Array<{ label: string; lines: string[] }>, size = 9.5): void {
    const gap = 20;
    const width = (this.textWidth - gap) / 2;
    const boxHeight = 64;
    this.y -= 10;
    for (let i = 0; i < boxes.length; i += 2) {
      const row = boxes.slice(i, i + 2);
      const detailLines = Math.max(...row.map((box) => box.lines.length));
      const height = size * 1.6 + boxHeight + detailLines * size * 1.5 + 12;
      this.ensure(height);
      row.forEach((box, column) => {
        const x = PAGE.margin + column * (width + gap);
        let y = this.y - size * 1.4;
        this.text(box.label, x, y, size, { grey: true });
        y -= 6 + boxHeight;
        this.page.drawRectangle({ x, y, width, height: boxHeight, borderColor: RULE, borderWidth: 0.6, borderDashArray: [3, 2] });
        this.slots.push({ page: this.pages.length - 1, x, y, width, height: boxHeight });
        box.lines.forEach((line, n) => this.text(line, x, y - (n + 1) * size * 1.5, size));
      });
      this.y -= height;
    }
  }

  /** An image scaled to fit `maxWidth` × `maxHeight`, with a caption under it. */
  image(image: PDFImage, maxWidth: number, maxHeight: number, caption: string, size = 7.5): void {
    const scale = Math.min(maxWidth / image.width, maxHeight / image.height, 1);
    const [width, height] = [image.width * scale, image.height * scale];
    this.ensure(height + size * 3);
    this.y -= height + 6;
    this.page.drawImage(image, { x: PAGE.margin, y: this.y, width, height });
    this.y -= size * 1.5;
    this.text(caption, PAGE.margin, this.y, size, { grey: true });
  }

  /** Vertical space in points. */
  space(points: number): void {
    this.y -= points;
  }

  /** Puts `footer(pageNumber, pageCount)` at the foot of every page. */
  footers(footer: (pageNumber: number, pageCount: number) => string): void {
    this.pages.forEach((page, index) => {
      const text = footer(index + 1, this.pages.length);
      this.text(text, (PAGE.width - widthOf(text, 8, this.fonts)) / 2, PAGE.margin / 2, 8, { page, grey: true });
    });
  }

  private ensure(height: number): void {
    if (this.y - height < PAGE.margin + 12) this.newPage();
  }

  private newPage(): void {
    this.page = this.document.addPage([PAGE.width, PAGE.height]);
    this.pages.push(this.page);
    this.y = PAGE.height - PAGE.margin;
  }
}
