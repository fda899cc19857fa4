import fontkit from '@pdf-lib/fontkit';
import { BlendMode, degrees, PDFDocument, type PDFFont, type PDFPage, rgb, type RGB } from 'pdf-lib';
import type { ExtractedField, TextLine } from '../functions/core/extraction';
import { cjkFont } from '../functions/testing/cjk-pdfs';

/**
 * The generated corpus of the seal and signature bench (issue 11 item 4), kept out of the unit
 * tests: one-page documents drawn with pdf-lib in the CJK font, each with what it holds.
 *
 * Seals: round company seals (ring, star, the company's name along the arc, 合同专用章 below) and
 * oval contract seals, 42, 38, 30 and 22 mm across, full red, faint or very faint (pale pink, thin ink), whole or
 * worn (a broken ring), stamped over the text of the page (multiply, as ink does) or beside it,
 * turned 0–170°. Negatives: red letterheads (红头) with their red rule, paragraphs of red text, red
 * tables, a red square frame, a black round logo, a solid red dot, red ticks.
 *
 * Signatures: a signature label (债务人（签字）：…) followed by a handwritten scribble (black or
 * blue, Chinese-like strokes or a cursive run, at times under a seal), or by nothing, a blank
 * underline, a printed name or a printed date.
 */
export interface CorpusPage {
  name: string;
  /** What the case varies, for the per-variant rates. */
  variant: string;
  pdf: Uint8Array;
  /** Where the seals are, normalised to the page (0–1). */
  seals: Box[];
  /** Where a signature is written, normalised to the page. */
  signatures: Box[];
  /** The signature label as OCR would give it: its text and box. */
  labels: TextLine[];
}

export type Box = NonNullable<ExtractedField['bbox']>;

const W = 595;
const H = 842;
const MM = 72 / 25.4;
const RED = rgb(0.84, 0.08, 0.1);
const FAINT = rgb(0.93, 0.42, 0.42);
const PALE = rgb(0.95, 0.55, 0.55);
const BLACK = rgb(0.08, 0.08, 0.08);
const BLUE = rgb(0.1, 0.18, 0.62);

const BODY = [
  '欠款确认函',
  '致：福建某某建材有限公司',
  '经双方核对，截至2026年10月31日，我司尚欠贵司货款',
  '人民币捌佰万零伍仟元整（¥8,005,000.00）。',
  '我司承诺于2027年3月31日前付清上述款项。',
  '特此确认。',
  '确认单位：福州某某建设工程有限公司',
  '日期：2026年11月29日',
];

interface Stamp {
  /** Centre, in points from the top-left corner. */
  x: number;
  y: number;
  /** Width across, millimetres. */
  mm: number;
  /** Height / width: 1 round, 0.67 oval. */
  ratio: number;
  turn: number;
  colour: RGB;
  opacity: number;
  worn: boolean;
}

