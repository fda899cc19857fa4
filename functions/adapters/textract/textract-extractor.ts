import {
  AnalyzeDocumentCommand,
  AnalyzeExpenseCommand,
  type FeatureType,
  GetDocumentAnalysisCommand,
  GetExpenseAnalysisCommand,
  type Query,
  StartDocumentAnalysisCommand,
  StartExpenseAnalysisCommand,
  type TextractClient,
} from '@aws-sdk/client-textract';
import type { DocumentType } from '../../core/document-types';
import type { TextLine } from '../../core/extraction';
import type { SealSearch } from '../../core/seal-detection';
import { findFigureAmounts } from '../../core/figure-amount';
import { isMostlyChinese, normalizeLine } from '../../core/text-normalize';
import { ExtractionFailedError, ExtractionJobPendingError, type ExtractionInput, type Extractor, type ExtractorJobStarted, type ExtractorOutput, type ExtractorResult } from '../../ports/extractor';
import { parseExpense, parseTextract, TEXTRACT_ENGINE, type TextractDocumentResponse, type TextractExpenseResponse } from './textract-response';

/** Largest document AnalyzeDocument / AnalyzeExpense take inline (bytes). */
export const SYNC_BYTES_LIMIT = 5 * 1024 * 1024;
const ANALYSIS = 'textract';
const EXPENSE = 'textract-expense';
const SIGNATURES_ONLY = 'textract-signatures';

/** The local engines the Textract route needs: the PDF text layer, and OCR for Chinese scans. */
export interface LocalReader {
  /** Text lines of a PDF: text layer, OCR for scanned pages; at most `maxPages` pages when given. */
  readPdf(bytes: Uint8Array, maxPages?: number): Promise<TextLine[]>;
  readImage(bytes: Uint8Array): Promise<TextLine[]>;
  /** Text layer only (no OCR): empty for a scan. */
  readTextLayer(bytes: Uint8Array): Promise<TextLine[]>;
  /** Red seals on the scanned pages (Textract has no seal feature); `scannedPages` when no OCR lines tell. */
  readMarks?(bytes: Uint8Array, contentType: string, lines: readonly TextLine[], options?: { scannedPages?: readonly number[] }): Promise<{ seals?: SealSearch }>;
}

export interface TextractExtractorOptions {
  /** Created once at module scope by the entry point, or a test's client. */
  client: TextractClient;
  local: LocalReader;
  /** Where a document's bytes are in S3 (multi-page and large documents are read from there). */
  s3?: { bucket: string; key: (sha256: string) => string };
  /** SNS topic Textract notifies when an asynchronous job ends, and the role it publishes with. */
  notification?: { snsTopicArn: string; roleArn: string };
}

/**
 * QUERIES asked of English documents, per type; each alias becomes a labelled line the field
 * parsers recognise (`Contract price: $1,000.00`). Queries are English-only in Textract.
 */
const QUERIES: Partial<Record<DocumentType, Array<Query & { label: string; money?: true }>>> = {
  contract: [
    { Text: 'What is the total contract price?', Alias: 'TOTAL_AMOUNT', label: 'Contract price', money: true },
    { Text: 'What is the date the contract was signed?', Alias: 'SIGNING_DATE', label: 'Date of signing' },
    { Text: 'What is the contract number?', Alias: 'CONTRACT_NO', label: 'Contract No.' },
    { Text: 'Who is the buyer, employer or owner?', Alias: 'DEBTOR', label: 'Buyer' },
    { Text: 'Who is the seller, supplier or contractor?', Alias: 'CREDITOR', label: 'Seller' },
  ],
  visa: [
    { Text: 'What is the amount of the variation?', Alias: 'AMOUNT_CHANGE', label: 'Change amount', money: true },
    { Text: 'What is the date of the variation?', Alias: 'DOCUMENT_DATE', label: 'Date' },
  ],
  change_negotiation: [
    { Text: 'What is the amount of the change?', Alias: 'AMOUNT_CHANGE', label: 'Change amount', money: true },
    { Text: 'What is the date of the change?', Alias: 'DOCUMENT_DATE', label: 'Date' },
  ],
  settlement: [
    { Text: 'What is the final settled amount?', Alias: 'SETTLED_AMOUNT', label: 'Settlement amount', money: true },
    { Text: 'What is the date of the settlement?', Alias: 'DOCUMENT_DATE', label: 'Date' },
  ],
  payment_record: [
    { Text: 'What is the amount paid?', Alias: 'PAYMENT_AMOUNT', label: 'Payment amount', money: true },
    { Text: 'What is the payment date?', Alias: 'PAYMENT_DATE', label: 'Payment date' },
  ],
  acknowledgement: [
    { Text: 'What is the outstanding balance acknowledged?', Alias: 'BALANCE', label: 'Outstanding balance', money: true },
    { Text: 'What is the date of the document?', Alias: 'DOCUMENT_DATE', label: 'Date' },
    { Text: 'Who signed the document?', Alias: 'SIGNER', label: 'Signed by' },
  ],
  visit_record: [
    { Text: 'What is the outstanding balance?', Alias: 'BALANCE', label: 'Outstanding balance', money: true },
    { Text: 'What is the date of the visit?', Alias: 'DOCUMENT_DATE', label: 'Date' },
    { Text: 'Who signed the record?', Alias: 'SIGNER', label: 'Signed by' },
  ],
};

