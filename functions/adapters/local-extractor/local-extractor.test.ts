import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractDocumentFields } from '../../core/document-fields';
import type { DocumentType } from '../../core/document-types';
import { extractorContract } from '../../ports/extractor.contract';
import { ExtractionFailedError, type ExtractionInput, type ExtractorOutput } from '../../ports/extractor';
import { makeCjkPdf, SAMPLE_CONTRACT_LINES, scanOf } from '../../testing/cjk-pdfs';
import { ONE_PIXEL_PNG } from '../../testing/pdfs';
import { requireTool } from '../../testing/system-tools';
import { LocalExtractor } from './local-extractor';

const CONTRACT = SAMPLE_CONTRACT_LINES;

function input(bytes: Uint8Array, contentType: string, documentType: DocumentType = 'contract', pages = 1): ExtractionInput {
  return { bytes, contentType, documentType, pages, sha256: createHash('sha256').update(bytes).digest('hex') };
}

extractorContract('LocalExtractor', async () => ({
  extractor: new LocalExtractor(),
  readable: { input: input(await makeCjkPdf([{ lines: CONTRACT }, { lines: ['第二页', 'Page two of the contract'] }]), 'application/pdf', 'contract', 2), expectText: '合同总价：人民币 1,234,567.89 元' },
  unreadable: input(new TextEncoder().encode('%PDF-1.7\nnot really a PDF\n%%EOF\n'), 'application/pdf'),
}));

describe('LocalExtractor', () => {
  const extractor = new LocalExtractor();
  afterAll(() => extractor.close());

  let digital: Uint8Array;
  beforeAll(async () => {
    digital = await makeCjkPdf([{ lines: CONTRACT }]);
  });

  it('reads a digital Chinese PDF from its text layer, exactly, with the box of each line', async () => {
    // Act
    const result = (await extractor.extract(input(digital, 'application/pdf'))) as ExtractorOutput;
    const { fields, warnings } = extractDocumentFields('contract', result.lines);
    // Assess
    expect(result.engine).toBe('pdf-text');
    const total = fields.find((f) => f.name === 'total_amount');
    expect(total).toMatchObject({ value: '1234567.89', currency: 'CNY', confidence: 1, page: 1, engine: 'pdf-text' });
    // Sixth line from the top, drawn at y = 770 - 5 * 28 on an 842 pt page, 56 pt from the left.
    expect(total?.bbox?.left).toBeCloseTo(56 / 595, 2);
    expect(total?.bbox?.top).toBeGreaterThan(0.2);
    expect(total?.bbox?.top).toBeLessThan(0.26);
    expect(Object.fromEntries(fields.map((f) => [f.name, f.value]))).toMatchObject({
      signing_date: '2026-11-29',
      party_debtor: '福州某某建设工程有限公司',
      party_creditor: '福建某某建材有限公司',
      debtor_uscc: '91350100M000100Y43',
      contract_no: 'HT-2026-018',
    });
    expect(warnings).toEqual([]);
  });

  it('OCRs a scanned page (a PDF with only an image) in Chinese and reads its amount and date', async () => {
    // Prepare
    const { pdf } = await scanOf(await makeCjkPdf([{ lines: ['欠款确认函', '截至2026年10月31日，我司尚欠贵司工程款：', '人民币 500,000.00 元', '确认日期：2026年11月29日'] }]));
    // Act
    const result = (await extractor.extract(input(pdf, 'application/pdf', 'acknowledgement'))) as ExtractorOutput;
    const fields = Object.fromEntries(extractDocumentFields('acknowledgement', result.lines).fields.map((f) => [f.name, f]));
    // Assess
    expect(result.engine).toBe('tesseract');
    expect(fields.acknowledged_balance?.value).toBe('500000.00');
    expect(fields.acknowledged_balance?.confidence).toBeLessThan(1);
    expect(fields.document_date?.value).toBe('2026-11-29');
  });

  it('reads a scanned page without poppler too, from the scan image inside the PDF (as on Lambda)', async () => {
    // Prepare
    const { pdf } = await scanOf(await makeCjkPdf([{ lines: ['欠款确认函', '人民币 500,000.00 元', '确认日期：2026年11月29日'] }]));
    const lambdaLike = new LocalExtractor({ renderer: 'embedded-images' });
    try {
      // Act
      const result = (await lambdaLike.extract(input(pdf, 'application/pdf', 'acknowledgement'))) as ExtractorOutput;
      const vectorOnly = lambdaLike.extract(input(await makeCjkPdf([{ lines: ['签'] }]), 'application/pdf', 'acknowledgement'));
      // Assess
      const fields = Object.fromEntries(extractDocumentFields('acknowledgement', result.lines).fields.map((f) => [f.name, f.value]));
      expect(result.engine).toBe('tesseract');
      expect(fields).toMatchObject({ acknowledged_balance: '500000.00', document_date: '2026-11-29' });
      await expect(vectorOnly).rejects.toThrow(/page 1 holds no scanned image/);
    } finally {
      await lambdaLike.close();
    }
  });

  it('reads every page of a multi-page TIFF, turning an upside-down page upright, with boxes on the page as stored', async () => {
    // Prepare: page 1 a cover letter; page 2, scanned upside down, the acknowledged balance.
    requireTool('convert', 'imagemagick');
    const cover = await scanOf(await makeCjkPdf([{ lines: ['欠款确认函', '福建某某建材有限公司：', '现就双方往来款项确认如下，详见第二页。'] }]));
    const balance = await scanOf(await makeCjkPdf([{ lines: ['截至2026年10月31日，我司尚欠贵司工程款', '人民币捌佰万零伍仟元整（¥8,005,000.00）。', '我司承诺于2027年6月30日前付清。', '确认日期：2026年11月29日'] }]));
    const dir = mkdtempSync(join(tmpdir(), 'tiff-'));
    let tiff: Uint8Array;
    try {
      writeFileSync(join(dir, '1.png'), cover.png);
      writeFileSync(join(dir, '2.png'), balance.png);
      const made = spawnSync('convert', [join(dir, '1.png'), '(', join(dir, '2.png'), '-rotate', '180', ')', '-compress', 'lzw', join(dir, 'scan.tif')], { encoding: 'utf8' });
      expect(made.status, made.stderr).toBe(0);
      tiff = new Uint8Array(readFileSync(join(dir, 'scan.tif')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // Act
    const result = (await extractor.extract(input(tiff, 'image/tiff', 'acknowledgement', 2))) as ExtractorOutput;
    const fields = Object.fromEntries(extractDocumentFields('acknowledgement', result.lines).fields.map((f) => [f.name, f]));
    // Assess
    expect(new Set(result.lines.map((line) => line.page))).toEqual(new Set([1, 2]));
    expect(fields.acknowledged_balance).toMatchObject({ value: '8005000.00', page: 2 });
    expect(fields.balance_date?.value).toBe('2026-10-31');
    expect(fields.promised_payment_date?.value).toBe('2027-06-30');
    // The second line from the top of the upright page lies near the bottom of the page as stored.
    expect(fields.acknowledged_balance?.bbox?.top).toBeGreaterThan(0.8);
  });

  it('fails with a reason on an image with no legible text', async () => {
    await expect(extractor.extract(input(ONE_PIXEL_PNG, 'image/png'))).rejects.toBeInstanceOf(ExtractionFailedError);
  });
});
