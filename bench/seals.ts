import jpeg from 'jpeg-js';
import { decodeImage, pdftoppmColours } from '../functions/adapters/local-extractor/page-marks';
import type { DetectedSeal, DetectedSignature } from '../functions/core/extraction';
import { detectSeals, detectSignatureMarks, type PageRaster } from '../functions/core/seal-detection';
import { type Figure, wallMs } from './measure';
import { type Box, type CorpusPage, sealCorpus, signatureCorpus } from './seal-corpus';

type Degradation = '150-dpi scan' | '100-dpi scan' | 'JPEG quality 40' | 'phone light';

interface Tally {
  expected: number;
  detected: number;
  /** Pages without the mark. */
  negatives: number;
  /** Pages (with or without the mark) where a mark was reported where there is none. */
  falsePages: number;
  misses: string[];
  falses: string[];
}

/**
 * Detection rate and false positives of the local seal and signature detectors on the generated
 * corpus of bench/seal-corpus.ts, per degradation: pages rendered in colour by pdftoppm at 150 and
 * 100 dpi, the 150-dpi page saved as JPEG quality 40 (jpeg-js), and under a phone's light (warm
 * tungsten tint, a shadow darkening one side to 45%, sensor noise). A seal counts as found when a
 * reported box overlaps the drawn one by at least half (intersection over union); any other
 * reported box is a false positive. Signatures are looked for next to the label's box as OCR
 * would give it (the label's own position), so these rates measure the detector, not the OCR.
 */
export async function benchSeals(): Promise<Figure[]> {
  const seals = await sealCorpus();
  const signatures = await signatureCorpus();
  const degradations: Degradation[] = ['150-dpi scan', '100-dpi scan', 'JPEG quality 40', 'phone light'];
  const figures: Figure[] = [];
  console.log('\nSeal and signature detection (generated corpus: bench/seal-corpus.ts):');
  for (const degradation of degradations) {
    const sealTally = tally();
    const perVariant = new Map<string, { expected: number; detected: number }>();
    const signatureTally = tally();
    let ms = 0;
    let pages = 0;
    for (const page of [...seals, ...signatures]) {
      const raster = await rasterOf(page, degradation);
      let found: { seals: DetectedSeal[]; signatures: DetectedSignature[] } = { seals: [], signatures: [] };
      ms += await wallMs(async () => {
        found = { seals: detectSeals(raster, 1), signatures: detectSignatureMarks(raster, page.labels, 1) };
      });
      pages++;
      if (seals.includes(page)) {
        const variant = perVariant.get(page.variant) ?? { expected: 0, detected: 0 };
        perVariant.set(page.variant, variant);
        const hits = score(sealTally, page.name, page.seals, found.seals);
        variant.expected += page.seals.length;
        variant.detected += hits;
      } else score(signatureTally, page.name, page.signatures, found.signatures, 0.2);
    }
    report(`seals, ${degradation}`, sealTally);
    // Per variant only where something was missed (the list above names the pages).
    for (const [variant, counts] of [...perVariant].filter(([, c]) => c.expected > c.detected)) console.log(`      ${variant.padEnd(28)} ${counts.detected}/${counts.expected}`);
    report(`signatures, ${degradation}`, signatureTally);
    figures.push({ name: `seal + signature detection, ${degradation} (${pages} pages)`, value: pages / (ms / 1000), unit: 'pages/s', note: 'pure JavaScript over decoded pixels; OCR not included' });
  }
  return figures;
}

function tally(): Tally {
  return { expected: 0, detected: 0, negatives: 0, falsePages: 0, misses: [], falses: [] };
}

/** Matches reported boxes to drawn ones; returns how many drawn ones were found. */
function score(t: Tally, name: string, truth: readonly Box[], found: ReadonlyArray<{ bbox?: Box; confidence: number }>, minOverlap = 0.5): number {
  t.expected += truth.length;
  if (truth.length === 0) t.negatives++;
  const matched = new Set<number>();
  let falses = 0;
  for (const mark of found) {
    const index = truth.findIndex((box, i) => !matched.has(i) && mark.bbox && iou(box, mark.bbox) >= minOverlap);
    if (index >= 0) matched.add(index);
    else falses++;
  }
  t.detected += matched.size;
  if (matched.size < truth.length) t.misses.push(name);
  if (falses > 0) {
    t.falsePages++;
    t.falses.push(name);
  }
  return matched.size;
}

function report(label: string, t: Tally): void {
  const rate = t.expected ? (t.detected / t.expected) * 100 : 0;
  console.log(`  ${label.padEnd(34)} detected ${rate.toFixed(1)}% (${t.detected}/${t.expected}); false positives on ${t.falsePages} of ${t.negatives} pages without one${t.falsePages > t.negatives ? ' or beside a real one' : ''}`);
  if (t.misses.length > 0) console.log(`      missed: ${t.misses.slice(0, 6).join(', ')}${t.misses.length > 6 ? ', …' : ''}`);
  if (t.falses.length > 0) console.log(`      false: ${t.falses.slice(0, 6).join(', ')}${t.falses.length > 6 ? ', …' : ''}`);
}

const rendered = new Map<CorpusPage, Map<number, PageRaster>>();

async function rasterOf(page: CorpusPage, degradation: Degradation): Promise<PageRaster> {
  const dpi = degradation === '100-dpi scan' ? 100 : 150;
  const cache = rendered.get(page) ?? new Map<number, PageRaster>();
  rendered.set(page, cache);
  let raster = cache.get(dpi);
  if (!raster) {
    const [first] = dpi === 150 ? await pdftoppmColours(page.pdf, [1]) : await renderAt(page.pdf, dpi);
    raster = (first as { raster: PageRaster }).raster;
    cache.set(dpi, raster);
  }
  if (degradation === 'phone light') return phoneLight(raster);
  if (degradation !== 'JPEG quality 40') return raster;
  const encoded = jpeg.encode({ width: raster.width, height: raster.height, data: raster.data }, 40);
  return decodeImage(new Uint8Array(encoded.data), 'image/jpeg') as PageRaster;
}

async function renderAt(pdf: Uint8Array, dpi: number) {
  const { rasterizePdf } = await import('../functions/adapters/local-extractor/rasterize');
  return (await rasterizePdf(pdf, [1], dpi, true)).map(({ page, png }) => ({ page, raster: decodeImage(png, 'image/png') as PageRaster }));
}

function iou(a: Box, b: Box): number {
  const x = Math.max(0, Math.min(a.left + a.width, b.left + b.width) - Math.max(a.left, b.left));
  const y = Math.max(0, Math.min(a.top + a.height, b.top + b.height) - Math.max(a.top, b.top));
  const inter = x * y;
  return inter / (a.width * a.height + b.width * b.height - inter);
}

/** Warm light (paper turns cream), a shadow across the page and sensor noise, as a phone photo has. */
function phoneLight(raster: PageRaster): PageRaster {
  const { width, height, channels, data } = raster;
  const out = new Uint8Array(data.length);
  let seed = 7;
  const noise = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return (seed / 0x7fffffff - 0.5) * 16;
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const shade = 1 - 0.55 * Math.max(0, (x / width + y / height - 0.9) / 1.1);
      const at = (y * width + x) * channels;
      const tint = [1, 0.93, 0.8];
      for (let c = 0; c < 3; c++) out[at + c] = Math.max(0, Math.min(255, Math.round((data[at + c] as number) * (tint[c] as number) * shade + noise())));
      if (channels === 4) out[at + 3] = 255;
    }
  }
  return { width, height, channels, data: out };
}
