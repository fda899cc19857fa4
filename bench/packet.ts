import { spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { LocalSealer } from '../functions/adapters/local-seal/local-sealer';
import type { EvidenceDocument } from '../functions/services/documents';
import { assemblePacketPdf, type PacketExhibit } from '../functions/services/packet-pdf';
import { digestOf } from '../functions/services/packet-zip';
import { sealPdf } from '../functions/services/sealed-pdf';
import { type Figure, median, wallMs } from './measure';

const EXHIBITS = 100;
const PAGES = 10;
const RUNS = 3;
const CHILD = fileURLToPath(new URL('./packet-child.ts', import.meta.url));

/**
 * DESIGN §11: litigation packet assembly for 100 exhibits of 10 pages — copying every page,
 * stamping it (exhibit, running number, hash), the cover, evidence list and audit certificate,
 * and the seal — against `qpdf --empty --pages … --` merging the same files; then a full packet
 * build (readiness, PDF, ZIP streamed into the folder store) in a process of its own, with its
 * peak memory against a process that loads the same modules and builds nothing.
 */
export async function benchPacket(dir: string): Promise<Figure[]> {
  const exhibitsDir = join(dir, 'exhibits');
  await mkdir(exhibitsDir, { recursive: true });
  const files: string[] = [];
  for (let i = 1; i <= EXHIBITS; i++) {
    const file = join(exhibitsDir, `exhibit-${String(i).padStart(3, '0')}.pdf`);
    await writeFile(file, await makeDocument(i));
    files.push(file);
  }
  const sealer = await LocalSealer.openOrCreate(join(dir, 'seal'));
  const exhibits: PacketExhibit[] = await Promise.all(
    files.map(async (file, index) => {
      const bytes = new Uint8Array(await readFile(file));
      const document = { id: `doc-${index}`, type: 'contract', filename: file, contentType: 'application/pdf', pages: PAGES, ...digestOf(bytes), status: 'active', uploadedBy: 'sales-1', uploadedAs: 'sales', uploadedAt: new Date().toISOString() } as EvidenceDocument;
      return { number: index + 1, document, read: () => readFile(file).then((b) => new Uint8Array(b)) };
    }),
  );
  const assemble = async () => {
    const { bytes } = await assemblePacketPdf({
      packetId: 'bench',
      generatedAt: new Date().toISOString(),
      caseRef: 'HT-BENCH-001',
      debt: { id: 'bench', debtor: { name: '福州某某建设工程有限公司', uscc: '91350100M000100Y43' }, jurisdiction: 'CN', status: 'handed_off' },
      amounts: { currency: 'CNY', claimed: '1000000.00', basis: { kind: 'contract', amount: '1000000.00' }, paid: '0.00', outstanding: '1000000.00', outstandingOnBasis: '1000000.00' },
      limitation: { regime: 'CN', status: 'running', startsOn: '2025-06-30', expiresOn: '2028-06-30', longStopOn: '2045-06-30', daysLeft: 500 },
      readiness: { score: 90, ready: true },
      exhibits,
      audit: { length: 0, head: { seq: 0, hash: '0'.repeat(64) }, valid: true, blobs: { checked: EXHIBITS, mismatched: 0 }, events: [] },
    });
    return sealPdf(bytes, { sealer, reason: 'bench', signingTime: new Date() });
  };
  await assemble();
  const packetMs = median(await repeat(assemble));
  const qpdfMs = median(await repeat(async () => {
    const run = spawnSync('qpdf', ['--empty', '--pages', ...files, '--', join(dir, 'merged.pdf')]);
    if (run.status !== 0) throw new Error(`qpdf failed: ${run.stderr}`);
  }));

  const child = (...args: string[]) => {
    const run = spawnSync(process.execPath, ['--no-warnings', '--import', 'tsx', CHILD, ...args], { encoding: 'utf8', cwd: fileURLToPath(new URL('..', import.meta.url)) });
    if (run.status !== 0) throw new Error(`the packet bench child failed: ${run.stderr}`);
    return JSON.parse(run.stdout.trim().split('\n').at(-1) as string) as { buildMs: number; maxRssKb: number };
  };
  await mkdir(join(dir, 'build'), { recursive: true });
  const idle = child('idle');
  const build = child('build', exhibitsDir, join(dir, 'build'));
  const pages = `${EXHIBITS} × ${PAGES} pages`;
  return [
    { name: `packet PDF ${pages}: stamp + seal`, value: (EXHIBITS * PAGES) / (packetMs / 1000), unit: 'pages/s', baseline: { name: 'qpdf --empty --pages merge', value: (EXHIBITS * PAGES) / (qpdfMs / 1000) } },
    { name: `full packet build ${pages} (PDF + ZIP)`, value: (EXHIBITS * PAGES) / (build.buildMs / 1000), unit: 'pages/s', baseline: { name: 'qpdf --empty --pages merge', value: (EXHIBITS * PAGES) / (qpdfMs / 1000) } },
    { name: `packet build peak memory (maxRSS), ${pages}`, value: build.maxRssKb / 1024, unit: 'MiB', baseline: { name: 'same modules, no build', value: idle.maxRssKb / 1024 } },
  ];
}

/** A 10-page text PDF, different for each exhibit. */
async function makeDocument(exhibit: number): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (let page = 1; page <= PAGES; page++) {
    const p = document.addPage([595, 842]);
    for (let line = 0; line < 40; line++) p.drawText(`Exhibit ${exhibit}, page ${page}, line ${line}: quantities, prices and signatures of the works.`, { x: 50, y: 800 - line * 18, size: 10, font });
  }
  return document.save();
}

async function repeat(run: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await wallMs(run));
  return times;
}
