/**
 * What extraction yields for a document (DESIGN §6): each field with where it came from, and
 * whether a person has confirmed it. Only reviewed values count for the ledger and readiness.
 */
export type ExtractionStatus = 'pending' | 'running' | 'done' | 'failed' | 'not_applicable';

/** Field names, per document type (DESIGN §6). */
export type ExtractedFieldName =
  | 'total_amount'
  | 'amount_change'
  | 'settled_amount'
  | 'payment_amount'
  | 'acknowledged_balance'
  | 'invoice_total'
  | 'signing_date'
  | 'document_date'
  | 'payment_date'
  | 'due_date'
  | 'party_creditor'
  | 'party_debtor'
  | 'uscc'
  | 'creditor_uscc'
  | 'debtor_uscc'
  | 'contract_no'
  | 'signer'
  | 'signature_present'
  /** A red company seal (公章 / 合同专用章) seen on the page: `true`/`false`, a suggestion a reviewer confirms. */
  | 'seal_present'
  /** The date an acknowledged balance is stated at (截至…). */
  | 'balance_date'
  /** The date by which the debtor promises to pay (承诺于…前付清): a new performance date (DESIGN §7). */
  | 'promised_payment_date'
  /** The debtor's own remarks on a visit record (债务人意见), as text. */
  | 'debtor_remarks'
  /**
   * A reviewer's reading of `debtor_remarks`: `true` when they confirm the debt or promise to pay,
   * which makes a signed visit record the debtor's agreement to perform (SPC Limitation Provisions
   * Arts. 14, 19). Set only by review; no engine reads it.
   */
  | 'remarks_confirm_debt';

export interface ExtractedField {
  name: ExtractedFieldName;
  /** Money as a decimal string, dates as YYYY-MM-DD, `true`/`false` for presence, else text. */
  value: string;
  currency?: string;
  /** 0–1. */
  confidence: number;
  /** 1-based page; 0 when a reviewer entered a value that no engine found. */
  page: number;
  /** Normalised to the page: left, top, width, height in 0–1. */
  bbox?: { left: number; top: number; width: number; height: number };
  /** The source text the value was read from. */
  text: string;
  engine: string;
  reviewed: boolean;
  reviewedBy?: string;
  reviewedAt?: string;
  /** The value the engine read, when a reviewer corrected it. */
  extractedValue?: string;
}

export interface Extraction {
  status: ExtractionStatus;
  engine?: string;
  fields: ExtractedField[];
  /** E.g. a figure / uppercase (大写) mismatch. */
  warnings: string[];
  /** Why it failed or does not apply. */
  reason?: string;
  updatedAt?: string;
}

/** Names of fields holding money, and of fields holding legal dates (validated on review). */
export const MONEY_FIELDS: readonly ExtractedFieldName[] = ['total_amount', 'amount_change', 'settled_amount', 'payment_amount', 'acknowledged_balance', 'invoice_total'];
export const DATE_FIELDS: readonly ExtractedFieldName[] = ['signing_date', 'document_date', 'payment_date', 'due_date', 'balance_date', 'promised_payment_date'];

/** One line of text as an engine read it: the unit every field parser works on (DESIGN §6). */
export interface TextLine {
  /** 1-based page. */
  page: number;
  text: string;
  /** Normalised to the page (0–1), when the engine gives positions. */
  bbox?: ExtractedField['bbox'];
  /** 0–1. */
  confidence: number;
  engine: string;
}

/** A mark an engine saw on a page: where, and how sure it is. */
export interface DetectedMark {
  page: number;
  bbox?: ExtractedField['bbox'];
  confidence: number;
  engine: string;
}

/** A signature an engine saw on a page (Textract SIGNATURES, or the local ink detector). */
export type DetectedSignature = DetectedMark;

/** A red company seal (公章 / 合同专用章) an engine saw on a page: a suggestion a reviewer confirms. */
export type DetectedSeal = DetectedMark;

/** How a document came to count as signed by the debtor (DESIGN §7 evidence rules). */
export interface DebtorSignature {
  /** `sealed`: signed through this service and sealed; `confirmed_scan`: a reviewer confirmed a signature on a scan. */
  method: 'sealed' | 'confirmed_scan';
  at: string;
  signingRequestId?: string;
  confirmedBy?: string;
}
