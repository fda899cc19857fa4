import type { DetectedSignature, ExtractedField, TextLine } from '../../core/extraction';

/**
 * Reads Amazon Textract responses into what the field parsers work on: text lines with page, box
 * and confidence; key–value pairs (FORMS); query answers (QUERIES); signatures (SIGNATURES); and
 * the summary fields of AnalyzeExpense. Takes responses as the JavaScript SDK v3 returns them
 * (`$metadata`) and as boto3 saves them (`ResponseMetadata`); unknown keys are ignored. Both the
 * current `KEY_VALUE_SET` blocks and the older `KEY` / `VALUE` blocks are read.
 */
export const TEXTRACT_ENGINE = 'textract';

interface Geometry {
  BoundingBox?: { Left?: number; Top?: number; Width?: number; Height?: number };
}

export interface TextractBlock {
  BlockType?: string;
  Id?: string;
  Text?: string;
  Confidence?: number;
  Page?: number;
  Geometry?: Geometry;
  EntityTypes?: string[];
  SelectionStatus?: string;
  Relationships?: Array<{ Type?: string; Ids?: string[] }>;
  Query?: { Text?: string; Alias?: string; Pages?: string[] };
}

/** What any Textract document API returns, in either shape. */
export interface TextractDocumentResponse {
  Blocks?: TextractBlock[];
  DocumentMetadata?: { Pages?: number };
  JobStatus?: string;
  StatusMessage?: string;
  NextToken?: string;
}

export interface KeyValue {
  key: string;
  value: string;
  page: number;
  bbox?: ExtractedField['bbox'];
  confidence: number;
}

export interface QueryAnswer {
  text: string;
  page: number;
  bbox?: ExtractedField['bbox'];
  confidence: number;
}

export interface QueryResult {
  query: string;
  alias?: string;
  /** Empty when Textract found no answer; several when it found one on several pages. */
  answers: QueryAnswer[];
}

export interface ParsedTextract {
  pages: number;
  lines: TextLine[];
  keyValues: KeyValue[];
  queries: QueryResult[];
  signatures: DetectedSignature[];
}

/**
 * Parses the blocks of one or more responses (the pages of a paginated Get* result, in order).
 *
 * @example
 * const { lines, queries } = parseTextract([await client.send(new AnalyzeDocumentCommand(input))]);
 */
export function parseTextract(responses: readonly TextractDocumentResponse[]): ParsedTextract {
  const blocks = responses.flatMap((response) => response?.Blocks ?? []);
  const byId = new Map(blocks.filter((block) => block.Id).map((block) => [block.Id as string, block]));
  const related = (block: TextractBlock, type: string) => (block.Relationships ?? []).filter((r) => r.Type === type).flatMap((r) => r.Ids ?? []).map((id) => byId.get(id)).filter((b): b is TextractBlock => b !== undefined);
  const textOf = (block: TextractBlock): string =>
    related(block, 'CHILD')
      .map((child) => (child.BlockType === 'SELECTION_ELEMENT' ? (child.SelectionStatus === 'SELECTED' ? '[x]' : '') : (child.Text ?? '')))
      .filter(Boolean)
      .join(' ');
  const pageOf = (block: TextractBlock) => block.Page ?? 1;

  const lines: TextLine[] = blocks
    .filter((block) => block.BlockType === 'LINE' && block.Text)
    .map((block) => ({ page: pageOf(block), text: block.Text as string, ...box(block), confidence: confidence(block), engine: TEXTRACT_ENGINE }));

  const keyValues: KeyValue[] = [];
  for (const block of blocks) {
    const isKey = block.BlockType === 'KEY' || (block.BlockType === 'KEY_VALUE_SET' && block.EntityTypes?.includes('KEY'));
    if (!isKey) continue;
    const key = textOf(block).trim();
    const valueBlock = related(block, 'VALUE')[0];
    const value = valueBlock ? textOf(valueBlock).trim() : '';
    if (!key) continue;
    const located = valueBlock && value ? valueBlock : block;
    keyValues.push({ key, value, page: pageOf(block), ...box(located), confidence: Math.min(confidence(block), valueBlock ? confidence(valueBlock) : 1) });
  }

  // Multi-page jobs repeat a query on every page it was asked of: one result per question.
  const queries = new Map<string, QueryResult>();
  for (const block of blocks.filter((b) => b.BlockType === 'QUERY')) {
    const query = block.Query?.Text ?? '';
    const alias = block.Query?.Alias;
    const key = alias ?? query;
    const result = queries.get(key) ?? { query, ...(alias ? { alias } : {}), answers: [] };
    for (const answer of related(block, 'ANSWER')) {
      if (answer.Text) result.answers.push({ text: answer.Text, page: answer.Page ?? block.Page ?? 1, ...box(answer), confidence: confidence(answer) });
    }
    queries.set(key, result);
  }

  const signatures: DetectedSignature[] = blocks
    .filter((block) => block.BlockType === 'SIGNATURE')
    .map((block) => ({ page: pageOf(block), ...box(block), confidence: confidence(block), engine: TEXTRACT_ENGINE }));

  const pages = Math.max(...responses.map((response) => response?.DocumentMetadata?.Pages ?? 0), ...blocks.map(pageOf), 0);
  return { pages, lines, keyValues, queries: [...queries.values()], signatures };
}

