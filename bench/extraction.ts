import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LocalExtractor } from '../functions/adapters/local-extractor/local-extractor';
import { TesseractOcr } from '../functions/adapters/local-extractor/ocr';
import { extractDocumentFields } from '../functions/core/document-fields';
import { DATE_FIELDS, type ExtractedFieldName, MONEY_FIELDS } from '../functions/core/extraction';
import type { ExtractorOutput } from '../functions/ports/extractor';
import { DEGRADATIONS, type Degradation, degrade } from './corpus/degrade';
import { corpusDocuments } from './corpus/documents';
import { renderDocument } from './corpus/render';
import { type Figure, wallMs } from './measure';

const run = promisify(execFile);

/**
 * Textract list prices used for the cost estimate, in USD per 1,000 pages: US East (N. Virginia),
 * first million pages a month, as published on the AWS pricing page (checked 2025; prices change,
 * look them up before relying on the figure). A Chinese scan goes to local OCR and pays SIGNATURES only.
 */
const TEXTRACT_SIGNATURES_USD_PER_1000_PAGES = 3.5;

interface Tally {
  expected: number;
  extracted: number;
  correct: number;
}
const tally = (): Tally => ({ expected: 0, extracted: 0, correct: 0 });

interface DegradationScore {
  amounts: Tally;
  dates: Tally;
  mismatches: number;
  warned: number;
  pages: number;
  ms: number;
  misses: string[];
}

/**
 * Accuracy and speed of extraction on the bench corpus (bench/corpus: documents made to resemble
 * the field, never used by the parsers' unit tests), each document read as a digital PDF and
 * degraded (scans, JPEG, rotations, skew, phone photo, multi-page TIFF). Prints recall and
 * precision of the amount and date fields per degradation and per field, whether each figure /
 * uppercase mismatch was warned, and OCR pages/s against the native `tesseract` command (Debian
 * tesseract-ocr + tesseract-ocr-chi-sim) on the same page images. `BENCH_EXTRACTION_DOCS=2`
 * takes the first documents only, `BENCH_EXTRACTION_DEGRADATIONS="scan 200 dpi,phone photo"`
 * some degradations only (keep development runs short).
 */
