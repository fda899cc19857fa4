import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { LocalSealer } from '../functions/adapters/local-seal/local-sealer';
import { sealPdf } from '../functions/services/sealed-pdf';
import { type Figure, median, wallMs } from './measure';

const RUNS = 9;

/**
 * PAdES sealing (DESIGN §9): for documents of 1, 10 and 100 pages, how many seals a second (load,
 * incremental placeholder, SHA-256 of the byte ranges, ECDSA with the local key, patch), against
 * pdf-lib loading and saving the same document without a seal; and how many bytes a seal adds.
 */
export async function benchSigning(dir: string): Promise<Figure[]> {
  const sealer = await LocalSealer.openOrCreate(join(dir, 'seal'));
  const figures: Figure[] = [];
  // Warm up the code paths (JIT, first key use) so the first size is not penalised.
  const warmup = await makeDocument(3);
  for (let i = 0; i < 5; i++) await sealPdf(warmup, { sealer, reason: 'warm-up', signingTime: new Date() });
  for (const pages of [1, 10, 100]) {
    const document = await makeDocument(pages);
    let sealed: Uint8Array = new Uint8Array();
    const seal = median(await repeat(async () => {
      sealed = (await sealPdf(document, { sealer, reason: 'bench', signingTime: new Date() })).bytes;
    }));
    let saved: Uint8Array = new Uint8Array();
    const save = median(await repeat(async () => {
      saved = await (await PDFDocument.load(document)).save({ useObjectStreams: false });
    }));
    figures.push({ name: `seal a ${pages}-page PDF`, value: 1000 / seal, unit: 'docs/s', baseline: { name: 'pdf-lib load + save, no seal', value: 1000 / save } });
    figures.push({ name: `bytes a seal adds, ${pages} pages`, value: sealed.length - document.length, unit: 'bytes', note: `document ${saved.length} bytes as saved by pdf-lib` });
  }
  return figures;
}

async function repeat(run: () => Promise<unknown>): Promise<number[]> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await wallMs(run));
  return times;
}

/** A text document of `pages` A4 pages, saved with classic cross-reference tables as templates are. */
async function makeDocument(pages: number): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (let page = 1; page <= pages; page++) {
    const p = document.addPage([595.28, 841.89]);
    for (let line = 0; line < 40; line++) p.drawText(`Page ${page}, line ${line + 1}: the debtor confirms the balance of CNY 1,234,567.89 as of 2026-11-20.`, { x: 56, y: 780 - line * 18, size: 9, font });
  }
  return document.save({ useObjectStreams: false });
}
