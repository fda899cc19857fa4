import type { DetectedSeal, DetectedSignature, ExtractedField, TextLine } from './extraction';

/**
 * Seal and signature marks on a scanned page, from its pixels alone (DESIGN §6, issue 11 item 4).
 * In China a red company seal (公章 / 合同专用章) is what makes a document the company's act; a
 * handwritten signature next to 签字 / 签名 is what makes it the signer's. Both are suggestions a
 * reviewer confirms. Pure: the caller decodes the page into a {@link PageRaster}.
 *
 * Seals: red pixels (relative to the paper around them; hue within 30° of red, saturation ≥ 0.14:
 * faint stamps included) are pooled
 * into cells of about 2 mm, joined into connected regions, and each region of seal size is
 * measured against an ellipse fitted to its outer contour (the moments of the contour polygon):
 * a seal's outline lies on that ellipse all round; red text, red lines, tables and logos do not.
 *
 * Signatures: near each signature label of the OCR lines (签字, 签名, 签收人, 代表, Signature…), dark
 * or blue ink is cleared of ruled lines and split into strokes; a stroke group larger than the
 * printed text around it (taller, or a long joined stroke) is taken as handwriting.
 */

/** Decoded pixels of one page: 1 (grey), 3 (RGB) or 4 (RGBA) bytes a pixel, rows top to bottom. */
export interface PageRaster {
  width: number;
  height: number;
  channels: 1 | 3 | 4;
  data: Uint8Array | Uint8ClampedArray;
}

/** Engine name of the local seal and signature detector. */
export const MARKS_ENGINE = 'local-marks';

/** What an engine that looked for seals found; `pages` are the pages it could look at (colour). */
export interface SealSearch {
  engine: string;
  found: readonly DetectedSeal[];
  pages: readonly number[];
}

// Seal size relative to the page's shorter side: an A4 company seal (38–45 mm) is ~0.2, a
// personal name seal (15–20 mm) ~0.08.
const MIN_SEAL = 0.05;
const MAX_SEAL = 0.45;
/** Longest axis / shortest axis of a seal outline: round ~1, oval contract seals ~1.5. */
const MAX_AXIS_RATIO = 1.8;
const BINS = 72;
/** Share of the outline's directions whose outer edge lies on the ellipse (±10%). */
const MIN_COVERAGE = 0.6;
const MAX_RESIDUAL = 0.07;

/**
 * Whether a page holds colour at all: a greyscale scan cannot show whether a seal is red, so it
 * is not searched for seals (its answer would be a meaningless "no").
 *
 * @example
 * hasColour({ width: 1, height: 1, channels: 3, data: new Uint8Array([200, 30, 30]) }) // true
 */
export function hasColour(raster: PageRaster): boolean {
  if (raster.channels === 1) return false;
  const { data, channels } = raster;
  const pixels = raster.width * raster.height;
  const step = Math.max(1, Math.floor(pixels / 200_000));
  let coloured = 0;
  let seen = 0;
  for (let i = 0; i < pixels; i += step) {
    seen++;
    const at = i * channels;
    const r = data[at] as number;
    const g = data[at + 1] as number;
    const b = data[at + 2] as number;
    if (Math.max(r, g, b) - Math.min(r, g, b) > 40) coloured++;
  }
  return coloured / seen > 0.0002;
}

/**
 * Red seals on one page: their box (normalised 0–1), confidence, and the ellipse's axis ratio.
 *
 * @example
 * detectSeals(raster, 1) // [{ page: 1, bbox: { left: 0.61, top: 0.72, width: 0.2, height: 0.14 }, confidence: 0.93, engine: 'local-marks' }]
 */
