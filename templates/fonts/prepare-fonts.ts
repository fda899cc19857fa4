/**
 * Regenerates the fonts in this folder from the Debian packages they come from
 * (`npm run templates:fonts`; needs fonts-droid-fallback and fonts-dejavu-core installed):
 *
 * - DroidSansFallbackFull.ttf (Apache-2.0) with every glyph padded to a 4-byte boundary. The
 *   original has 11,679 glyphs of odd length, which a long `loca` allows; the subsetter of
 *   @pdf-lib/fontkit writes a short `loca` (offsets / 2) and so corrupts those glyphs, which then
 *   render blank. Padding changes no outline.
 * - DejaVuSans.ttf (Bitstream Vera licence, DejaVu changes public domain), unchanged: Latin,
 *   digits and symbols, which the Droid fallback font lacks.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Pads every glyph of a TrueType font to 4 bytes and writes a long `loca`; other tables are kept. */
export function padGlyphs(font: Buffer): Buffer {
  const numTables = font.readUInt16BE(4);
  const tables = new Map<string, { offset: number; length: number }>();
  const order: string[] = [];
  for (let i = 0; i < numTables; i++) {
    const record = 12 + i * 16;
    const tag = font.toString('latin1', record, record + 4);
    tables.set(tag, { offset: font.readUInt32BE(record + 8), length: font.readUInt32BE(record + 12) });
    order.push(tag);
  }
  const table = (tag: string) => {
    const entry = tables.get(tag);
    if (!entry) throw new Error(`no ${tag} table`);
    return font.subarray(entry.offset, entry.offset + entry.length);
  };
  const head = Buffer.from(table('head'));
  const longLoca = head.readInt16BE(50) === 1;
  const numGlyphs = table('maxp').readUInt16BE(4);
  const loca = table('loca');
  const glyf = table('glyf');
  const offsetOf = (i: number) => (longLoca ? loca.readUInt32BE(i * 4) : loca.readUInt16BE(i * 2) * 2);

  const glyphs: Buffer[] = [];
  const newLoca = Buffer.alloc((numGlyphs + 1) * 4);
  let position = 0;
  for (let i = 0; i < numGlyphs; i++) {
    const glyph = glyf.subarray(offsetOf(i), offsetOf(i + 1));
    const padded = Buffer.concat([glyph, Buffer.alloc((4 - (glyph.length % 4)) % 4)]);
    newLoca.writeUInt32BE(position, i * 4);
    glyphs.push(padded);
    position += padded.length;
  }
  newLoca.writeUInt32BE(position, numGlyphs * 4);
  head.writeInt16BE(1, 50);
  head.writeUInt32BE(0, 8);

  const contents = new Map<string, Buffer>(order.map((tag) => [tag, tag === 'glyf' ? Buffer.concat(glyphs) : tag === 'loca' ? newLoca : tag === 'head' ? head : Buffer.from(table(tag))]));
  const directory = Buffer.alloc(12 + numTables * 16);
  font.copy(directory, 0, 0, 12);
  const bodies: Buffer[] = [];
  let offset = directory.length;
  order.forEach((tag, i) => {
    const body = contents.get(tag) as Buffer;
    const record = 12 + i * 16;
    directory.write(tag, record, 'latin1');
    directory.writeUInt32BE(checksum(body), record + 4);
    directory.writeUInt32BE(offset, record + 8);
    directory.writeUInt32BE(body.length, record + 12);
    const padded = Buffer.concat([body, Buffer.alloc((4 - (body.length % 4)) % 4)]);
    bodies.push(padded);
    offset += padded.length;
  });
  const result = Buffer.concat([directory, ...bodies]);
  const headOffset = directory.readUInt32BE(12 + order.indexOf('head') * 16 + 8);
  result.writeUInt32BE((0xb1b0afba - checksum(result)) >>> 0, headOffset + 8);
  return result;
}

function checksum(data: Buffer): number {
  const padded = Buffer.concat([data, Buffer.alloc((4 - (data.length % 4)) % 4)]);
  let sum = 0;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
  return sum;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(join(here, 'DroidSansFallbackFull.ttf'), padGlyphs(readFileSync('/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf')));
  copyFileSync('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', join(here, 'DejaVuSans.ttf'));
  copyFileSync('/usr/share/common-licenses/Apache-2.0', join(here, 'LICENSE-DroidSansFallback.txt'));
  copyFileSync('/usr/share/doc/fonts-dejavu-core/copyright', join(here, 'LICENSE-DejaVu.txt'));
  console.log('fonts written to', here);
}
