import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import { LocalExtractor } from '../functions/adapters/local-extractor/local-extractor';
import { extractDocumentFields } from '../functions/core/document-fields';
import { DATE_FIELDS, type ExtractedField, MONEY_FIELDS } from '../functions/core/extraction';
import type { ExtractorOutput } from '../functions/ports/extractor';
import { makeCjkPdf } from '../functions/testing/cjk-pdfs';
import { type CorpusDocument, corpus } from './extraction-corpus';
import { type Figure, wallMs } from './measure';

const run = promisify(execFile);

/**
 * Textract list prices used for the cost estimate, in USD per 1,000 pages: US East (N. Virginia),
 * first million pages a month, as published on the AWS pricing page (checked 2025; prices change,
 * look them up before relying on the figure). A page analysed with several features pays each.
 */
const TEXTRACT_USD_PER_1000_PAGES = { forms: 50, tables: 15, queries: 15, signatures: 3.5, expense: 10 } as const;
const FULL_ANALYSIS = TEXTRACT_USD_PER_1000_PAGES.forms + TEXTRACT_USD_PER_1000_PAGES.tables + TEXTRACT_USD_PER_1000_PAGES.queries + TEXTRACT_USD_PER_1000_PAGES.signatures;

type Variant = 'digital PDF' | '200-dpi scan' | 'phone photo';

interface Score {
  expected: number;
  extracted: number;
  correct: number;
  pages: number;
  ms: number;
  misses: string[];
  warnings: number;
}

/**
 * Accuracy, speed and cost of extraction (DESIGN §6, issue "accuracy and cost"): a labelled
 * corpus made here — one page per document type, in Chinese and English, as a digital PDF (made
 * with pdf-lib in a TrueType CJK font), as a 200-dpi greyscale scan (pdftoppm, wrapped in a PDF
 * with no text layer) and as a phone-photo-like JPEG (ImageMagick: slight rotation, blur, noise,
 * JPEG quality 70) — read by the local engines; recall and precision of the amount and date
 * fields per variant; pages per second against pdftotext on the same digital PDFs; and what the
 * scans would cost on Textract at list prices.
 */
export async function benchExtraction(dir: string): Promise<Figure[]> {
  await mkdir(dir, { recursive: true });
  const documents = corpus();
  const extractor = new LocalExtractor();
  const scores = new Map<Variant, Score>();
  const score = (variant: Variant) => {
    let s = scores.get(variant);
    if (!s) scores.set(variant, (s = { expected: 0, extracted: 0, correct: 0, pages: 0, ms: 0, misses: [], warnings: 0 }));
    return s;
  };
  const hasConvert = (await output('convert', ['-version']))?.includes('ImageMagick') ?? false;
  if (!hasConvert) console.log('ImageMagick (Debian package imagemagick) is missing: the phone-photo variant is left out.');
  try {
    // Warm pdfjs (loaded on first use) and the OCR worker (loading the Chinese model) outside the timings.
    const warmPdf = await makeCjkPdf([{ lines: ['合同总价：人民币 1,000.00 元', 'Total: RMB 1,000.00'] }]);
    const warm = await render(warmPdf, join(dir, 'warm'));
    for (const [bytes, contentType] of [[warmPdf, 'application/pdf'], [warm, 'image/png']] as const) {
      await extractor.extract({ bytes, contentType, documentType: 'contract', pages: 1, sha256: sha(bytes) }).catch(() => undefined);
    }

    for (const document of documents) {
      const pdf = await makeCjkPdf([{ lines: document.lines }]);
      const png = await render(pdf, join(dir, document.name));
      const variants: Array<[Variant, Uint8Array, string]> = [
        ['digital PDF', pdf, 'application/pdf'],
        ['200-dpi scan', await imageOnlyPdf(png), 'application/pdf'],
      ];
      if (hasConvert) variants.push(['phone photo', await photo(png, join(dir, `${document.name}-photo`)), 'image/jpeg']);
      for (const [variant, bytes, contentType] of variants) {
        const s = score(variant);
        let output: ExtractorOutput | undefined;
        const ms = await wallMs(async () => {
          output = (await extractor.extract({ bytes, contentType, documentType: document.type, pages: 1, sha256: sha(bytes) }).catch(() => undefined)) as ExtractorOutput | undefined;
        });
        s.ms += ms;
        s.pages += 1;
        const { fields, warnings } = output ? extractDocumentFields(document.type, output.lines) : { fields: [], warnings: [] };
        s.warnings += warnings.length;
        compare(document, fields, s, variant);
      }
    }
  } finally {
    await extractor.close();
  }

  const pdftotext = await pdftotextPagesPerSecond(documents, join(dir, 'pdftotext'));
  const figures: Figure[] = [];
  console.log('\nExtraction accuracy (amount and date fields; recall = correct / expected, precision = correct / extracted):');
  for (const [variant, s] of scores) {
    const recall = s.correct / s.expected;
    const precision = s.extracted ? s.correct / s.extracted : 0;
    console.log(`  ${variant.padEnd(13)} recall ${(recall * 100).toFixed(1)}%  precision ${(precision * 100).toFixed(1)}%  (${s.correct}/${s.expected} expected, ${s.extracted} extracted; ${s.warnings} figure/uppercase warnings)`);
    for (const miss of s.misses.slice(0, 8)) console.log(`    miss: ${miss}`);
    const pagesPerSecond = s.pages / (s.ms / 1000);
    figures.push({
      name: `extraction, ${variant} (${s.pages} pages)`,
      value: pagesPerSecond,
      unit: 'pages/s',
      ...(variant === 'digital PDF' && pdftotext ? { baseline: { name: 'pdftotext', value: pdftotext } } : { note: variant === 'digital PDF' ? 'pdftotext not found' : 'OCR (tesseract.js, chi_sim+eng); no native baseline' }),
    });
  }
  const scanPages = documents.length;
  const english = documents.filter((d) => d.language === 'en');
  const cost = english.reduce((sum, d) => sum + (d.type === 'invoice' ? TEXTRACT_USD_PER_1000_PAGES.expense : FULL_ANALYSIS), 0) / 1000 + (scanPages - english.length) * (TEXTRACT_USD_PER_1000_PAGES.signatures / 1000);
  console.log(
    `\nTextract cost of the ${scanPages} scanned pages at list prices (USD per 1,000 pages: Forms ${TEXTRACT_USD_PER_1000_PAGES.forms}, Tables ${TEXTRACT_USD_PER_1000_PAGES.tables}, Queries ${TEXTRACT_USD_PER_1000_PAGES.queries}, Signatures ${TEXTRACT_USD_PER_1000_PAGES.signatures}, AnalyzeExpense ${TEXTRACT_USD_PER_1000_PAGES.expense}; US East, first million pages a month):`,
  );
  console.log(`  English scans: full analysis ${FULL_ANALYSIS} per 1,000 pages (invoices AnalyzeExpense); Chinese scans: SIGNATURES only; digital PDFs: text layer, free.`);
  console.log(`  this corpus: USD ${cost.toFixed(4)} (USD ${((cost / scanPages) * 1000).toFixed(2)} per 1,000 such pages)`);
  return figures;
}