/** AnalyzeExpense summary types, as labelled lines the invoice parsers read. */
const EXPENSE_LABELS: Record<string, string> = {
  TOTAL: 'Invoice total',
  AMOUNT_DUE: 'Amount due',
  DUE_DATE: 'Due date',
  INVOICE_RECEIPT_DATE: 'Invoice date',
  INVOICE_RECEIPT_ID: 'Invoice No.',
  VENDOR_NAME: 'Seller',
  RECEIVER_NAME: 'Buyer',
};

/**
 * The AWS Extractor (DESIGN §6). Digital PDFs are read from their text layer (free, exact).
 * Scans are OCRed locally first to tell their language: Chinese ones keep the OCR lines and ask
 * Textract for SIGNATURES only (it reads no Chinese); English ones go to Textract with QUERIES,
 * FORMS, TABLES and SIGNATURES, or to AnalyzeExpense for invoices. A single page of at most 5 MB
 * goes inline and synchronously; anything else is an asynchronous job on the S3 object, finished
 * by {@link complete} when Textract notifies the SNS topic.
 *
 * @example
 * const extractor = new TextractExtractor({ client: new TextractClient({}), local: new LocalExtractor(), s3, notification });
 */
export class TextractExtractor implements Extractor {
  constructor(private readonly options: TextractExtractorOptions) {}

  async extract(input: ExtractionInput): Promise<ExtractorResult> {
    const pdf = input.contentType === 'application/pdf';
    if (pdf) {
      const textLayer = await this.options.local.readTextLayer(input.bytes).catch((error: unknown) => {
        throw new ExtractionFailedError(`the PDF could not be opened: ${(error as Error).message}`);
      });
      if (coversEveryPage(textLayer, input.pages)) return { status: 'done', engine: 'pdf-text', lines: textLayer };
    }
    // Which language? OCR of the first page tells (Textract would return nothing useful for Chinese).
    const sample = pdf ? await this.options.local.readPdf(input.bytes, 1) : await this.options.local.readImage(input.bytes);
    if (isMostlyChinese(sample.map((line) => line.text).join(''))) {
      const lines = pdf && input.pages > 1 ? await this.options.local.readPdf(input.bytes) : sample;
      return withSeals(await this.signaturesOnly(input, lines), await this.seals(input, lines));
    }
    const everyPage = Array.from({ length: pdf ? input.pages : 1 }, (_, i) => i + 1);
    return withSeals(await (input.documentType === 'invoice' ? this.expense(input) : this.analysis(input)), await this.seals(input, sample, everyPage));
  }

  /** Seals are looked for locally on every route (Textract finds signatures, not seals). */
  private async seals(input: ExtractionInput, lines: readonly TextLine[], scannedPages?: readonly number[]): Promise<SealSearch | undefined> {
    return (await this.options.local.readMarks?.(input.bytes, input.contentType, lines, scannedPages ? { scannedPages } : {}))?.seals;
  }

  async complete(job: ExtractorJobStarted): Promise<ExtractorOutput> {
    const page = (token?: string) => ({ JobId: job.jobId, MaxResults: 1000, ...(token ? { NextToken: token } : {}) });
    if (job.engine === EXPENSE) return withSeals(this.expenseOutput((await this.pages(job.jobId, (token) => this.send(new GetExpenseAnalysisCommand(page(token))))) as TextractExpenseResponse[]), job.seals);
    const responses = (await this.pages(job.jobId, (token) => this.send(new GetDocumentAnalysisCommand(page(token))))) as TextractDocumentResponse[];
    const output = job.engine === SIGNATURES_ONLY ? this.signaturesOutput(job.lines ?? [], responses) : this.analysisOutput(responses);
    return job.seals ? { ...output, seals: job.seals } : output;
  }

