import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AnalyzeDocumentCommand,
  AnalyzeExpenseCommand,
  BadDocumentException,
  GetDocumentAnalysisCommand,
  StartDocumentAnalysisCommand,
  TextractClient,
} from '@aws-sdk/client-textract';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { extractDocumentFields } from '../../core/document-fields';
import type { DocumentType } from '../../core/document-types';
import type { TextLine } from '../../core/extraction';
import { extractorContract } from '../../ports/extractor.contract';
import { ExtractionFailedError, ExtractionJobPendingError, type ExtractionInput, type ExtractorJobStarted, type ExtractorOutput } from '../../ports/extractor';
import { type LocalReader, TextractExtractor } from './textract-extractor';
import { parseExpense, parseTextract, type TextractDocumentResponse } from './textract-response';

const fixture = <T = TextractDocumentResponse>(name: string): T => JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8')) as T;

// The real SDK client; aws-sdk-client-mock answers its send() with the recorded responses.
const client = new TextractClient({ region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const textract = mockClient(client);
afterEach(() => textract.reset());

/** The local engines, reading what a test says the scan holds (their own tests use real OCR). */
function localReading(lines: string[], textLayer: string[] = []): LocalReader {
  const toLines = (texts: string[]): TextLine[] => texts.map((text) => ({ page: 1, text, confidence: 0.9, engine: 'tesseract' }));
  return { readPdf: async () => toLines(lines), readImage: async () => toLines(lines), readTextLayer: async () => toLines(textLayer).map((l) => ({ ...l, confidence: 1, engine: 'pdf-text' })) };
}

const S3 = { bucket: 'evidence-blobs', key: (sha256: string) => `blobs/${sha256}` };
const NOTIFY = { snsTopicArn: 'arn:aws:sns:eu-west-1:111122223333:textract', roleArn: 'arn:aws:iam::111122223333:role/textract-publish' };
const PNG: ExtractionInput = { bytes: new Uint8Array(1000), contentType: 'image/png', documentType: 'contract', pages: 1, sha256: 'a'.repeat(64) };
const SCANNED_PDF: ExtractionInput = { bytes: new Uint8Array(1000), contentType: 'application/pdf', documentType: 'contract', pages: 2, sha256: 'b'.repeat(64) };
const ENGLISH = ['Textractor Test Document', 'Name of package: Textractor'];

describe('Textract response parser', () => {
  it('reads lines and KEY_VALUE_SET pairs of an SDK v3 response, with page, box and confidence', () => {
    // Act
    const parsed = parseTextract([fixture('test-response.json')]);
    // Assess
    expect(parsed.lines).toHaveLength(31);
    expect(parsed.keyValues).toContainEqual(expect.objectContaining({ key: 'Full Name:', value: 'Jane Doe', page: 1 }));
    expect(parsed.keyValues).toContainEqual(expect.objectContaining({ key: 'Home Address:', value: '123 Any Street, Any Town. USA' }));
    const line = parsed.lines[0] as TextLine;
    expect(line.confidence).toBeGreaterThan(0);
    expect(line.confidence).toBeLessThanOrEqual(1);
    expect(line.bbox?.width).toBeGreaterThan(0);
  });

  it('reads the older KEY / VALUE blocks', () => {
    const parsed = parseTextract([fixture('table-example-response.json')]);
    expect(parsed.keyValues.map((kv) => kv.key)).toEqual(['Description']);
    expect(parsed.keyValues[0]?.value).toBe('');
  });

  it('reads query answers, and a query left unanswered as no answer', () => {
    // Act
    const { queries } = parseTextract([fixture('queries_sample.json')]);
    // Assess
    expect(queries).toHaveLength(9);
    expect(queries.find((q) => q.alias === 'PAYSTUB_PERIOD_START_DATE')?.answers).toEqual([]);
    expect(queries.find((q) => q.alias === 'PAYSTUB_PERIOD_CURRENT_GROSS_PAY')?.answers).toEqual([expect.objectContaining({ text: '$770.00', page: 1, confidence: 0.99 })]);
    expect(parseTextract([fixture('test_queries_as_strings.json')]).queries.map((q) => [q.query, q.answers[0]?.text])).toEqual([
      ['What is the name of the package?', 'Textractor'],
      ['What is the title of the document?', 'Textractor Test Document'],
    ]);
  });

  it('gathers the answers of one query over the pages of a job, and lines by page', () => {
    // Prepare: the same query asked of two pages, answered on both.
    const page = (n: number, answer: string): TextractDocumentResponse => ({
      Blocks: [
        { BlockType: 'QUERY', Id: `q${n}`, Page: n, Query: { Text: 'What is the balance?', Alias: 'BALANCE' }, Relationships: [{ Type: 'ANSWER', Ids: [`a${n}`] }] },
        { BlockType: 'QUERY_RESULT', Id: `a${n}`, Page: n, Text: answer, Confidence: 90 },
      ],
    });
    // Act
    const { queries } = parseTextract([page(1, '$10.00'), page(2, '$20.00')]);
    const multipage = parseTextract([fixture('test_textractor_start_document_analysis_multipage_pdf_s3.json')]);
    // Assess
    expect(queries).toEqual([{ query: 'What is the balance?', alias: 'BALANCE', answers: [expect.objectContaining({ text: '$10.00', page: 1 }), expect.objectContaining({ text: '$20.00', page: 2 })] }]);
    expect(multipage.pages).toBe(2);
    expect(multipage.lines.filter((l) => l.page === 2).map((l) => l.text)).toContain('Page (2)');
  });

  it('reads signatures', () => {
    const { signatures } = parseTextract([fixture('test_signature.json')]);
    expect(signatures).toEqual([expect.objectContaining({ page: 1, confidence: 0.548, engine: 'textract', bbox: expect.objectContaining({ left: 0.3577 }) })]);
  });

  it('reads the summary fields of AnalyzeExpense', () => {
    const invoice = parseExpense([fixture('invoice-expense-response.json')]);
    expect(invoice.fields.find((f) => f.type === 'TOTAL')).toMatchObject({ value: '$6231.09', label: 'Grand Total', page: 1 });
    expect(invoice.fields.find((f) => f.type === 'DUE_DATE')?.value).toBe('01/31/2021');
    const receipt = parseExpense([fixture('test_analyze_expense_from_path.json')]);
    expect(receipt.fields.find((f) => f.type === 'TOTAL')).toMatchObject({ value: '$1810.46', currency: 'USD' });
    expect(receipt.lines.length).toBeGreaterThan(0);
  });
});

extractorContract('TextractExtractor (SDK client answered with recorded responses)', async () => {
  // A client of its own: the mocks of the tests below are reset after each of them.
  const contractClient = new TextractClient({ region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  mockClient(contractClient)
    .on(AnalyzeDocumentCommand)
    .callsFake((input: { Document?: { Bytes?: Uint8Array } }) => {
      if (input.Document?.Bytes?.length === 7) throw new BadDocumentException({ message: 'Unable to read the document', $metadata: {} });
      return fixture('test_queries_as_strings.json');
    });
  const extractor = new TextractExtractor({ client: contractClient, local: localReading(ENGLISH) });
  return {
    extractor,
    readable: { input: PNG, expectText: 'Textractor Test Document' },
    unreadable: { ...PNG, sha256: 'c'.repeat(64), bytes: new Uint8Array(7) },
    teardown: async () => undefined,
  };
});

describe('TextractExtractor', () => {
  // The contract suite's mocks are per test; these set their own.
  it('sends a single English page inline with QUERIES, FORMS, TABLES and SIGNATURES, and turns answers into labelled lines', async () => {
    // Prepare
    textract.on(AnalyzeDocumentCommand).resolves(fixture('test_signature.json') as never);
    const extractor = new TextractExtractor({ client, local: localReading(ENGLISH) });
    // Act
    const result = (await extractor.extract({ ...PNG, documentType: 'acknowledgement' })) as ExtractorOutput;
    // Assess
    const sent = textract.commandCalls(AnalyzeDocumentCommand)[0]?.args[0].input;
    expect(sent?.FeatureTypes).toEqual(expect.arrayContaining(['QUERIES', 'FORMS', 'TABLES', 'SIGNATURES']));
    expect(sent?.QueriesConfig?.Queries?.map((q) => q.Alias)).toEqual(['BALANCE', 'DOCUMENT_DATE', 'SIGNER']);
    expect(sent?.Document?.Bytes).toBeDefined();
    expect(result.engine).toBe('textract');
    const fields = extractDocumentFields('acknowledgement', result.lines, result.signatures).fields;
    expect(fields.find((f) => f.name === 'signature_present')).toMatchObject({ value: 'true', confidence: 0.548, engine: 'textract' });
  });

  it('gives a Chinese scan to OCR and asks Textract for SIGNATURES only', async () => {
    // Prepare
    textract.on(AnalyzeDocumentCommand).resolves(fixture('test_signature.json') as never);
    const extractor = new TextractExtractor({ client, local: localReading(['欠款确认函', '我司尚欠贵司工程款人民币伍拾万元整（¥500,000.00）。']) });
    // Act
    const result = (await extractor.extract({ ...PNG, documentType: 'acknowledgement' })) as ExtractorOutput;
    // Assess
    expect(textract.commandCalls(AnalyzeDocumentCommand)[0]?.args[0].input.FeatureTypes).toEqual(['SIGNATURES']);
    expect(result.engine).toBe('tesseract+textract');
    const fields = Object.fromEntries(extractDocumentFields('acknowledgement', result.lines, result.signatures).fields.map((f) => [f.name, f]));
    expect(fields.acknowledged_balance).toMatchObject({ value: '500000.00', engine: 'tesseract' });
    expect(fields.signature_present).toMatchObject({ value: 'true', engine: 'textract' });
  });

  it('adds the seals the local engine saw to both routes, inline and through an asynchronous job', async () => {
    // Prepare: the local reader reports one seal on page 1 of whatever it is asked to look at.
    const seal = { page: 1, bbox: { left: 0.6, top: 0.66, width: 0.2, height: 0.14 }, confidence: 0.9, engine: 'local-marks' };
    const asked: Array<readonly number[] | undefined> = [];
    const withSeal = (lines: string[]): LocalReader => ({
      ...localReading(lines),
      readMarks: async (_bytes, _type, _lines, options) => {
        asked.push(options?.scannedPages);
        return { seals: { engine: 'local-marks', pages: [1], found: [seal] } };
      },
    });
    textract.on(AnalyzeDocumentCommand).resolves(fixture('test_signature.json') as never);
    textract.on(StartDocumentAnalysisCommand).resolves({ JobId: 'job-3' });
    textract.on(GetDocumentAnalysisCommand).resolves(fixture('test_signature.json') as never);
    // Act
    const chinese = (await new TextractExtractor({ client, local: withSeal(['欠款确认函', '我司尚欠贵司工程款人民币伍拾万元整（¥500,000.00）。']) }).extract({ ...PNG, documentType: 'acknowledgement' })) as ExtractorOutput;
    const english = new TextractExtractor({ client, local: withSeal(ENGLISH), s3: S3 });
    const started = (await english.extract(SCANNED_PDF)) as ExtractorJobStarted;
    const completed = await english.complete(started);
    // Assess: seals and Textract's signatures side by side; an English scan is looked at on every page.
    expect(chinese.seals?.found).toEqual([seal]);
    expect(chinese.signatures?.engine).toBe('textract');
    expect(started.seals?.found).toEqual([seal]);
    expect(completed.seals?.found).toEqual([seal]);
    expect(completed.signatures?.found.length).toBeGreaterThan(0);
    expect(asked).toEqual([undefined, [1, 2]]);
  });

  it('reads a digital PDF from its text layer without calling Textract', async () => {
    const text = ['Contract price: USD 12,000.00 for the works described', 'Date of signing: 29 November 2026, Fuzhou'];
    const extractor = new TextractExtractor({ client, local: localReading([], text) });
    const result = (await extractor.extract({ ...SCANNED_PDF, pages: 1 })) as ExtractorOutput;
    expect(result.engine).toBe('pdf-text');
    expect(textract.calls()).toHaveLength(0);
    expect(extractDocumentFields('contract', result.lines).fields.find((f) => f.name === 'total_amount')).toMatchObject({ value: '12000.00', currency: 'USD' });
  });

  it('reads an invoice with AnalyzeExpense: total and due date', async () => {
    textract.on(AnalyzeExpenseCommand).resolves(fixture('invoice-expense-response.json') as never);
    const extractor = new TextractExtractor({ client, local: localReading(['INVOICE', 'Grand Total $6231.09']) });
    const result = (await extractor.extract({ ...PNG, documentType: 'invoice' })) as ExtractorOutput;
    const fields = Object.fromEntries(extractDocumentFields('invoice', result.lines).fields.map((f) => [f.name, f.value]));
    expect(fields).toMatchObject({ invoice_total: '6231.09', due_date: '2021-01-31', document_date: '2021-01-01' });
  });

  it('runs a multi-page scan as an asynchronous job on the S3 object, notifying SNS, and reads every page of the result', async () => {
    // Prepare: two result pages, joined by NextToken.
    const first = fixture('gib.json');
    const second = fixture('test_textractor_start_document_analysis_multipage_pdf_s3.json');
    textract.on(StartDocumentAnalysisCommand).resolves({ JobId: 'job-1' });
    textract.on(GetDocumentAnalysisCommand).resolves(first as never);
    textract.on(GetDocumentAnalysisCommand, { JobId: 'job-1', NextToken: first.NextToken as string }).resolves(second as never);
    const extractor = new TextractExtractor({ client, local: localReading(ENGLISH), s3: S3, notification: NOTIFY });
    // Act
    const started = await extractor.extract(SCANNED_PDF);
    const result = await extractor.complete(started as ExtractorJobStarted);
    // Assess
    expect(started).toMatchObject({ status: 'started', jobId: 'job-1' });
    const input = textract.commandCalls(StartDocumentAnalysisCommand)[0]?.args[0].input;
    expect(input?.DocumentLocation).toEqual({ S3Object: { Bucket: 'evidence-blobs', Name: `blobs/${'b'.repeat(64)}` } });
    expect(input?.NotificationChannel).toEqual({ SNSTopicArn: NOTIFY.snsTopicArn, RoleArn: NOTIFY.roleArn });
    expect(textract.commandCalls(GetDocumentAnalysisCommand).map((call) => call.args[0].input.NextToken)).toEqual([undefined, first.NextToken]);
    const texts = result.lines.map((l) => l.text);
    expect(texts).toContain('Date: 2020-03-27');
    expect(texts).toContain('Page (2)');
  });

  it.each<[string, string, new (...args: never[]) => Error]>([
    ['in progress', 'test-inprogress-response.json', ExtractionJobPendingError],
    ['failed', 'test-failed-response.json', ExtractionFailedError],
  ])('reports a job that is %s', async (_state, file, kind) => {
    textract.on(GetDocumentAnalysisCommand).resolves(fixture(file) as never);
    const extractor = new TextractExtractor({ client, local: localReading(ENGLISH), s3: S3 });
    await expect(extractor.complete({ status: 'started', engine: 'textract', jobId: 'job-2' })).rejects.toBeInstanceOf(kind);
  });

  it('turns Textract refusing a document into a failure with its reason', async () => {
    textract.on(AnalyzeDocumentCommand).rejects(new BadDocumentException({ message: 'Unable to read the document', $metadata: {} }));
    const extractor = new TextractExtractor({ client, local: localReading(ENGLISH) });
    await expect(extractor.extract(PNG)).rejects.toThrow(/BadDocumentException.*Unable to read/u);
  });

  it('refuses a multi-page scan when no bucket is configured, with a reason', async () => {
    const extractor = new TextractExtractor({ client, local: localReading(ENGLISH) });
    await expect(extractor.extract({ ...SCANNED_PDF, documentType: 'settlement' as DocumentType })).rejects.toThrow(/S3/u);
  });
});