export function detectSeals(raster: PageRaster, page: number): DetectedSeal[] {
  if (raster.channels === 1) return [];
  const { width, height } = raster;
  const shorter = Math.min(width, height);
  // Cells of ~1/250 of the page's shorter side (0.8 mm on A4): faint stamps' scattered pixels pool.
  const cell = Math.max(1, Math.round(shorter / 250));
  const grid = redCells(raster, cell);
  const gw = Math.ceil(width / cell);
  const gh = Math.ceil(height / cell);
  // Bridge the gaps that text printed across a seal's ring leaves (a cell or two).
  const joined = dilate(grid, gw, gh, 1);
  const seals: DetectedSeal[] = [];
  for (const region of regions(joined, gw, gh)) {
    const spanX = (region.maxX - region.minX + 1) * cell;
    const spanY = (region.maxY - region.minY + 1) * cell;
    if (Math.min(spanX, spanY) < MIN_SEAL * shorter || Math.max(spanX, spanY) > MAX_SEAL * shorter) continue;
    if (Math.max(spanX, spanY) / Math.min(spanX, spanY) > MAX_AXIS_RATIO + 0.2) continue;
    const red = region.cells.filter((index) => grid[index] === 1);
    const fit = fitOutline(red, gw);
    if (!fit) continue;
    const { coverage, residual, ellipse, fill } = fit;
    if (coverage < MIN_COVERAGE || residual > MAX_RESIDUAL || ellipse.a / ellipse.b > MAX_AXIS_RATIO || fill > 0.75) continue;
    // A bare ring (a circled number, a round frame) is less likely a seal than one with text inside.
    const content = fill < 0.08 ? 0.7 : 1;
    const confidence = round(Math.min(0.98, (0.55 + 0.45 * ((coverage - MIN_COVERAGE) / (1 - MIN_COVERAGE))) * (1 - 2 * residual) * content));
    const hx = Math.sqrt((ellipse.a * Math.cos(ellipse.angle)) ** 2 + (ellipse.b * Math.sin(ellipse.angle)) ** 2) * cell;
    const hy = Math.sqrt((ellipse.a * Math.sin(ellipse.angle)) ** 2 + (ellipse.b * Math.cos(ellipse.angle)) ** 2) * cell;
    const cx = (ellipse.cx + 0.5) * cell;
    const cy = (ellipse.cy + 0.5) * cell;
    seals.push({ page, bbox: normalisedBox(cx - hx, cy - hy, cx + hx, cy + hy, width, height), confidence, engine: MARKS_ENGINE });
  }
  return seals.sort((a, b) => b.confidence - a.confidence);
}

/**
 * 1 where a cell holds enough red pixels (an eighth of it, so faint and speckled stamps count).
 * Colours are first taken relative to the paper around them (the brighter half of each tile of
 * 16 × 16 cells), so that cream paper, warm light and shadow in a phone photo are white again.
 */
function redCells(raster: PageRaster, cell: number): Uint8Array {
  const { width, height, channels, data } = raster;
  const gw = Math.ceil(width / cell);
  const gh = Math.ceil(height / cell);
  const paper = paperColours(raster, cell * 16);
  const tw = Math.ceil(width / (cell * 16));
  const counts = new Uint16Array(gw * gh);
  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / cell) * gw;
    const tileRow = Math.floor(y / (cell * 16)) * tw;
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * channels;
      const tile = (tileRow + Math.floor(x / (cell * 16))) * 3;
      const r = Math.min(255, ((data[at] as number) * 255) / (paper[tile] as number));
      const g = Math.min(255, ((data[at + 1] as number) * 255) / (paper[tile + 1] as number));
      const b = Math.min(255, ((data[at + 2] as number) * 255) / (paper[tile + 2] as number));
      if (isRed(r, g, b)) (counts[row + Math.floor(x / cell)] as number)++;
    }
  }
  const needed = Math.max(1, Math.floor((cell * cell) / 8));
  const grid = new Uint8Array(gw * gh);
  for (let i = 0; i < grid.length; i++) if ((counts[i] as number) >= needed) grid[i] = 1;
  return grid;
}