  private async analysis(input: ExtractionInput): Promise<ExtractorResult> {
    const queries = QUERIES[input.documentType] ?? [];
    const features: FeatureType[] = ['FORMS', 'TABLES', 'SIGNATURES', ...(queries.length > 0 ? (['QUERIES'] as const) : [])];
    const queriesConfig = queries.length > 0 ? { QueriesConfig: { Queries: queries.map(({ Text, Alias }) => ({ Text, Alias, Pages: ['*'] })) } } : {};
    if (this.inline(input)) {
      const response = await this.send(new AnalyzeDocumentCommand({ Document: { Bytes: input.bytes }, FeatureTypes: features, ...queriesConfig }));
      return this.analysisOutput([response as TextractDocumentResponse], input.documentType);
    }
    const started = await this.send<{ JobId?: string }>(new StartDocumentAnalysisCommand({ DocumentLocation: this.location(input), FeatureTypes: features, ...queriesConfig, ...this.notify(input) }));
    return { status: 'started', engine: ANALYSIS, jobId: this.jobId(started) };
  }

  private async expense(input: ExtractionInput): Promise<ExtractorResult> {
    if (this.inline(input)) return this.expenseOutput([(await this.send(new AnalyzeExpenseCommand({ Document: { Bytes: input.bytes } }))) as TextractExpenseResponse]);
    const started = await this.send<{ JobId?: string }>(new StartExpenseAnalysisCommand({ DocumentLocation: this.location(input), ...this.notify(input) }));
    return { status: 'started', engine: EXPENSE, jobId: this.jobId(started) };
  }

  private async signaturesOnly(input: ExtractionInput, lines: TextLine[]): Promise<ExtractorResult> {
    if (this.inline(input)) {
      const response = await this.send(new AnalyzeDocumentCommand({ Document: { Bytes: input.bytes }, FeatureTypes: ['SIGNATURES'] }));
      return this.signaturesOutput(lines, [response as TextractDocumentResponse]);
    }
    const started = await this.send<{ JobId?: string }>(new StartDocumentAnalysisCommand({ DocumentLocation: this.location(input), FeatureTypes: ['SIGNATURES'], ...this.notify(input) }));
    return { status: 'started', engine: SIGNATURES_ONLY, jobId: this.jobId(started), lines };
  }

  private analysisOutput(responses: TextractDocumentResponse[], documentType?: DocumentType): ExtractorOutput {
    const parsed = parseTextract(responses);
    const currency = documentCurrency(parsed.lines);
    const labels = new Map((documentType ? (QUERIES[documentType] ?? []) : Object.values(QUERIES).flat()).map((q) => [q.Alias, q]));
    // Query answers and form pairs first, as labelled lines: the parsers prefer them.
    const answered: TextLine[] = parsed.queries.flatMap((query) => {
      const known = query.alias ? labels.get(query.alias) : undefined;
      return query.answers.map((answer) => ({
        page: answer.page,
        text: `${known?.label ?? query.query}: ${known?.money && findFigureAmounts(normalizeLine(answer.text)).length === 0 ? `${currency} ${answer.text}` : answer.text}`,
        ...(answer.bbox ? { bbox: answer.bbox } : {}),
        confidence: answer.confidence,
        engine: TEXTRACT_ENGINE,
      }));
    });
    const pairs: TextLine[] = parsed.keyValues.filter((kv) => kv.value).map((kv) => ({ page: kv.page, text: `${kv.key.replace(/[:：]\s*$/u, '')}: ${kv.value}`, ...(kv.bbox ? { bbox: kv.bbox } : {}), confidence: kv.confidence, engine: TEXTRACT_ENGINE }));
    const lines = [...answered, ...pairs, ...parsed.lines];
    if (lines.length === 0) throw new ExtractionFailedError('Textract found no text in the document');
    return { status: 'done', engine: TEXTRACT_ENGINE, lines, signatures: { engine: TEXTRACT_ENGINE, found: parsed.signatures } };
  }

  private signaturesOutput(lines: TextLine[], responses: TextractDocumentResponse[]): ExtractorOutput {
    if (lines.length === 0) throw new ExtractionFailedError('no text could be read from the document');
    const engines = [...new Set(lines.map((line) => line.engine)), TEXTRACT_ENGINE];
    return { status: 'done', engine: [...new Set(engines)].join('+'), lines, signatures: { engine: TEXTRACT_ENGINE, found: parseTextract(responses).signatures } };
  }