export interface ExpenseField {
  type: string;
  label?: string;
  value: string;
  currency?: string;
  page: number;
  bbox?: ExtractedField['bbox'];
  confidence: number;
}

/** An AnalyzeExpense / GetExpenseAnalysis response, in either shape. */
export interface TextractExpenseResponse {
  ExpenseDocuments?: Array<{
    SummaryFields?: Array<{
      Type?: { Text?: string };
      LabelDetection?: { Text?: string };
      ValueDetection?: { Text?: string; Confidence?: number; Geometry?: Geometry };
      Currency?: { Code?: string };
      PageNumber?: number;
    }>;
    Blocks?: TextractBlock[];
  }>;
  JobStatus?: string;
  StatusMessage?: string;
  NextToken?: string;
}

/**
 * The summary fields (TOTAL, DUE_DATE, INVOICE_RECEIPT_DATE, VENDOR_NAME…) and text lines of
 * expense responses.
 *
 * @example
 * parseExpense([response]).fields.find((f) => f.type === 'TOTAL')?.value // '$1810.46'
 */
export function parseExpense(responses: readonly TextractExpenseResponse[]): { fields: ExpenseField[]; lines: TextLine[] } {
  const fields: ExpenseField[] = [];
  const blocks: TextractBlock[] = [];
  for (const response of responses) {
    for (const document of response?.ExpenseDocuments ?? []) {
      blocks.push(...(document.Blocks ?? []));
      for (const summary of document.SummaryFields ?? []) {
        const value = summary.ValueDetection?.Text?.trim();
        if (!summary.Type?.Text || !value) continue;
        fields.push({
          type: summary.Type.Text,
          ...(summary.LabelDetection?.Text ? { label: summary.LabelDetection.Text } : {}),
          value,
          ...(summary.Currency?.Code ? { currency: summary.Currency.Code } : {}),
          page: summary.PageNumber ?? 1,
          ...box({ Geometry: summary.ValueDetection?.Geometry }),
          confidence: confidence(summary.ValueDetection ?? {}),
        });
      }
    }
  }
  return { fields, lines: parseTextract([{ Blocks: blocks }]).lines };
}

function box(block: { Geometry?: Geometry }): { bbox?: ExtractedField['bbox'] } {
  const b = block.Geometry?.BoundingBox;
  if (!b || b.Left === undefined || b.Top === undefined || b.Width === undefined || b.Height === undefined) return {};
  const clamp = (v: number) => Math.round(Math.max(0, Math.min(1, v)) * 10000) / 10000;
  return { bbox: { left: clamp(b.Left), top: clamp(b.Top), width: clamp(b.Width), height: clamp(b.Height) } };
}

const confidence = (block: { Confidence?: number }) => Math.round(Math.max(0, Math.min(100, block.Confidence ?? 0)) * 10) / 1000;

/**
 * The job a Textract completion notification is about (the SNS message body Textract publishes:
 * `{"JobId", "Status", "API", "JobTag", "Timestamp", "DocumentLocation"}`); undefined when the
 * message is not one.
 *
 * @example
 * jobOfNotification('{"JobId":"abc","Status":"SUCCEEDED","API":"StartDocumentAnalysis"}') // { jobId: 'abc', status: 'SUCCEEDED' }
 */
export function jobOfNotification(message: string): { jobId: string; status: string } | undefined {
  try {
    const body = JSON.parse(message) as { JobId?: unknown; Status?: unknown };
    return typeof body.JobId === 'string' && typeof body.Status === 'string' ? { jobId: body.JobId, status: body.Status } : undefined;
  } catch {
    return undefined;
  }
}