/** Per tile, the mean colour of its brighter half of pixels (the paper), at least 96 a channel. */
function paperColours(raster: PageRaster, tile: number): Float32Array {
  const { width, height, channels, data } = raster;
  const tw = Math.ceil(width / tile);
  const th = Math.ceil(height / tile);
  const out = new Float32Array(tw * th * 3);
  for (let ty = 0; ty < th; ty++) {
    for (let tx = 0; tx < tw; tx++) {
      const x1 = Math.min(width, (tx + 1) * tile);
      const y1 = Math.min(height, (ty + 1) * tile);
      let sum = 0;
      let n = 0;
      for (let y = ty * tile; y < y1; y += 2) for (let x = tx * tile; x < x1; x += 2) {
        const at = (y * width + x) * channels;
        sum += (data[at] as number) + (data[at + 1] as number) + (data[at + 2] as number);
        n++;
      }
      const mean = sum / Math.max(1, n);
      let br = 0;
      let bg = 0;
      let bb = 0;
      let m = 0;
      for (let y = ty * tile; y < y1; y += 2) for (let x = tx * tile; x < x1; x += 2) {
        const at = (y * width + x) * channels;
        if ((data[at] as number) + (data[at + 1] as number) + (data[at + 2] as number) < mean) continue;
        br += data[at] as number;
        bg += data[at + 1] as number;
        bb += data[at + 2] as number;
        m++;
      }
      const at = (ty * tw + tx) * 3;
      out[at] = Math.max(96, br / Math.max(1, m));
      out[at + 1] = Math.max(96, bg / Math.max(1, m));
      out[at + 2] = Math.max(96, bb / Math.max(1, m));
    }
  }
  return out;
}

/**
 * Red seal ink, faint included: red the strongest channel, hue within -30°…+25° of red (pinkish
 * to orange-red), saturation ≥ 0.14 (a pale pink stamp, 250/205/205, still counts), and red
 * clearly above the others (JPEG noise on white, cream paper under warm light are not).
 */
function isRed(r: number, g: number, b: number): boolean {
  if (r < 90 || r < g || r < b) return false;
  const low = Math.min(g, b);
  const chroma = r - low;
  if (chroma / r < 0.14 || r - Math.max(g, b) < 24) return false;
  const hue = (60 * (g - b)) / chroma;
  return hue >= -30 && hue <= 25;
}

interface Region {
  cells: number[];
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** 8-connected regions of set cells. */
function regions(grid: Uint8Array, gw: number, gh: number): Region[] {
  const seen = new Uint8Array(grid.length);
  const out: Region[] = [];
  const stack: number[] = [];
  for (let start = 0; start < grid.length; start++) {
    if (grid[start] !== 1 || seen[start]) continue;
    const region: Region = { cells: [], minX: gw, minY: gh, maxX: 0, maxY: 0 };
    seen[start] = 1;
    stack.push(start);
    while (stack.length > 0) {
      const index = stack.pop() as number;
      region.cells.push(index);
      const x = index % gw;
      const y = (index - x) / gw;
      if (x < region.minX) region.minX = x;
      if (x > region.maxX) region.maxX = x;
      if (y < region.minY) region.minY = y;
      if (y > region.maxY) region.maxY = y;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= gh) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= gw) continue;
          const next = ny * gw + nx;
          if (grid[next] === 1 && !seen[next]) {
            seen[next] = 1;
            stack.push(next);
          }
        }
      }
    }
    out.push(region);
  }
  return out;
}

function dilate(grid: Uint8Array, gw: number, gh: number, radius: number): Uint8Array {
  const out = new Uint8Array(grid.length);
  for (let y = 0; y < gh; y++) {
    for (let x = 0; x < gw; x++) {
      if (grid[y * gw + x] !== 1) continue;
      for (let dy = -radius; dy <= radius; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= gh) continue;
        for (let dx = -radius; dx <= radius; dx++) {
          const nx = x + dx;
          if (nx >= 0 && nx < gw) out[ny * gw + nx] = 1;
        }
      }
    }
  }
  return out;
}

interface Ellipse {
  cx: number;
  cy: number;
  /** Semi-axes, a ≥ b, in cells. */
  a: number;
  b: number;
  /** Of the major axis, radians. */
  angle: number;
}

/**
 * The ellipse of a region's outer contour (the farthest red cell in each of 72 directions from
 * its centre), fitted by the second moments of the contour polygon (a filled ellipse of semi-axis
 * a has variance a²/4 along it), refitted on the contour points that lie near the first fit.
 */
