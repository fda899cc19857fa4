import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { requireTool } from './system-tools';

/**
 * A real PDF with `pages` pages of text, made with pdf-lib.
 *
 * @example
 * const bytes = await makePdf('Contract 2026-001', 2);
 */
export async function makePdf(text: string, pages = 1): Promise<Uint8Array<ArrayBuffer>> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (let page = 1; page <= pages; page++) {
    document.addPage([595, 842]).drawText(`${text} - page ${page}`, { x: 50, y: 780, size: 14, font });
  }
  return new Uint8Array(await document.save());
}

/** The same PDF encrypted by qpdf (a user password and restrictions). */
export function encryptPdf(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  requireTool('qpdf', 'qpdf');
  const dir = mkdtempSync(join(tmpdir(), 'encrypt-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), bytes);
    const run = spawnSync('qpdf', ['--encrypt', 'user', 'owner', '256', '--', join(dir, 'in.pdf'), join(dir, 'out.pdf')], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`qpdf failed: ${run.stderr}`);
    return new Uint8Array(readFileSync(join(dir, 'out.pdf')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A tiny valid PNG (1×1, red). */
export const ONE_PIXEL_PNG = Uint8Array.from(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64'),
);
