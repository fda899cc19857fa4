import type { DocumentType } from '../core/document-types';
import type { SignatureSearch } from '../core/document-fields';
import type { TextLine } from '../core/extraction';
import type { SealSearch } from '../core/seal-detection';

/**
 * The Extractor port (DESIGN §6): reads the text lines of a stored document, with where each came
 * from, and the signatures and red seals it saw when it looked for them. The field parsers of the domain core
 * then read the lines, whatever the engine. Embedded: the PDF text layer and local OCR. AWS:
 * Textract for English scans, OCR for Chinese ones (Textract reads no Chinese).
 */
export interface ExtractionInput {
  bytes: Uint8Array;
  /** As sniffed at upload: application/pdf, image/png, image/jpeg, image/tiff. */
  contentType: string;
  documentType: DocumentType;
  pages: number;
  /** The blob's SHA-256: where an engine that reads from object storage finds the bytes. */
  sha256: string;
}

export interface ExtractorOutput {
  status: 'done';
  /** The engines that read it, e.g. `pdf-text`, `tesseract`, `textract`, joined with `+`. */
  engine: string;
  lines: TextLine[];
  /** Present when the engine looked for signatures (whether or not it found any). */
  signatures?: SignatureSearch;
  /** Present when the engine looked for red seals (scanned pages in colour), found or not. */
  seals?: SealSearch;
}

/** An asynchronous job was started (Textract, multi-page); `complete` finishes it when notified. */
export interface ExtractorJobStarted {
  status: 'started';
  engine: string;
  jobId: string;
  /** Lines already read by another engine (OCR of a Chinese scan); the job adds signatures only. */
  lines?: TextLine[];
  /** Seals already looked for locally, carried until the job completes. */
  seals?: SealSearch;
}

export type ExtractorResult = ExtractorOutput | ExtractorJobStarted;

export interface Extractor {
  /** Reads a document, or starts a job that will. Throws {@link ExtractionFailedError} when it cannot. */
  extract(input: ExtractionInput): Promise<ExtractorResult>;
  /**
   * Collects the result of a started job. Throws {@link ExtractionJobPendingError} while it is
   * still running and {@link ExtractionFailedError} when it failed.
   */
  complete?(job: ExtractorJobStarted): Promise<ExtractorOutput>;
  /** Releases workers and processes. */
  close?(): Promise<void>;
}

/** The document cannot be read (no text, unreadable image, engine refused it); `message` says why. */
export class ExtractionFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExtractionFailedError';
  }
}

/** An asynchronous job has not finished yet. */
export class ExtractionJobPendingError extends Error {
  constructor(readonly jobId: string) {
    super(`extraction job ${jobId} is still running`);
    this.name = 'ExtractionJobPendingError';
  }
}