function fitOutline(cells: readonly number[], gw: number): { ellipse: Ellipse; coverage: number; residual: number; fill: number } | undefined {
  if (cells.length < 12) return undefined;
  let sx = 0;
  let sy = 0;
  for (const index of cells) {
    sx += index % gw;
    sy += Math.floor(index / gw);
  }
  const cx = sx / cells.length;
  const cy = sy / cells.length;
  const far: Array<{ x: number; y: number; d: number } | undefined> = new Array(BINS);
  for (const index of cells) {
    const x = index % gw;
    const y = Math.floor(index / gw);
    const d = Math.hypot(x - cx, y - cy);
    const bin = Math.min(BINS - 1, Math.floor(((Math.atan2(y - cy, x - cx) + Math.PI) / (2 * Math.PI)) * BINS));
    const current = far[bin];
    if (!current || d > current.d) far[bin] = { x, y, d };
  }
  const contour = far.filter((point): point is { x: number; y: number; d: number } => point !== undefined);
  if (contour.length < BINS / 2) return undefined;
  let ellipse = polygonEllipse(contour);
  if (!ellipse) return undefined;
  const near = contour.filter((point) => Math.abs(ellipseRadius(ellipse as Ellipse, point) - 1) <= 0.2);
  if (near.length >= BINS / 3) ellipse = polygonEllipse(near) ?? ellipse;
  const onOutline = contour.filter((point) => Math.abs(ellipseRadius(ellipse as Ellipse, point) - 1) <= 0.1);
  const coverage = onOutline.length / BINS;
  const residual = onOutline.length === 0 ? 1 : onOutline.reduce((sum, point) => sum + Math.abs(ellipseRadius(ellipse as Ellipse, point) - 1), 0) / onOutline.length;
  const fill = cells.length / (Math.PI * ellipse.a * ellipse.b);
  return { ellipse, coverage, residual, fill };
}

/** How far out a point lies relative to the ellipse: 1 on it. */
function ellipseRadius(e: Ellipse, point: { x: number; y: number }): number {
  const dx = point.x - e.cx;
  const dy = point.y - e.cy;
  const u = dx * Math.cos(e.angle) + dy * Math.sin(e.angle);
  const v = -dx * Math.sin(e.angle) + dy * Math.cos(e.angle);
  return Math.hypot(u / e.a, v / e.b);
}

/** The ellipse with the area moments of a polygon (vertices in order), by Green's theorem. */
function polygonEllipse(points: ReadonlyArray<{ x: number; y: number }>): Ellipse | undefined {
  const ox = points[0]?.x ?? 0;
  const oy = points[0]?.y ?? 0;
  let area = 0;
  let mx = 0;
  let my = 0;
  let mxx = 0;
  let myy = 0;
  let mxy = 0;
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as { x: number; y: number };
    const q = points[(i + 1) % points.length] as { x: number; y: number };
    const x0 = p.x - ox;
    const y0 = p.y - oy;
    const x1 = q.x - ox;
    const y1 = q.y - oy;
    const cross = x0 * y1 - x1 * y0;
    area += cross / 2;
    mx += ((x0 + x1) * cross) / 6;
    my += ((y0 + y1) * cross) / 6;
    mxx += ((x0 * x0 + x0 * x1 + x1 * x1) * cross) / 12;
    myy += ((y0 * y0 + y0 * y1 + y1 * y1) * cross) / 12;
    mxy += ((x0 * y1 + 2 * x0 * y0 + 2 * x1 * y1 + x1 * y0) * cross) / 24;
  }
  if (Math.abs(area) < 4) return undefined;
  const gx = mx / area;
  const gy = my / area;
  const vxx = mxx / area - gx * gx;
  const vyy = myy / area - gy * gy;
  const vxy = mxy / area - gx * gy;
  const mean = (vxx + vyy) / 2;
  const spread = Math.sqrt(((vxx - vyy) / 2) ** 2 + vxy * vxy);
  const major = mean + spread;
  const minor = mean - spread;
  if (minor <= 0) return undefined;
  return { cx: gx + ox, cy: gy + oy, a: 2 * Math.sqrt(major), b: 2 * Math.sqrt(minor), angle: 0.5 * Math.atan2(2 * vxy, vxx - vyy) };
}

