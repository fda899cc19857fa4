import fontkit from '@pdf-lib/fontkit';
import { BlendMode, degrees, PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { rasterizePdf } from '../adapters/local-extractor/rasterize';
import { cjkFont } from '../testing/cjk-pdfs';
import { requireTool } from '../testing/system-tools';
import type { TextLine } from './extraction';
import { detectSeals, detectSignatureMarks, hasColour, MARKS_ENGINE, type PageRaster, sealPresentField } from './seal-detection';

// Hand-made pages: drawn with pdf-lib in points (A4, 595 × 842, y up), rendered by poppler in
// colour at 150 dpi, decoded by pngjs: real rendered pixels, anti-aliasing and all.
const RED = rgb(0.85, 0.1, 0.12);
const LINES = ['欠款确认函', '经双方核对，截至2026年10月31日，我司尚欠贵司货款', '人民币捌佰万零伍仟元整（¥8,005,000.00）。', '确认单位：福州某某建设工程有限公司'];

async function render(draw: (page: PDFPage, font: PDFFont) => void, grey = false): Promise<PageRaster> {
  const document = await PDFDocument.create();
  document.registerFontkit(fontkit);
  const font = await document.embedFont(cjkFont(), { subset: true });
  const page = document.addPage([595, 842]);
  LINES.forEach((text, i) => page.drawText(text, { x: 60, y: 760 - i * 28, size: 13, font }));
  draw(page, font);
  const [image] = await rasterizePdf(new Uint8Array(await document.save()), [1], 150, !grey);
  const png = PNG.sync.read(Buffer.from((image as { png: Uint8Array }).png));
  return { width: png.width, height: png.height, channels: 4, data: png.data };
}

/** A company seal 40 mm across (113.4 pt) centred at (420, 222) pt: ring, star, name, 合同专用章. */
function companySeal(page: PDFPage, font: PDFFont, colour = RED, opacity = 0.9): void {
  const ink = { color: colour, opacity, blendMode: BlendMode.Multiply };
  page.drawEllipse({ x: 420, y: 222, xScale: 56.7, yScale: 56.7, borderColor: colour, borderOpacity: opacity, borderWidth: 3.5, blendMode: BlendMode.Multiply });
  page.drawSvgPath('M 0 -17 L 5 -5 L 17 -5 L 7 2 L 11 15 L 0 7 L -11 15 L -7 2 L -17 -5 L -5 -5 Z', { x: 420, y: 226, ...ink });
  [...'福州某某建设工程有限公司'].forEach((char, i) => {
    const angle = (200 - i * 20) * (Math.PI / 180);
    page.drawText(char, { x: 420 + 40 * Math.cos(angle) - 6, y: 222 + 40 * Math.sin(angle) - 6, size: 12, font, rotate: degrees((angle * 180) / Math.PI - 90), ...ink });
  });
  page.drawText('合同专用章', { x: 392, y: 190, size: 11, font, ...ink });
}

beforeAll(() => requireTool('pdftoppm', 'poppler-utils'));

describe('red seal detection', () => {
  it('finds a company seal stamped over the text, with its box on the page', async () => {
    // Prepare: the seal covers the company's name line (614 pt from the top).
    const raster = await render((page, font) => {
      page.drawText('福州某某建设工程有限公司（盖章）', { x: 330, y: 228, size: 13, font });
      companySeal(page, font);
    });
    // Act
    const seals = detectSeals(raster, 2);
    // Assess: centre (420, 842 - 222 = 620) pt, radius 56.7 pt (+1.75 pt of ring outside the path):
    // left (420 - 58.45) / 595 = 0.6076, top (620 - 58.45) / 842 = 0.6669, 0.1965 × 0.1388.
    expect(seals).toHaveLength(1);
    const [seal] = seals;
    expect(seal).toMatchObject({ page: 2, engine: MARKS_ENGINE });
    expect(seal?.confidence).toBeGreaterThan(0.8);
    expect(seal?.bbox?.left).toBeCloseTo(0.6076, 2);
    expect(seal?.bbox?.top).toBeCloseTo(0.6669, 2);
    expect(seal?.bbox?.width).toBeCloseTo(0.1965, 2);
    expect(seal?.bbox?.height).toBeCloseTo(0.1388, 2);
  });

  it('finds a faint pink stamp', async () => {
    // Prepare: pale ink at half strength, about 245/190/190 on white.
    const raster = await render((page, font) => companySeal(page, font, rgb(0.93, 0.45, 0.45), 0.5));
    // Act
    const seals = detectSeals(raster, 1);
    // Assess
    expect(seals).toHaveLength(1);
    expect(seals[0]?.bbox?.left).toBeCloseTo(0.6076, 1);
  });

  it('takes no red letterhead, red rule, red paragraph or red square frame for a seal', async () => {
    // Prepare
    const raster = await render((page, font) => {
      page.drawText('福州某某建设工程有限公司文件', { x: 70, y: 800, size: 30, font, color: RED });
      page.drawLine({ start: { x: 50, y: 790 }, end: { x: 545, y: 790 }, thickness: 2.5, color: RED });
      ['逾期未付款项按日万分之五计收违约金，', '并承担律师费、诉讼费等实现债权的费用。'].forEach((text, i) => page.drawText(text, { x: 60, y: 600 - i * 28, size: 13, font, color: RED }));
      page.drawRectangle({ x: 380, y: 150, width: 110, height: 110, borderColor: RED, borderWidth: 3 });
      page.drawText('审核通过', { x: 395, y: 200, size: 20, font, color: RED });
    });
    // Act + Assess
    expect(detectSeals(raster, 1)).toEqual([]);
  });

  it('finds the seal of a phone photo under warm light and a shadow, and takes cream paper for paper', async () => {
    // Prepare: tungsten light turns white paper to 255/219/184; the seal's corner lies in a shadow
    // darkening it to 60% (153/132/110: nearly the hue of a faded stamp); ±8 of sensor noise.
    const underLamp = (raster: PageRaster): PageRaster => {
      const data = new Uint8Array(raster.data.length);
      let seed = 3;
      const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 16;
      for (let y = 0; y < raster.height; y++) {
        for (let x = 0; x < raster.width; x++) {
          const at = (y * raster.width + x) * 4;
          const shade = x > raster.width / 2 && y > raster.height / 2 ? 0.6 : 1;
          [1, 0.86, 0.72].forEach((tint, c) => (data[at + c] = Math.max(0, Math.min(255, Math.round((raster.data[at + c] as number) * tint * shade + noise())))));
          data[at + 3] = 255;
        }
      }
      return { ...raster, data };
    };
    const sealed = underLamp(await render((page, font) => companySeal(page, font)));
    const plain = underLamp(await render(() => undefined));
    // Act
    const seals = detectSeals(sealed, 1);
    // Assess
    expect(seals).toHaveLength(1);
    expect(seals[0]?.bbox?.left).toBeCloseTo(0.6076, 2);
    expect(detectSeals(plain, 1)).toEqual([]);
  });

  it('tells a greyscale scan (no colour to judge a seal by) from a colour one', async () => {
    // Prepare: the same seal, rendered once in grey.
    const colour = await render((page, font) => companySeal(page, font));
    const grey = await render((page, font) => companySeal(page, font), true);
    // Act + Assess
    expect(hasColour(colour)).toBe(true);
    expect(hasColour(grey)).toBe(false);
    expect(detectSeals(grey, 1)).toEqual([]);
  });
});

describe('handwritten signature detection', () => {
  // The label 债务人（签字）： drawn at (60, 300) pt in 13 pt type, as OCR would box it.
  const label: TextLine = { page: 1, text: '债务人（签字）：', bbox: { left: 60 / 595, top: (842 - 312) / 842, width: 104 / 595, height: 16 / 842 }, confidence: 0.9, engine: 'tesseract' };
  const withLabel = (draw: (page: PDFPage, font: PDFFont) => void) =>
    render((page, font) => {
      page.drawText(label.text, { x: 60, y: 300, size: 13, font });
      draw(page, font);
    });

  it('finds strokes beside the signature label that are larger than its print', async () => {
    // Prepare: a scribble 140 × 40 pt right of the label (x 170–310, y 282–322 pt).
    const raster = await withLabel((page) => page.drawSvgPath('M 0 0 C 10 -30, 20 20, 30 -5 S 45 -25, 55 0 C 62 12, 70 -18, 80 -4 S 100 10, 118 -12 C 124 -20, 128 -6, 140 -8', { x: 170, y: 304, borderColor: rgb(0.1, 0.15, 0.6), borderWidth: 1.6 }));
    // Act
    const found = detectSignatureMarks(raster, [label], 1);
    // Assess: the box lies right of the label, around the scribble.
    expect(found).toHaveLength(1);
    const box = found[0]?.bbox;
    expect(box?.left).toBeGreaterThan(165 / 595);
    expect(box?.left).toBeLessThan(180 / 595);
    expect((box?.left ?? 0) + (box?.width ?? 0)).toBeCloseTo(311 / 595, 1);
    expect(box?.top).toBeGreaterThan((842 - 330) / 842);
    expect(found[0]?.confidence).toBeGreaterThan(0.6);
  });

  it('finds no signature where the line holds only an underline and a printed name', async () => {
    // Prepare
    const raster = await withLabel((page, font) => {
      page.drawLine({ start: { x: 170, y: 297 }, end: { x: 380, y: 297 }, thickness: 0.8 });
      page.drawText('张建国', { x: 180, y: 300, size: 13, font });
    });
    // Act + Assess
    expect(detectSignatureMarks(raster, [label], 1)).toEqual([]);
  });

  it('looks nowhere when the page has no signature label', async () => {
    const raster = await render((page) => page.drawSvgPath('M 0 0 C 10 -30, 20 20, 30 -5 S 45 -25, 55 0', { x: 170, y: 304, borderWidth: 1.6 }));
    expect(detectSignatureMarks(raster, [{ ...label, text: '确认单位：福州某某建设工程有限公司' }], 1)).toEqual([]);
  });
});

describe('seal_present suggestion', () => {
  it('suggests true with the most certain seal, or false naming the pages looked at', () => {
    // Prepare
    const seal = { page: 2, bbox: { left: 0.6, top: 0.66, width: 0.2, height: 0.14 }, confidence: 0.91, engine: MARKS_ENGINE };
    // Act
    const found = sealPresentField({ engine: MARKS_ENGINE, pages: [1, 2], found: [{ ...seal, page: 1, confidence: 0.7 }, seal] });
    const none = sealPresentField({ engine: MARKS_ENGINE, pages: [1, 2], found: [] });
    // Assess
    expect(found).toEqual({ name: 'seal_present', value: 'true', confidence: 0.91, page: 2, bbox: seal.bbox, text: '2 red seals detected (page 1, 2)', engine: MARKS_ENGINE, reviewed: false });
    expect(none).toMatchObject({ name: 'seal_present', value: 'false', page: 1, text: 'no red seal detected on page 1, 2', reviewed: false });
    expect(none.bbox).toBeUndefined();
  });
});