/** A seal drawn as a stamp leaves it; its box normalised to the page. */
function drawSeal(page: PDFPage, font: PDFFont, stamp: Stamp): Box {
  const rx = (stamp.mm * MM) / 2;
  const ry = rx * stamp.ratio;
  const cx = stamp.x;
  const cy = H - stamp.y;
  const turn = (stamp.turn * Math.PI) / 180;
  const ink = { color: stamp.colour, opacity: stamp.opacity, blendMode: BlendMode.Multiply };
  // A point of the stamp's own frame (u right, v up, in points) on the page.
  const at = (u: number, v: number) => ({ x: cx + u * Math.cos(turn) - v * Math.sin(turn), y: cy + u * Math.sin(turn) + v * Math.cos(turn) });
  page.drawEllipse({
    x: cx,
    y: cy,
    xScale: rx,
    yScale: ry,
    rotate: degrees(stamp.turn),
    borderColor: stamp.colour,
    borderOpacity: stamp.opacity,
    borderWidth: Math.max(1.6, rx * 0.07),
    ...(stamp.worn ? { borderDashArray: [rx * 0.5, rx * 0.12] } : {}),
    blendMode: BlendMode.Multiply,
  });
  // The five-pointed star in the middle.
  const star = Array.from({ length: 10 }, (_, i) => {
    const r = (i % 2 === 0 ? 0.3 : 0.12) * Math.min(rx, ry);
    const a = Math.PI / 2 + (i * Math.PI) / 5;
    return at(r * Math.cos(a), r * Math.sin(a) + ry * 0.05);
  });
  page.drawSvgPath(`M ${star.map((p) => `${p.x - cx} ${-(p.y - cy)}`).join(' L ')} Z`, { x: cx, y: cy, ...ink });
  // The company's name along the upper arc, each character upright to the ring.
  const name = '福州某某建设工程有限公司';
  const size = Math.max(5, rx * 0.24);
  const span = (stamp.ratio < 1 ? 200 : 230) * (Math.PI / 180);
  [...name].forEach((char, i) => {
    const a = Math.PI / 2 + span / 2 - (i + 0.5) * (span / name.length);
    const r = 0.75;
    const u = rx * r * Math.cos(a);
    const v = ry * r * Math.sin(a);
    const rotation = a - Math.PI / 2 + turn;
    // drawText places the glyph's lower-left corner: shift so that its centre lies on the arc.
    const p = at(u, v);
    const x = p.x - (size / 2) * Math.cos(rotation) + (size * 0.4) * Math.sin(rotation);
    const y = p.y - (size / 2) * Math.sin(rotation) - (size * 0.4) * Math.cos(rotation);
    page.drawText(char, { x, y, size, font, rotate: degrees((rotation * 180) / Math.PI), ...ink });
  });
  const title = '合同专用章';
  const titleSize = size * 0.95;
  const width = font.widthOfTextAtSize(title, titleSize);
  const p = at(-width / 2, -ry * 0.5);
  page.drawText(title, { x: p.x, y: p.y, size: titleSize, font, rotate: degrees(stamp.turn), ...ink });
  const hx = Math.sqrt((rx * Math.cos(turn)) ** 2 + (ry * Math.sin(turn)) ** 2);
  const hy = Math.sqrt((rx * Math.sin(turn)) ** 2 + (ry * Math.cos(turn)) ** 2);
  return box(cx - hx, cy + hy, 2 * hx, 2 * hy);
}

/** A box from pdf-lib points (left, top edge from the bottom, width, height) to 0–1 from the top-left. */
function box(left: number, topFromBottom: number, width: number, height: number): Box {
  return { left: left / W, top: (H - topFromBottom) / H, width: width / W, height: height / H };
}

function drawBody(page: PDFPage, font: PDFFont, lines: readonly string[], colour = BLACK, size = 13, top = 90): void {
  lines.forEach((text, i) => page.drawText(text, { x: 60, y: H - top - i * size * 2.1, size, font, color: colour }));
}