/** Labels next to which a signature is written. */
const SIGNATURE_LABEL = /签字|签名|签收人|签收|签章|盖章|代表|负责人|经办人|确认人|signature|signed\s*by|signatory/iu;

/**
 * Handwritten signature marks on one page, looked for beside the signature labels of its OCR
 * lines (boxes normalised to the page, as OCR gives them): ink strokes clearly larger than the
 * label's printed text, after ruled lines (underscores, table borders) are taken out.
 *
 * @example
 * detectSignatureMarks(raster, lines.filter((l) => l.page === 2), 2) // [{ page: 2, bbox: {…}, confidence: 0.84, engine: 'local-marks' }]
 */
export function detectSignatureMarks(raster: PageRaster, lines: readonly TextLine[], page: number): DetectedSignature[] {
  const { width, height } = raster;
  const found: DetectedSignature[] = [];
  for (const label of lines) {
    if (label.page !== page || !label.bbox || !SIGNATURE_LABEL.test(label.text)) continue;
    // Printed text height: the label line's height, but a line OCR merged with tall handwriting
    // is taller than the text; a CJK line is about as high as 1/45 of an A4 page's width at most.
    const h = Math.max(6, Math.min(label.bbox.height * height, width / 40));
    const x0 = Math.max(0, Math.floor(label.bbox.left * width));
    const x1 = Math.min(width, Math.ceil((label.bbox.left + label.bbox.width) * width + 12 * h));
    const y0 = Math.max(0, Math.floor(label.bbox.top * height - 2 * h));
    const y1 = Math.min(height, Math.ceil((label.bbox.top + label.bbox.height) * height + 2.5 * h));
    const mark = handwritingIn(raster, { x0, y0, x1, y1 }, h);
    if (!mark) continue;
    const bbox = normalisedBox(mark.x0, mark.y0, mark.x1, mark.y1, width, height);
    if (found.some((other) => overlaps(other.bbox as NonNullable<DetectedSignature['bbox']>, bbox))) continue;
    found.push({ page, bbox, confidence: mark.confidence, engine: MARKS_ENGINE });
  }
  return found.sort((a, b) => b.confidence - a.confidence);
}

