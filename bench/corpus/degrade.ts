import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { imageSize } from 'image-size';
import { PDFDocument } from 'pdf-lib';

const run = promisify(execFile);

/**
 * What happens to a document between the debtor's desk and the upload: scanned at 150 or 200 dpi,
 * saved as a JPEG of quality 40, fed in sideways or upside down, skewed by ±5°, photographed with a
 * phone (perspective, a shadow across the page, blur, noise), or faxed as a multi-page TIFF. Made
 * with poppler (pdftoppm) and ImageMagick (convert) from the digital PDF.
 */
export type Degradation =
  | 'digital PDF'
  | 'scan 200 dpi'
  | 'scan 150 dpi'
  | 'JPEG q40'
  | 'rotated 90°'
  | 'rotated 180°'
  | 'skew +5°'
  | 'skew -5°'
  | 'phone photo'
  | 'multi-page TIFF';

export const DEGRADATIONS: readonly Degradation[] = ['digital PDF', 'scan 200 dpi', 'scan 150 dpi', 'JPEG q40', 'rotated 90°', 'rotated 180°', 'skew +5°', 'skew -5°', 'phone photo', 'multi-page TIFF'];

export interface Degraded {
  degradation: Degradation;
  bytes: Uint8Array;
  contentType: string;
  /** The page images OCR reads (for the native tesseract comparison), when the variant is images. */
  pageFiles: string[];
}

/**
 * The variants of one document: a multi-page document is read as PDFs and a multi-page TIFF, a
 * single page as PDFs and each image variant.
 *
 * @example
 * const variants = await degrade(pdf, 2, '/tmp/bench/ack', ['scan 200 dpi']);
 */
export async function degrade(pdf: Uint8Array, pages: number, base: string, wanted: readonly Degradation[]): Promise<Degraded[]> {
  await writeFile(`${base}.pdf`, pdf);
  const out: Degraded[] = [];
  const pngs = async (dpi: number, grey: boolean) => {
    await run('pdftoppm', ['-r', String(dpi), ...(grey ? ['-gray'] : []), '-png', `${base}.pdf`, `${base}-${dpi}${grey ? 'g' : 'c'}`]);
    return Array.from({ length: pages }, (_, i) => `${base}-${dpi}${grey ? 'g' : 'c'}-${String(i + 1).padStart(String(pages).length, '0')}.png`);
  };
  for (const degradation of wanted) {
    if (degradation === 'digital PDF') out.push({ degradation, bytes: pdf, contentType: 'application/pdf', pageFiles: [] });
    else if (degradation === 'scan 200 dpi' || degradation === 'scan 150 dpi') {
      const files = await pngs(degradation === 'scan 200 dpi' ? 200 : 150, true);
      out.push({ degradation, bytes: await imageOnlyPdf(files), contentType: 'application/pdf', pageFiles: files });
    } else if (degradation === 'multi-page TIFF') {
      if (pages < 2) continue;
      const files = await pngs(200, true);
      await run('convert', [...files, '-compress', 'lzw', `${base}.tif`]);
      out.push({ degradation, bytes: new Uint8Array(await readFile(`${base}.tif`)), contentType: 'image/tiff', pageFiles: files });
    } else {
      if (pages > 1) continue;
      const [page] = await pngs(200, false);
      const target = `${base}-${degradation.replace(/[^a-z0-9+-]/giu, '')}.${degradation === 'JPEG q40' || degradation === 'phone photo' ? 'jpg' : 'png'}`;
      await run('convert', [page as string, ...(await imageMagickArgs(degradation, page as string)), target]);
      out.push({ degradation, bytes: new Uint8Array(await readFile(target)), contentType: target.endsWith('.jpg') ? 'image/jpeg' : 'image/png', pageFiles: [target] });
    }
  }
  return out;
}

async function imageMagickArgs(degradation: Degradation, file: string): Promise<string[]> {
  switch (degradation) {
    case 'JPEG q40':
      return ['-quality', '40'];
    case 'rotated 90°':
      return ['-rotate', '90'];
    case 'rotated 180°':
      return ['-rotate', '180'];
    case 'skew +5°':
      return ['-background', 'white', '-rotate', '5'];
    case 'skew -5°':
      return ['-background', 'white', '-rotate', '-5'];
    case 'phone photo': {
      const { width: w = 1654, height: h = 2339 } = imageSize(await readFile(file));
      // The page seen from a little off its axis, on a darker desk, a shadow falling from the top left.
      const corners = `0,0 ${w * 0.05},${h * 0.03}  ${w},0 ${w * 0.97},${h * 0.01}  0,${h} ${w * 0.02},${h * 0.98}  ${w},${h} ${w * 0.93},${h * 0.96}`;
      return [
        '-virtual-pixel', 'background', '-background', 'gray(45%)', '-distort', 'Perspective', corners,
        '(', '-size', `${w}x${h}`, 'gradient:gray(62%)-white', '-rotate', '-30', '-gravity', 'center', '-extent', `${w}x${h}`, ')',
        '-compose', 'Multiply', '-composite', '-blur', '0x1.1', '-attenuate', '0.45', '+noise', 'Gaussian', '-quality', '70',
      ];
    }
    default:
      return [];
  }
}

/** The page images alone in a PDF, A4: what a scanner gives (no text layer). */
async function imageOnlyPdf(files: string[]): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  for (const file of files) {
    const image = await document.embedPng(await readFile(file));
    document.addPage([595, 842]).drawImage(image, { x: 0, y: 0, width: 595, height: 842 });
  }
  return new Uint8Array(await document.save());
}
