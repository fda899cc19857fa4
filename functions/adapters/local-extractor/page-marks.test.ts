import { createHash } from 'node:crypto';
import jpeg from 'jpeg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractDocumentFields } from '../../core/document-fields';
import { sealPresentField } from '../../core/seal-detection';
import type { ExtractorOutput } from '../../ports/extractor';
import { scanOf } from '../../testing/cjk-pdfs';
import { signedAcknowledgementPdf } from '../../testing/sealed-scans';
import { LocalExtractor } from './local-extractor';
import { decodeImage } from './page-marks';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('seal and signature marks of the local extractor', () => {
  const extractor = new LocalExtractor();
  const lambdaLike = new LocalExtractor({ renderer: 'embedded-images' });
  afterAll(async () => {
    await extractor.close();
    await lambdaLike.close();
  });
  let scan: { png: Uint8Array; pdf: Uint8Array };
  beforeAll(async () => {
    scan = await scanOf(await signedAcknowledgementPdf(), 200, true);
  });

  it('suggests the seal and the signature of a colour scan, with their boxes, after OCR', async () => {
    // Act
    const result = (await extractor.extract({ bytes: scan.pdf, contentType: 'application/pdf', documentType: 'acknowledgement', pages: 1, sha256: sha(scan.pdf) })) as ExtractorOutput;
    // Assess: the seal's box is centred on (430 / 595, 612 / 842) = (0.723, 0.727), 0.19 wide.
    expect(result.seals?.pages).toEqual([1]);
    expect(result.seals?.found).toHaveLength(1);
    const seal = sealPresentField(result.seals as NonNullable<ExtractorOutput['seals']>);
    expect(seal).toMatchObject({ name: 'seal_present', value: 'true', page: 1, engine: 'local-marks' });
    expect((seal.bbox?.left ?? 0) + (seal.bbox?.width ?? 0) / 2).toBeCloseTo(0.723, 2);
    expect((seal.bbox?.top ?? 0) + (seal.bbox?.height ?? 0) / 2).toBeCloseTo(0.727, 2);
    expect(seal.bbox?.width).toBeCloseTo(0.195, 1);
    // The signature: found by the label OCR read, right of it.
    const signature = extractDocumentFields('acknowledgement', result.lines, result.signatures).fields.find((f) => f.name === 'signature_present');
    expect(signature).toMatchObject({ value: 'true', page: 1, engine: 'local-marks' });
    expect(signature?.bbox?.left).toBeGreaterThan(190 / 595);
    expect(signature?.bbox?.top).toBeGreaterThan(480 / 842);
    expect(signature?.bbox?.top).toBeLessThan(530 / 842);
  });

  it('finds the seal without poppler, from the scan image inside the PDF (as on Lambda)', async () => {
    // Act
    const marks = await lambdaLike.readMarks(scan.pdf, 'application/pdf', [], { scannedPages: [1] });
    // Assess
    expect(marks.seals?.found).toHaveLength(1);
    expect(marks.seals?.found[0]?.bbox?.left).toBeCloseTo((430 - 58.5) / 595, 1);
    expect(marks.signatures).toBeUndefined();
  });

  it('finds the seal on a JPEG photo of the page, and none on a greyscale scan (not searched)', async () => {
    // Prepare
    const raster = decodeImage((await scanOf(await signedAcknowledgementPdf(), 100, true)).png, 'image/png');
    const photo = jpeg.encode({ width: raster?.width ?? 0, height: raster?.height ?? 0, data: raster?.data ?? new Uint8Array() }, 60).data;
    const grey = await scanOf(await signedAcknowledgementPdf(), 100);
    // Act
    const onPhoto = await extractor.readMarks(new Uint8Array(photo), 'image/jpeg', [], { scannedPages: [1] });
    const onGrey = await extractor.readMarks(grey.pdf, 'application/pdf', [], { scannedPages: [1] });
    // Assess
    expect(onPhoto.seals?.found).toHaveLength(1);
    expect(onGrey).toEqual({});
  });

  it('does not look at digital pages (no OCR lines) or formats it does not decode', async () => {
    const digital = await signedAcknowledgementPdf();
    expect(await extractor.readMarks(digital, 'application/pdf', [{ page: 1, text: '欠款确认函', confidence: 1, engine: 'pdf-text' }])).toEqual({});
    expect(await extractor.readMarks(new Uint8Array([0x49, 0x49, 0x2a, 0]), 'image/tiff', [], { scannedPages: [1] })).toEqual({});
  });
});