/** A seeded generator, so that the corpus is the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

async function onePage(draw: (page: PDFPage, font: PDFFont) => void): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  document.registerFontkit(fontkit);
  const font = await document.embedFont(cjkFont(), { subset: true });
  draw(document.addPage([W, H]), font);
  return new Uint8Array(await document.save());
}

/** Pages with seals and pages with red that is not a seal. */
export async function sealCorpus(): Promise<CorpusPage[]> {
  const next = random(11);
  const pages: CorpusPage[] = [];
  const sizes = [42, 38, 30, 22];
  for (const mm of sizes) {
    for (const look of ['red', 'faint', 'very faint', 'worn'] as const) {
      for (const place of ['beside text', 'over text'] as const) {
        for (const shape of ['round', 'oval'] as const) {
          if (shape === 'oval' && mm < 30) continue;
          const turn = Math.round(next() * 170);
          const stamp: Stamp = {
            x: place === 'over text' ? 200 + next() * 120 : 360 + next() * 80,
            y: place === 'over text' ? 150 + next() * 140 : 560 + next() * 120,
            mm,
            ratio: shape === 'oval' ? 0.67 : 1,
            turn,
            colour: look === 'faint' ? FAINT : look === 'very faint' ? PALE : RED,
            opacity: look === 'faint' ? 0.6 : look === 'very faint' ? 0.45 : 0.92,
            worn: look === 'worn',
          };
          let seal: Box | undefined;
          const pdf = await onePage((page, font) => {
            drawBody(page, font, BODY);
            seal = drawSeal(page, font, stamp);
          });
          pages.push({ name: `seal-${mm}mm-${look}-${place.replace(' ', '-')}-${shape}-turned${turn}`, variant: `${look}${mm <= 22 ? ', 22 mm' : ''}${place === 'over text' ? ', over text' : ''}${shape === 'oval' ? ', oval' : ''}`, pdf, seals: [seal as Box], signatures: [], labels: [] });
        }
      }
    }
  }
  // Two seals on one page (both parties').
  let both: Box[] = [];
  pages.push({
    name: 'two-seals',
    variant: 'red',
    pdf: await onePage((page, font) => {
      drawBody(page, font, BODY);
      both = [drawSeal(page, font, { x: 170, y: 640, mm: 40, ratio: 1, turn: 12, colour: RED, opacity: 0.9, worn: false }), drawSeal(page, font, { x: 420, y: 640, mm: 40, ratio: 1, turn: 160, colour: RED, opacity: 0.9, worn: false })];
    }),
    seals: both,
    signatures: [],
    labels: [],
  });
  // Hard cases: a small personal seal (16 mm), a seal half off the page's edge, one on dense text.
  const hard = async (name: string, stamp: Stamp, body: readonly string[] = BODY) => {
    let seal: Box | undefined;
    const pdf = await onePage((page, font) => {
      drawBody(page, font, body);
      seal = drawSeal(page, font, stamp);
    });
    const visible = seal as Box;
    const left = Math.max(0, visible.left);
    const right = Math.min(1, visible.left + visible.width);
    pages.push({ name, variant: 'hard', pdf, seals: [{ ...visible, left, width: right - left }], signatures: [], labels: [] });
  };
  await hard('seal-16mm-personal', { x: 420, y: 620, mm: 16, ratio: 1, turn: 0, colour: RED, opacity: 0.9, worn: false });
  await hard('seal-half-off-the-edge', { x: 580, y: 500, mm: 40, ratio: 1, turn: 30, colour: RED, opacity: 0.9, worn: false });
  await hard('seal-on-dense-text', { x: 250, y: 200, mm: 40, ratio: 1, turn: 75, colour: FAINT, opacity: 0.6, worn: true }, [...BODY, ...BODY]);
  const negative = async (name: string, draw: (page: PDFPage, font: PDFFont) => void) => pages.push({ name, variant: 'no seal', pdf: await onePage(draw), seals: [], signatures: [], labels: [] });
  await negative('red-letterhead', (page, font) => {
    page.drawText('福州某某建设工程有限公司文件', { x: 70, y: H - 90, size: 30, font, color: RED });
    page.drawLine({ start: { x: 50, y: H - 120 }, end: { x: W - 50, y: H - 120 }, thickness: 2.5, color: RED });
    drawBody(page, font, BODY.slice(1), BLACK, 13, 160);
  });
  await negative('red-paragraph', (page, font) => {
    drawBody(page, font, BODY.slice(0, 3));
    drawBody(page, font, ['特别提示：逾期未付款项按日万分之五计收违约金，', '并承担律师费、诉讼费等实现债权的费用。', '本函一式两份，双方各执一份，具有同等法律效力。', '如有异议请于收到本函之日起七日内书面提出。'], RED, 13, 250);
  });
  await negative('red-large-characters', (page, font) => {
    drawBody(page, font, BODY);
    page.drawText('急', { x: 420, y: H - 640, size: 90, font, color: RED });
    page.drawText('已核', { x: 120, y: H - 700, size: 60, font, color: RED });
  });
  await negative('red-table', (page, font) => {
    drawBody(page, font, BODY.slice(0, 2));
    for (let row = 0; row <= 6; row++) page.drawLine({ start: { x: 60, y: H - 200 - row * 30 }, end: { x: 535, y: H - 200 - row * 30 }, thickness: 1.2, color: RED });
    for (const x of [60, 200, 320, 430, 535]) page.drawLine({ start: { x, y: H - 200 }, end: { x, y: H - 380 }, thickness: 1.2, color: RED });
    ['项目', '数量', '单价', '金额'].forEach((text, i) => page.drawText(text, { x: 70 + i * 120, y: H - 222, size: 12, font, color: RED }));
  });
  await negative('red-square-frame', (page, font) => {
    drawBody(page, font, BODY);
    page.drawRectangle({ x: 380, y: H - 720, width: 110, height: 110, borderColor: RED, borderWidth: 3 });
    page.drawText('审核通过', { x: 395, y: H - 670, size: 20, font, color: RED });
  });
  await negative('black-round-logo', (page, font) => {
    drawBody(page, font, BODY);
    page.drawEllipse({ x: 450, y: H - 650, xScale: 55, yScale: 55, borderColor: BLACK, borderWidth: 4 });
    page.drawText('某某集团', { x: 415, y: H - 655, size: 16, font, color: BLACK });
  });
  await negative('red-dot-logo', (page, font) => {
    drawBody(page, font, BODY);
    page.drawEllipse({ x: 460, y: H - 660, xScale: 40, yScale: 40, color: RED });
  });
  await negative('red-ticks-and-underlines', (page, font) => {
    drawBody(page, font, BODY);
    page.drawLine({ start: { x: 60, y: H - 158 }, end: { x: 420, y: H - 158 }, thickness: 1.5, color: RED });
    for (const y of [300, 380, 460]) page.drawSvgPath('M 0 0 L 12 14 L 40 -26', { x: 480, y: H - y, borderColor: RED, borderWidth: 3 });
  });
  await negative('red-round-logo-in-letterhead', (page, font) => {
    page.drawEllipse({ x: 80, y: H - 70, xScale: 22, yScale: 22, borderColor: RED, borderWidth: 3 });
    page.drawText('某某', { x: 67, y: H - 75, size: 12, font, color: RED });
    page.drawText('福州某某建设工程有限公司', { x: 115, y: H - 78, size: 20, font, color: RED });
    drawBody(page, font, BODY.slice(1), BLACK, 13, 140);
  });
  await negative('plain-page', (page, font) => drawBody(page, font, BODY));
  return pages;
}