function compare(document: CorpusDocument, fields: ExtractedField[], s: Score, variant: Variant): void {
  const relevant = fields.filter((f) => MONEY_FIELDS.includes(f.name) || DATE_FIELDS.includes(f.name));
  s.extracted += relevant.length;
  for (const [name, value] of Object.entries(document.expected)) {
    s.expected += 1;
    const got = relevant.find((f) => f.name === name);
    if (got?.value === value) s.correct += 1;
    else s.misses.push(`${variant} ${document.name} ${name}: expected ${value}, got ${got?.value ?? 'nothing'}${got ? ` from "${got.text}"` : ''}`);
  }
}

/** Page 1 as a 200-dpi greyscale PNG (pdftoppm). */
async function render(pdf: Uint8Array, base: string): Promise<Uint8Array> {
  await writeFile(`${base}.pdf`, pdf);
  await run('pdftoppm', ['-r', '200', '-gray', '-png', '-singlefile', `${base}.pdf`, base]);
  return new Uint8Array(await readFile(`${base}.png`));
}

/** The image alone in a PDF page: what a scanner gives (no text layer). */
async function imageOnlyPdf(png: Uint8Array): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const image = await document.embedPng(png);
  document.addPage([595, 842]).drawImage(image, { x: 0, y: 0, width: 595, height: 842 });
  return new Uint8Array(await document.save());
}

/** A phone photo of the page: a little rotated, blurred and noisy, saved as a JPEG of quality 70. */
async function photo(png: Uint8Array, base: string): Promise<Uint8Array> {
  await writeFile(`${base}.png`, png);
  await run('convert', [`${base}.png`, '-background', 'white', '-rotate', '1.2', '-blur', '0x0.7', '-seed', '7', '-attenuate', '0.3', '+noise', 'Gaussian', '-quality', '70', `${base}.jpg`]);
  return new Uint8Array(await readFile(`${base}.jpg`));
}

async function pdftotextPagesPerSecond(documents: CorpusDocument[], dir: string): Promise<number | undefined> {
  if (!(await tool('pdftotext', ['-v']))) return undefined;
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  for (const document of documents) {
    const file = join(dir, `${document.name}.pdf`);
    await writeFile(file, await makeCjkPdf([{ lines: document.lines }]));
    files.push(file);
  }
  const ms = await wallMs(async () => {
    for (const file of files) await run('pdftotext', ['-layout', file, '-']);
  });
  return files.length / (ms / 1000);
}

async function tool(command: string, args: string[]): Promise<boolean> {
  return (await output(command, args)) !== undefined;
}

/** What a command prints (stdout and stderr), or undefined when it is not installed. */
async function output(command: string, args: string[]): Promise<string | undefined> {
  try {
    const { stdout, stderr } = await run(command, args);
    return stdout + stderr;
  } catch (error) {
    const failed = error as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    return failed.code === 'ENOENT' ? undefined : `${failed.stdout ?? ''}${failed.stderr ?? ''}`;
  }
}

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