export async function benchExtraction(dir: string): Promise<Figure[]> {
  await mkdir(dir, { recursive: true });
  const limit = Number(process.env.BENCH_EXTRACTION_DOCS ?? Infinity);
  const documents = corpusDocuments().slice(0, Number.isFinite(limit) ? limit : undefined);
  const wanted = process.env.BENCH_EXTRACTION_DEGRADATIONS?.split(',').map((d) => d.trim()) as Degradation[] | undefined;
  const degradations = wanted?.length ? DEGRADATIONS.filter((d) => wanted.includes(d)) : DEGRADATIONS;
  const extractor = new LocalExtractor();
  const byDegradation = new Map<Degradation, DegradationScore>();
  const byField = new Map<ExtractedFieldName, Tally>();
  const ocrPageFiles: string[] = [];
  try {
    // Warm pdfjs and the OCR worker (model loading) outside the timings.
    const warm = await degrade(await renderDocument(documents[0] as (typeof documents)[number]), 1, join(dir, 'warm'), ['digital PDF', 'scan 200 dpi']);
    for (const variant of warm) await extractor.extract({ bytes: variant.bytes, contentType: variant.contentType, documentType: 'contract', pages: 1, sha256: sha(variant.bytes) }).catch(() => undefined);

    for (const document of documents) {
      const pdf = await renderDocument(document);
      const variants = await degrade(pdf, document.pages.length, join(dir, document.name), degradations);
      for (const variant of variants) {
        let score = byDegradation.get(variant.degradation);
        if (!score) byDegradation.set(variant.degradation, (score = { amounts: tally(), dates: tally(), mismatches: 0, warned: 0, pages: 0, ms: 0, misses: [] }));
        let output: ExtractorOutput | undefined;
        score.ms += await wallMs(async () => {
          output = (await extractor.extract({ bytes: variant.bytes, contentType: variant.contentType, documentType: document.type, pages: document.pages.length, sha256: sha(variant.bytes) }).catch(() => undefined)) as ExtractorOutput | undefined;
        });
        score.pages += document.pages.length;
        ocrPageFiles.push(...variant.pageFiles);
        const { fields, warnings } = output ? extractDocumentFields(document.type, output.lines) : { fields: [], warnings: [] };
        const mismatchWarnings = warnings.filter((w) => /differ|could not be read|only in part/u.test(w)).length;
        score.mismatches += document.mismatches ?? 0;
        score.warned += Math.min(document.mismatches ?? 0, mismatchWarnings);
        for (const f of fields.filter((f) => MONEY_FIELDS.includes(f.name) || DATE_FIELDS.includes(f.name))) {
          const t = MONEY_FIELDS.includes(f.name) ? score.amounts : score.dates;
          const right = document.expected[f.name] === f.value;
          t.extracted += 1;
          const perField = byField.get(f.name) ?? tally();
          perField.extracted += 1;
          byField.set(f.name, perField);
          if (right) {
            t.correct += 1;
            perField.correct += 1;
          }
        }
        for (const [name, value] of Object.entries(document.expected) as Array<[ExtractedFieldName, string]>) {
          (MONEY_FIELDS.includes(name) ? score.amounts : score.dates).expected += 1;
          const perField = byField.get(name) ?? tally();
          perField.expected += 1;
          byField.set(name, perField);
          const got = fields.find((f) => f.name === name);
          if (got?.value !== value) score.misses.push(`${document.name} ${name}: expected ${value}, got ${got ? `${got.value} from "${got.text}"` : 'nothing'}`);
        }
      }
    }
  } finally {
    await extractor.close();
  }

  const pct = (n: number, d: number) => (d === 0 ? '   -  ' : `${((n / d) * 100).toFixed(1).padStart(5)}%`);
  console.log('\nExtraction on the bench corpus (recall = correct / expected, precision = correct / extracted):');
  console.log(`  ${'degradation'.padEnd(16)} ${'amounts R'.padStart(9)} ${'amounts P'.padStart(9)} ${'dates R'.padStart(8)} ${'dates P'.padStart(8)}  mismatches warned  pages  s/page`);
  for (const [degradation, s] of byDegradation) {
    console.log(
      `  ${degradation.padEnd(16)} ${pct(s.amounts.correct, s.amounts.expected).padStart(9)} ${pct(s.amounts.correct, s.amounts.extracted).padStart(9)} ${pct(s.dates.correct, s.dates.expected).padStart(8)} ${pct(s.dates.correct, s.dates.extracted).padStart(8)}  ${`${s.warned}/${s.mismatches}`.padStart(17)}  ${String(s.pages).padStart(5)}  ${(s.ms / 1000 / s.pages).toFixed(2).padStart(6)}`,
    );
    for (const miss of s.misses.slice(0, 6)) console.log(`      miss: ${miss}`);
  }
  console.log(`\n  ${'field'.padEnd(22)} recall  precision`);
  for (const [name, t] of byField) console.log(`  ${name.padEnd(22)} ${pct(t.correct, t.expected)}  ${pct(t.correct, t.extracted)}`);

  const figures: Figure[] = [];
  for (const [degradation, s] of byDegradation) {
    figures.push({ name: `extraction, ${degradation} (${s.pages} pages, whole pipeline)`, value: s.pages / (s.ms / 1000), unit: 'pages/s', note: degradation === 'digital PDF' ? 'text layer' : 'render + OCR + fields' });
  }
  figures.push(...(await ocrAgainstNative(ocrPageFiles, dir)));
  const scanned = [...byDegradation].filter(([d]) => d !== 'digital PDF').reduce((sum, [, s]) => sum + s.pages, 0);
  console.log(`\nTextract cost of the ${scanned} scanned Chinese pages: SIGNATURES only (text by local OCR), USD ${((scanned * TEXTRACT_SIGNATURES_USD_PER_1000_PAGES) / 1000).toFixed(4)} at list price (${TEXTRACT_SIGNATURES_USD_PER_1000_PAGES} per 1,000 pages).`);
  return figures;
}

/**
 * OCR alone on the same page images: tesseract.js as the extractor runs it (one warm worker, its
 * orientation check and deskew included) against the native `tesseract` command reading all the
 * images in one process (one model load), one thread each (OMP_THREAD_LIMIT=1), same languages
 * and page segmentation.
 */
async function ocrAgainstNative(files: string[], dir: string): Promise<Figure[]> {
  if (files.length === 0) return [];
  const ocr = new TesseractOcr(1);
  let ours: number;
  try {
    await ocr.recognize(new Uint8Array(await readFile(files[0] as string)), 1);
    const images = await Promise.all(files.map(async (file) => new Uint8Array(await readFile(file))));
    const ms = await wallMs(async () => {
      for (const [i, image] of images.entries()) await ocr.recognize(image, i + 1);
    });
    ours = files.length / (ms / 1000);
  } finally {
    await ocr.close();
  }
  const figure: Figure = { name: `OCR only, tesseract.js (${files.length} page images)`, value: ours, unit: 'pages/s' };
  try {
    const list = join(dir, 'native-pages.txt');
    await writeFile(list, `${files.join('\n')}\n`);
    const ms = await wallMs(() => run('tesseract', [list, 'stdout', '-l', 'chi_sim+eng', '--psm', '6'], { env: { ...process.env, OMP_THREAD_LIMIT: '1' }, maxBuffer: 64 * 1024 * 1024 }));
    figure.baseline = { name: 'native tesseract 1 thread', value: files.length / (ms / 1000) };
  } catch (error) {
    figure.note = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'native tesseract not installed (apt-get install tesseract-ocr tesseract-ocr-chi-sim)' : `native tesseract failed: ${(error as Error).message.slice(0, 80)}`;
  }
  return [figure];
}

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