/** Pages with a signature label and a handwritten signature, or without one. */
export async function signatureCorpus(): Promise<CorpusPage[]> {
  const next = random(29);
  const pages: CorpusPage[] = [];
  const size = 13;
  const labelText = '债务人（签字）：';
  const page = async (name: string, variant: string, draw: (page: PDFPage, font: PDFFont, label: { x: number; y: number; width: number }) => Box | undefined, withSeal = false) => {
    let label: TextLine | undefined;
    let signature: Box | undefined;
    let seal: Box | undefined;
    const y = 560 + Math.round(next() * 160);
    const x = 60 + Math.round(next() * 160);
    const pdf = await onePage((p, font) => {
      drawBody(p, font, BODY.slice(0, 6));
      p.drawText(labelText, { x, y: H - y, size, font, color: BLACK });
      const width = font.widthOfTextAtSize(labelText, size);
      label = { page: 1, text: labelText, bbox: box(x, H - y + size * 0.95, width, size * 1.2), confidence: 0.9, engine: 'tesseract' };
      signature = draw(p, font, { x: x + width + 6, y: H - y, width });
      if (withSeal) seal = drawSeal(p, font, { x: x + width + 40, y: y - 10, mm: 40, ratio: 1, turn: 25, colour: RED, opacity: 0.85, worn: false });
    });
    pages.push({ name, variant, pdf, seals: seal ? [seal] : [], signatures: signature ? [signature] : [], labels: [label as TextLine] });
  };
  const scribbles = {
    // Chinese-like: three characters of joined, slanting strokes, about twice the printed height.
    chinese: 'M 0 0 C 6 -18, 14 -24, 18 -8 L 10 12 C 16 6, 22 10, 26 -4 M 34 -14 C 40 -22, 52 -20, 46 0 C 42 10, 52 14, 60 4 L 56 -16 M 70 -6 C 80 -26, 92 -20, 86 -2 C 82 10, 96 16, 104 -10',
    cursive: 'M 0 0 C 10 -30, 20 20, 30 -5 S 45 -25, 55 0 C 62 12, 70 -18, 80 -4 S 100 10, 118 -12 C 124 -20, 128 -6, 140 -8',
  };
  for (const [kind, path] of Object.entries(scribbles)) {
    for (const ink of ['black', 'blue'] as const) {
      for (const scale of [0.8, 1, 1.3]) {
        await page(`signature-${kind}-${ink}-x${scale}`, `${kind}, ${ink}`, (p, _font, at) => {
          const x = at.x + 4;
          p.drawSvgPath(path, { x, y: at.y + 4, scale, borderColor: ink === 'blue' ? BLUE : BLACK, borderWidth: 1.6 });
          return box(x - 2, at.y + 4 + 28 * scale, 145 * scale, 56 * scale);
        });
      }
    }
  }
  await page('signature-under-seal', 'under a seal', (p, _font, at) => {
    p.drawSvgPath(scribbles.cursive, { x: at.x + 4, y: at.y + 4, borderColor: BLACK, borderWidth: 1.6 });
    return box(at.x + 2, at.y + 32, 145, 56);
  }, true);
  const none = (name: string, draw: (p: PDFPage, font: PDFFont, at: { x: number; y: number }) => void) => page(name, 'no signature', (p, font, at) => {
    draw(p, font, at);
    return undefined;
  });
  await none('blank', () => undefined);
  await none('underline', (p, _font, at) => p.drawLine({ start: { x: at.x, y: at.y - 3 }, end: { x: at.x + 160, y: at.y - 3 }, thickness: 0.8, color: BLACK }));
  await none('printed-name', (p, font, at) => p.drawText('张建国', { x: at.x, y: at.y, size, font, color: BLACK }));
  await none('printed-date', (p, font, at) => p.drawText('日期：2026年11月29日', { x: at.x + 40, y: at.y, size, font, color: BLACK }));
  await none('printed-name-underlined', (p, font, at) => {
    p.drawText('福州某某建设工程有限公司', { x: at.x, y: at.y, size, font, color: BLACK });
    p.drawLine({ start: { x: at.x, y: at.y - 3 }, end: { x: at.x + 200, y: at.y - 3 }, thickness: 0.8, color: BLACK });
  });
  await none('large-printed-name', (p, font, at) => p.drawText('福州某某建设工程有限公司', { x: at.x, y: at.y - 2, size: 20, font, color: BLACK }));
  await page('signature-small', 'small, as print', (p, _font, at) => {
    p.drawSvgPath(scribbles.chinese, { x: at.x + 4, y: at.y + 4, scale: 0.5, borderColor: BLACK, borderWidth: 1.2 });
    return box(at.x + 2, at.y + 4 + 14, 55, 28);
  });
  await page('signature-below-label', 'below the label', (p, _font, at) => {
    p.drawSvgPath(scribbles.cursive, { x: at.x - 90, y: at.y - 60, borderColor: BLACK, borderWidth: 1.6 });
    return box(at.x - 92, at.y - 60 + 28, 145, 56);
  });
  await none('seal-only', (p, font, at) => void drawSeal(p, font, { x: at.x + 40, y: H - at.y - 10, mm: 40, ratio: 1, turn: 25, colour: RED, opacity: 0.85, worn: false }));
  return pages;
}
