import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractDocumentFields } from '../../core/document-fields';
import type { DocumentType } from '../../core/document-types';
import { extractorContract } from '../../ports/extractor.contract';
import { ExtractionFailedError, type ExtractionInput, type ExtractorOutput } from '../../ports/extractor';
import { makeCjkPdf, SAMPLE_CONTRACT_LINES, scanOf } from '../../testing/cjk-pdfs';
import { ONE_PIXEL_PNG } from '../../testing/pdfs';
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

  it('fails with a reason on an image with no legible text', async () => {
    await expect(extractor.extract(input(ONE_PIXEL_PNG, 'image/png'))).rejects.toBeInstanceOf(ExtractionFailedError);
  });
});