  private expenseOutput(responses: TextractExpenseResponse[]): ExtractorOutput {
    const { fields, lines } = parseExpense(responses);
    const summary: TextLine[] = fields
      .filter((field) => EXPENSE_LABELS[field.type])
      .map((field) => ({
        page: field.page,
        text: `${EXPENSE_LABELS[field.type]}: ${field.currency && findFigureAmounts(normalizeLine(field.value)).length === 0 ? `${field.currency} ${field.value}` : field.value}`,
        ...(field.bbox ? { bbox: field.bbox } : {}),
        confidence: field.confidence,
        engine: TEXTRACT_ENGINE,
      }));
    const all = [...summary, ...lines];
    if (all.length === 0) throw new ExtractionFailedError('Textract found no text in the invoice');
    return { status: 'done', engine: TEXTRACT_ENGINE, lines: all };
  }

  /** Every page of a Get* result, following NextToken; pending and failed jobs are errors. */
  private async pages(jobId: string, get: (token?: string) => Promise<{ JobStatus?: string; StatusMessage?: string; NextToken?: string }>): Promise<unknown[]> {
    const responses: unknown[] = [];
    let token: string | undefined;
    do {
      const response = await get(token);
      if (response.JobStatus === 'IN_PROGRESS') throw new ExtractionJobPendingError(jobId);
      if (response.JobStatus === 'FAILED') throw new ExtractionFailedError(`Textract could not analyse the document: ${response.StatusMessage ?? 'no reason given'}`);
      responses.push(response);
      token = response.NextToken ?? undefined;
    } while (token);
    return responses;
  }

  private inline(input: ExtractionInput): boolean {
    return input.bytes.length <= SYNC_BYTES_LIMIT && (input.contentType !== 'application/pdf' || input.pages === 1);
  }

  private location(input: ExtractionInput) {
    const s3 = this.options.s3;
    if (!s3) throw new ExtractionFailedError('documents of more than one page or over 5 MB are read by Textract from S3, and no bucket is configured');
    return { S3Object: { Bucket: s3.bucket, Name: s3.key(input.sha256) } };
  }

  private notify(input: ExtractionInput) {
    const channel = this.options.notification;
    // The tag lets the completion handler log which blob a job was about (JobTag: [a-zA-Z0-9_.\-:]{1,64}).
    return { JobTag: input.sha256.slice(0, 64), ...(channel ? { NotificationChannel: { SNSTopicArn: channel.snsTopicArn, RoleArn: channel.roleArn } } : {}) };
  }

  private jobId(started: { JobId?: string }): string {
    if (!started.JobId) throw new ExtractionFailedError('Textract started no job');
    return started.JobId;
  }

  /** Sends a command; Textract's refusals of a document (bad, unsupported, too large) become failures with its reason. */
  private async send<T>(command: { input: unknown }): Promise<T> {
    try {
      return (await this.options.client.send(command as never)) as T;
    } catch (error) {
      const name = (error as Error).name;
      if (DOCUMENT_ERRORS.has(name)) throw new ExtractionFailedError(`Textract refused the document (${name}): ${(error as Error).message}`);
      throw error;
    }
  }
}

const DOCUMENT_ERRORS = new Set(['BadDocumentException', 'UnsupportedDocumentException', 'DocumentTooLargeException', 'InvalidParameterException', 'InvalidS3ObjectException']);

/** A result with the seals found locally: on the output, or carried by the job until it completes. */
function withSeals<T extends ExtractorResult>(result: T, seals: SealSearch | undefined): T {
  return seals ? { ...result, seals } : result;
}

/** True when every page has a text layer worth reading (a digital PDF). */
function coversEveryPage(lines: TextLine[], pages: number): boolean {
  const perPage = new Map<number, number>();
  for (const line of lines) perPage.set(line.page, (perPage.get(line.page) ?? 0) + line.text.replace(/\s/gu, '').length);
  return Array.from({ length: pages }, (_, i) => perPage.get(i + 1) ?? 0).every((count) => count >= 20);
}

/** The currency most amounts of a document name, for query answers that give a bare number. */
function documentCurrency(lines: TextLine[]): string {
  const counts = new Map<string, number>();
  for (const line of lines) for (const amount of findFigureAmounts(normalizeLine(line.text))) if (amount.currency) counts.set(amount.currency, (counts.get(amount.currency) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'CNY';
}
