import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { encodeGreyPng } from './grey-image';
import { loadPdfJs } from './pdfjs';
import type { PageRaster } from '../../core/seal-detection';
import { RasterizeError } from './rasterize';

// JPEG 2000 scans are decoded by pdfjs's OpenJPEG WebAssembly, shipped in the package.
const WASM_URL = `${join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'wasm')}/`;

/** An image must cover at least this share of the page to be taken as its scan. */
const MIN_PAGE_COVER = 0.5;
/** How long to wait for one image to be decoded. */
const IMAGE_TIMEOUT_MS = 60_000;
/** Decoded image data as pdfjs hands it over (ImageKind: 1 = 1 bit grey, 2 = RGB, 3 = RGBA). */
interface DecodedImage {
  width: number;
  height: number;
  kind: 1 | 2 | 3;
  data: Uint8Array | Uint8ClampedArray;
}

/**
 * The scan images of PDF pages, as greyscale PNGs for OCR, without rendering: a scanned page is an
 * image (JPEG, CCITT, JBIG2, Flate…) drawn over the page, and pdfjs decodes it in JavaScript. This
 * is how scanned PDFs are read where poppler's `pdftoppm` is not installed (AWS Lambda, which has
 * no poppler and no layer here): no native code. A page whose largest image covers less than half
 * of it is not a scan this can read and fails with a {@link RasterizeError} saying so.
 *
 * @example
 * const images = await embeddedPageImages(bytes, [1, 2]); // [{ page: 1, png }, { page: 2, png }]
 */
export async function embeddedPageImages(bytes: Uint8Array, pages: readonly number[]): Promise<Array<{ page: number; png: Uint8Array }>> {
  return (await embeddedPageRasters(bytes, pages)).map(({ page, image }) => ({ page, png: greyPng(image) }));
}

/**
 * The scan images of PDF pages as decoded pixels, in their own colours (a grey or 1-bit scan stays
 * grey): what seal detection reads where poppler is not installed. Same rules as
 * {@link embeddedPageImages}.
 *
 * @example
 * const [first] = await embeddedPageColours(bytes, [1]); // { page: 1, raster: { width, height, channels: 3, data } }
 */
export async function embeddedPageColours(bytes: Uint8Array, pages: readonly number[]): Promise<Array<{ page: number; raster: PageRaster }>> {
  return (await embeddedPageRasters(bytes, pages)).map(({ page, image }) => ({ page, raster: toRaster(image) }));
}

async function embeddedPageRasters(bytes: Uint8Array, pages: readonly number[]): Promise<Array<{ page: number; image: DecodedImage }>> {
  const { getDocument, OPS } = await loadPdfJs();
  const document = await getDocument({ data: new Uint8Array(bytes), wasmUrl: WASM_URL, isEvalSupported: false, isOffscreenCanvasSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  try {
    const images: Array<{ page: number; image: DecodedImage }> = [];
    for (const number of pages) {
      const page = await document.getPage(number);
      const operators = await page.getOperatorList();
      const viewport = page.getViewport({ scale: 1 });
      let best: DecodedImage | undefined;
      for (let i = 0; i < operators.fnArray.length; i++) {
        if (operators.fnArray[i] !== OPS.paintImageXObject) continue;
        const [id] = operators.argsArray[i] as [string];
        const store = id.startsWith('g_') ? page.commonObjs : page.objs;
        // Decoded images arrive from pdfjs's worker side after the operator list: wait for each.
        const image = await new Promise<DecodedImage | undefined>((resolve, reject) => {
          const timer = setTimeout(() => reject(new RasterizeError(`page ${number}: its image could not be decoded`)), IMAGE_TIMEOUT_MS);
          store.get(id, (decoded: DecodedImage | undefined) => {
            clearTimeout(timer);
            resolve(decoded);
          });
        });
        if (image?.data && (!best || image.width * image.height > best.width * best.height)) best = image;
      }
      // An image of at least 100 dpi on half the page, or the page is not a scan (vector art, a logo).
      if (!best || best.width * best.height < MIN_PAGE_COVER * (viewport.width / 72) * (viewport.height / 72) * 100 * 100) {
        throw new RasterizeError(`page ${number} holds no scanned image to read (without poppler, only scans are read by OCR)`);
      }
      images.push({ page: number, image: best });
      page.cleanup();
    }
    return images;
  } finally {
    await document.destroy();
  }
}

/** A decoded image as a {@link PageRaster}: RGB and RGBA as they are, 1-bit rows unpacked to grey. */
function toRaster(image: DecodedImage): PageRaster {
  const { width, height, kind, data } = image;
  if (kind !== 1) return { width, height, channels: kind === 2 ? 3 : 4, data };
  const grey = new Uint8Array(width * height);
  const bytesPerRow = (width + 7) >> 3;
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) grey[y * width + x] = (data[y * bytesPerRow + (x >> 3)] as number) & (0x80 >> (x & 7)) ? 255 : 0;
  return { width, height, channels: 1, data: grey };
}

/** The decoded image in greyscale (luma of RGB; 1-bit rows unpacked), as a PNG. */
function greyPng(image: DecodedImage): Uint8Array {
  const { width, height, kind, data } = image;
  const grey = new Uint8Array(width * height);
  const bytesPerRow1 = (width + 7) >> 3;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let value: number;
      if (kind === 1) value = (data[y * bytesPerRow1 + (x >> 3)] as number) & (0x80 >> (x & 7)) ? 255 : 0;
      else {
        const at = (y * width + x) * (kind === 2 ? 3 : 4);
        value = Math.round(0.299 * (data[at] as number) + 0.587 * (data[at + 1] as number) + 0.114 * (data[at + 2] as number));
      }
      grey[y * width + x] = value;
    }
  }
  return encodeGreyPng({ width, height, data: grey });
}
