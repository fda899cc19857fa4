import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
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

/**
 * A real PNG of `width` × `height` with a dark stroke across it (a drawn signature), on a
 * transparent background of noise, so that large ones stay large when compressed.
 *
 * @example
 * const png = makePng(300, 100);
 */
export function makePng(width: number, height: number): Uint8Array<ArrayBuffer> {
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 4, 0);
    for (let x = 0; x < width; x++) {
      const ink = Math.abs(y - height / 2 - (height / 3) * Math.sin((x / width) * 2 * Math.PI)) < 2;
      // Noise in the alpha-0 background keeps the image from compressing to nothing.
      row.writeUInt32BE(ink ? 0x102060ff : (((x * 2654435761) ^ (y * 40503)) & 0xffffff00) >>> 0, 1 + x * 4);
    }
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return new Uint8Array(
    Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]),
  );
}
