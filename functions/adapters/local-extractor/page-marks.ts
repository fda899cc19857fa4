import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { TextLine } from '../../core/extraction';
import type { SignatureSearch } from '../../core/document-fields';
import { detectSeals, detectSignatureMarks, hasColour, MARKS_ENGINE, type PageRaster, type SealSearch } from '../../core/seal-detection';
import { OCR_ENGINE } from './ocr';
import { rasterizePdf } from './rasterize';

/** Renders PDF pages in colour, as decoded pixels. */
export type ColourPages = (bytes: Uint8Array, pages: readonly number[]) => Promise<Array<{ page: number; raster: PageRaster }>>;

/** Seals and signature marks need less than OCR: 150 dpi shows a 0.5 mm pen stroke 3 pixels wide. */
const MARKS_DPI = 150;
/** A phone photo is read at most this large (pixels): marks are measured relative to the page. */
const MAX_PIXELS = 6_000_000;

/**
 * Colour pages rendered by poppler's `pdftoppm` (embedded mode) and decoded by pngjs.
 *
 * @example
 * const [first] = await pdftoppmColours(pdf, [1]); // { page: 1, raster: { width: 1240, height: 1754, channels: 4, data } }
 */
export const pdftoppmColours: ColourPages = async (bytes, pages) =>
  (await rasterizePdf(bytes, pages, MARKS_DPI, true)).map(({ page, png }) => ({ page, raster: decodeImage(png, 'image/png') as PageRaster }));

/**
 * The pixels of an uploaded page image (PNG with pngjs, JPEG with jpeg-js: both pure JavaScript,
 * so the same on Lambda); undefined for formats not decoded here (TIFF).
 *
 * @example
 * decodeImage(png, 'image/png') // { width: 1654, height: 2339, channels: 4, data }
 */
export function decodeImage(bytes: Uint8Array, contentType: string): PageRaster | undefined {
  if (contentType === 'image/png') {
    const png = PNG.sync.read(Buffer.from(bytes));
    return { width: png.width, height: png.height, channels: 4, data: png.data };
  }
  if (contentType === 'image/jpeg') {
    const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: 100, maxMemoryUsageInMB: 1024 });
    return { width: image.width, height: image.height, channels: 4, data: image.data };
  }
  return undefined;
}

export interface PageMarks {
  seals?: SealSearch;
  signatures?: SignatureSearch;
}

/**
 * The seals and handwritten signatures on the scanned pages of a document (`scannedPages`, else
 * those its lines were read from by OCR), by {@link detectSeals} and {@link detectSignatureMarks}. Pages in greyscale
 * are not searched for seals (red cannot be told there); a document with no colour page gets no
 * seal search at all. Signatures are looked for only when `signatures` is set (on AWS, Textract
 * SIGNATURES finds them). A failure to render or decode leaves the marks out, never the text.
 *
 * @example
 * const { seals, signatures } = await findPageMarks({ bytes, contentType: 'image/jpeg', lines }, { colours: pdftoppmColours, signatures: true });
 */
export async function findPageMarks(
  document: { bytes: Uint8Array; contentType: string; lines: readonly TextLine[]; scannedPages?: readonly number[] },
  options: { colours: ColourPages; signatures: boolean },
): Promise<PageMarks> {
  const scanned = document.scannedPages ?? [...new Set(document.lines.filter((line) => line.engine === OCR_ENGINE).map((line) => line.page))].sort((a, b) => a - b);
  if (scanned.length === 0) return {};
  let rasters: Array<{ page: number; raster: PageRaster }>;
  try {
    if (document.contentType === 'application/pdf') rasters = await options.colours(document.bytes, scanned);
    else {
      const raster = decodeImage(document.bytes, document.contentType);
      rasters = raster && raster.width * raster.height <= MAX_PIXELS * 4 ? [{ page: 1, raster: shrink(raster) }] : [];
    }
  } catch (error) {
    console.warn(JSON.stringify({ level: 'warn', message: 'seal and signature detection skipped: the pages could not be decoded', error: (error as Error).message }));
    return {};
  }
  if (rasters.length === 0) return {};
  const colourPages = rasters.filter(({ raster }) => hasColour(raster));
  return {
    ...(colourPages.length > 0 ? { seals: { engine: MARKS_ENGINE, pages: colourPages.map(({ page }) => page), found: colourPages.flatMap(({ page, raster }) => detectSeals(raster, page)) } } : {}),
    ...(options.signatures ? { signatures: { engine: MARKS_ENGINE, found: rasters.flatMap(({ page, raster }) => detectSignatureMarks(raster, document.lines, page)) } } : {}),
  };
}

/** Halves a photo's sides until it holds at most {@link MAX_PIXELS} (each pixel the mean of four). */
function shrink(raster: PageRaster): PageRaster {
  let current = raster;
  while (current.width * current.height > MAX_PIXELS) {
    const width = current.width >> 1;
    const height = current.height >> 1;
    const { channels, data } = current;
    const out = new Uint8Array(width * height * channels);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        for (let c = 0; c < channels; c++) {
          const at = (row: number, column: number) => data[(row * current.width + column) * channels + c] as number;
          out[(y * width + x) * channels + c] = (at(2 * y, 2 * x) + at(2 * y, 2 * x + 1) + at(2 * y + 1, 2 * x) + at(2 * y + 1, 2 * x + 1) + 2) >> 2;
        }
      }
    }
    current = { width, height, channels, data: out };
  }
  return current;
}