interface Area {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The handwriting in an area of the page, if any, with a confidence. */
function handwritingIn(raster: PageRaster, area: Area, h: number): (Area & { confidence: number }) | undefined {
  const w = area.x1 - area.x0;
  const ht = area.y1 - area.y0;
  if (w <= 0 || ht <= 0) return undefined;
  const ink = new Uint8Array(w * ht);
  const { data, channels } = raster;
  for (let y = 0; y < ht; y++) {
    for (let x = 0; x < w; x++) {
      const at = ((area.y0 + y) * raster.width + area.x0 + x) * channels;
      const r = data[at] as number;
      const g = channels === 1 ? r : (data[at + 1] as number);
      const b = channels === 1 ? r : (data[at + 2] as number);
      if (isInk(r, g, b)) ink[y * w + x] = 1;
    }
  }
  clearRuledLines(ink, w, ht, Math.round(4 * h));
  let best: (Area & { ink: number; score: number }) | undefined;
  let union: Area | undefined;
  let total = 0;
  for (const stroke of regions(ink, w, ht)) {
    const sw = stroke.maxX - stroke.minX + 1;
    const sh = stroke.maxY - stroke.minY + 1;
    if (sh > 6 * h || sw > 20 * h) continue; // a drawing, a photo, a block of black
    const density = stroke.cells.length / (sw * sh);
    // Printed glyphs stay within the text height; a signature's strokes run taller or long and joined.
    const tall = sh >= 1.5 * h && sw >= 0.3 * h;
    const long = sw >= 2.5 * h && sh >= 0.6 * h;
    if (!(tall || long) || density > 0.4) continue;
    const score = Math.min(1, Math.max(sh / (2.5 * h), sw / (5 * h)));
    total += stroke.cells.length;
    const box = { x0: area.x0 + stroke.minX, y0: area.y0 + stroke.minY, x1: area.x0 + stroke.maxX + 1, y1: area.y0 + stroke.maxY + 1 };
    union = union ? { x0: Math.min(union.x0, box.x0), y0: Math.min(union.y0, box.y0), x1: Math.max(union.x1, box.x1), y1: Math.max(union.y1, box.y1) } : box;
    if (!best || score > best.score) best = { ...box, ink: stroke.cells.length, score };
  }
  if (!best || !union || total < 2 * h) return undefined;
  return { ...union, confidence: round(0.55 + 0.4 * best.score) };
}

/** Dark ink (black, grey pencil-dark) or blue ballpoint ink; never seal red. */
function isInk(r: number, g: number, b: number): boolean {
  const luma = 0.299 * r + 0.587 * g + 0.114 * b;
  if (luma < 110 && !(r > g + 50 && r > b + 50)) return true;
  return b > r + 40 && b > g + 15 && luma < 170;
}

/** Clears horizontal and vertical runs of ink at least `run` long: underscores, table borders. */
function clearRuledLines(ink: Uint8Array, w: number, h: number, run: number): void {
  const clear: number[] = [];
  for (let y = 0; y < h; y++) {
    let start = -1;
    for (let x = 0; x <= w; x++) {
      const on = x < w && ink[y * w + x] === 1;
      if (on && start < 0) start = x;
      if (!on && start >= 0) {
        if (x - start >= run) for (let i = start; i < x; i++) clear.push(y * w + i);
        start = -1;
      }
    }
  }
  for (let x = 0; x < w; x++) {
    let start = -1;
    for (let y = 0; y <= h; y++) {
      const on = y < h && ink[y * w + x] === 1;
      if (on && start < 0) start = y;
      if (!on && start >= 0) {
        if (y - start >= run) for (let i = start; i < y; i++) clear.push(i * w + x);
        start = -1;
      }
    }
  }
  for (const index of clear) ink[index] = 0;
}

function overlaps(a: NonNullable<DetectedSignature['bbox']>, b: NonNullable<DetectedSignature['bbox']>): boolean {
  return a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;
}

function normalisedBox(x0: number, y0: number, x1: number, y1: number, width: number, height: number): NonNullable<ExtractedField['bbox']> {
  const clamp = (value: number) => Math.max(0, Math.min(1, value));
  const left = clamp(x0 / width);
  const top = clamp(y0 / height);
  return { left: round4(left), top: round4(top), width: round4(clamp(x1 / width) - left), height: round4(clamp(y1 / height) - top) };
}

/**
 * The `seal_present` suggestion of a seal search: `true` with the most certain seal's page and
 * box (and how many were seen), or `false` when the colour pages showed none.
 *
 * @example
 * sealPresentField({ engine: 'local-marks', pages: [1], found: [] }) // { name: 'seal_present', value: 'false', confidence: 0.6, page: 1, … }
 */
export function sealPresentField(search: SealSearch): ExtractedField {
  const best = [...search.found].sort((a, b) => b.confidence - a.confidence)[0];
  const pages = [...new Set(search.found.map((seal) => seal.page))].sort((a, b) => a - b);
  return {
    name: 'seal_present',
    value: best ? 'true' : 'false',
    confidence: best ? best.confidence : 0.6,
    page: best?.page ?? search.pages[0] ?? 1,
    ...(best?.bbox ? { bbox: best.bbox } : {}),
    text: best ? `${search.found.length} red seal${search.found.length > 1 ? 's' : ''} detected (page ${pages.join(', ')})` : `no red seal detected on page ${search.pages.join(', ')}`,
    engine: best?.engine ?? search.engine,
    reviewed: false,
  };
}

const round = (value: number) => Math.round(Math.max(0, Math.min(1, value)) * 1000) / 1000;
const round4 = (value: number) => Math.round(value * 10000) / 10000;
