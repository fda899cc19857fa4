import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A PDF page could not be turned into an image (poppler missing, or the page will not render). */
export class RasterizeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RasterizeError';
  }
}

/**
 * Renders PDF pages as greyscale PNG images for OCR, with poppler's `pdftoppm` (Debian package
 * poppler-utils). Chosen over pdfjs + a canvas package: poppler renders any PDF faithfully, is
 * already a dependency of the tests, and keeps a native canvas out of the server process. 200
 * dpi is what OCR of A4 needs (Tesseract wants glyphs 20+ pixels high). `colour` keeps the page's
 * colours (seal detection looks for red).
 *
 * @example
 * const images = await rasterizePdf(bytes, [2, 3]); // [{ page: 2, png }, { page: 3, png }]
 */
export async function rasterizePdf(bytes: Uint8Array, pages: readonly number[], dpi = 200, colour = false): Promise<Array<{ page: number; png: Uint8Array }>> {
  const dir = await mkdtemp(join(tmpdir(), 'rasterize-'));
  try {
    const input = join(dir, 'in.pdf');
    await writeFile(input, bytes);
    const images: Array<{ page: number; png: Uint8Array }> = [];
    for (const page of pages) {
      const prefix = join(dir, `p${page}`);
      try {
        await run('pdftoppm', ['-r', String(dpi), ...(colour ? [] : ['-gray']), '-png', '-f', String(page), '-l', String(page), input, prefix], { timeout: 120_000 });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new RasterizeError(code === 'ENOENT' ? 'pdftoppm is not installed (Debian package poppler-utils): scanned PDFs cannot be read' : `page ${page} could not be rendered: ${(error as { stderr?: string }).stderr?.trim() || (error as Error).message}`);
      }
      // pdftoppm names the file after the page number, zero-padded to the page count's width.
      const file = (await readdir(dir)).find((name) => name.startsWith(`p${page}-`) && name.endsWith('.png'));
      if (!file) throw new RasterizeError(`page ${page} could not be rendered`);
      images.push({ page, png: new Uint8Array(await readFile(join(dir, file))) });
      await rm(join(dir, file));
    }
    return images;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
