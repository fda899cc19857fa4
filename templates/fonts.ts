import { readFileSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';

/**
 * The fonts documents are set in (templates/fonts/README.md): DejaVu Sans for Latin, digits and
 * symbols, Droid Sans Fallback for Chinese. Both have TrueType outlines, which pdf-lib subsets
 * correctly, so a document carries only the glyphs it uses. The files ship with the repository
 * (and must be copied next to a bundled Lambda), since nothing is downloaded at run time.
 */
const FONT_DIR = new URL('./fonts/', import.meta.url);
const LATIN_BYTES = readFileSync(new URL('DejaVuSans.ttf', FONT_DIR));
const CJK_BYTES = readFileSync(new URL('DroidSansFallbackFull.ttf', FONT_DIR));

// Code points the Latin font covers; everything else is set in the CJK font.
const LATIN_CODE_POINTS = new Set<number>((fontkit.create(LATIN_BYTES) as unknown as { characterSet: number[] }).characterSet);

export interface DocumentFonts {
  latin: PDFFont;
  cjk: PDFFont;
}

/**
 * Embeds both fonts, subset, into `document`.
 *
 * @example
 * const fonts = await embedDocumentFonts(await PDFDocument.create());
 */
export async function embedDocumentFonts(document: PDFDocument): Promise<DocumentFonts> {
  document.registerFontkit(fontkit);
  const [latin, cjk] = await Promise.all([document.embedFont(LATIN_BYTES, { subset: true }), document.embedFont(CJK_BYTES, { subset: true })]);
  return { latin, cjk };
}

/** A piece of text set in one font. */
export interface TextRun {
  text: string;
  font: PDFFont;
}

/**
 * Splits text into runs by the font that has its glyphs: Latin, digits and symbols in the Latin
 * font, Chinese (and the full-width punctuation) in the CJK font.
 *
 * @example
 * runsOf('合同 HT-001', fonts) // [{text:'合同', font:cjk}, {text:' HT-001', font:latin}]
 */
export function runsOf(text: string, fonts: DocumentFonts): TextRun[] {
  const runs: TextRun[] = [];
  for (const char of text) {
    const font = LATIN_CODE_POINTS.has(char.codePointAt(0) as number) ? fonts.latin : fonts.cjk;
    const last = runs.at(-1);
    if (last && last.font === font) last.text += char;
    else runs.push({ text: char, font });
  }
  return runs;
}

/** Width of `text` at `size` points, run by run. */
export function widthOf(text: string, size: number, fonts: DocumentFonts): number {
  return runsOf(text, fonts).reduce((width, run) => width + run.font.widthOfTextAtSize(run.text, size), 0);
}
