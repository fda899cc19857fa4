import { fileTypeFromBuffer } from 'file-type';
import { imageSize } from 'image-size';
import { PDFDocument } from 'pdf-lib';
import { UnprocessableDocumentError, UnsupportedMediaError } from '../core/errors';
import { type EvidenceMediaType, EXTENSIONS_BY_TYPE, nameForType } from '../core/filename';

/** Media types accepted as evidence. */
export const ACCEPTED_MEDIA_TYPES = Object.keys(EXTENSIONS_BY_TYPE) as EvidenceMediaType[];
export type AcceptedMediaType = EvidenceMediaType;
const ALIASES: Record<string, string> = { 'image/jpg': 'image/jpeg', 'image/pjpeg': 'image/jpeg', 'application/x-pdf': 'application/pdf' };
const GENERIC_TYPES = new Set(['', 'application/octet-stream', 'binary/octet-stream']);

export interface InspectedFile {
  contentType: AcceptedMediaType;
  /** The name it is kept under: the declared one, with the sniffed type's extension when it had none. */
  filename: string;
  /** Pages of a PDF; 1 for an image. */
  pages: number;
}

/**
 * Checks uploaded bytes before anything is stored: the type is sniffed from the bytes (never
 * trusted from the client) and must match what was declared (content type and file extension —
 * see {@link nameForType});
 * a PDF must be complete, unencrypted and parseable with at least one page; an image must have
 * readable dimensions and an end marker.
 *
 * @example
 * await inspectUpload(pdfBytes, { contentType: 'application/pdf', filename: 'contract.pdf' }) // { contentType: 'application/pdf', filename: 'contract.pdf', pages: 3 }
 */
export async function inspectUpload(bytes: Uint8Array, declared: { contentType?: string; filename: string }): Promise<InspectedFile> {
  if (bytes.length === 0) throw new UnprocessableDocumentError('the file is empty');
  const sniffed = (await fileTypeFromBuffer(bytes))?.mime;
  if (!isAcceptedMediaType(sniffed)) {
    throw new UnsupportedMediaError(`the file is ${sniffed ? `of type ${sniffed}` : 'of no recognised type'}; evidence must be a PDF, PNG, JPEG or TIFF`);
  }
  const declaredType = normaliseType(declared.contentType);
  if (!GENERIC_TYPES.has(declaredType) && declaredType !== sniffed) {
    throw new UnsupportedMediaError(`the file was declared as ${declaredType} but its bytes are ${sniffed}`);
  }
  const filename = nameForType(declared.filename, sniffed);
  return { contentType: sniffed, filename, pages: sniffed === 'application/pdf' ? await pdfPages(bytes) : imagePages(bytes, sniffed) };
}

/**
 * Whether a media type is one accepted as evidence.
 *
 * @example
 * isAcceptedMediaType('image/png') // true
 */
export function isAcceptedMediaType(type: string | undefined): type is AcceptedMediaType {
  return (ACCEPTED_MEDIA_TYPES as readonly string[]).includes(type ?? '');
}

function normaliseType(type: string | undefined): string {
  const bare = (type ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return ALIASES[bare] ?? bare;
}

async function pdfPages(bytes: Uint8Array): Promise<number> {
  // A complete PDF ends with %%EOF (possibly followed by a line end or a little padding).
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 1024))).toString('latin1');
  if (!tail.includes('%%EOF')) throw new UnprocessableDocumentError('the PDF is truncated: it has no end-of-file marker');
  // First a lenient parse that tolerates encryption, to tell "encrypted" apart from "broken".
  const lenient = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false }).catch(() => undefined);
  if (lenient?.isEncrypted) {
    throw new UnprocessableDocumentError('the PDF is encrypted; upload a copy without a password or usage restrictions');
  }
  let pages: number;
  try {
    const document = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true });
    pages = document.getPageCount();
  } catch (error) {
    throw new UnprocessableDocumentError(`the PDF cannot be parsed: ${(error as Error).message}`);
  }
  if (pages === 0) throw new UnprocessableDocumentError('the PDF has no pages');
  return pages;
}

function imagePages(bytes: Uint8Array, type: AcceptedMediaType): number {
  let size: { width?: number; height?: number; images?: unknown[] };
  try {
    size = imageSize(bytes);
  } catch (error) {
    throw new UnprocessableDocumentError(`the image cannot be read: ${(error as Error).message}`);
  }
  if (!size.width || !size.height) throw new UnprocessableDocumentError('the image has no dimensions');
  if (type === 'image/png' && !Buffer.from(bytes.subarray(-12)).toString('latin1').includes('IEND')) {
    throw new UnprocessableDocumentError('the PNG is truncated: it has no IEND chunk');
  }
  if (type === 'image/jpeg' && !Buffer.from(bytes.subarray(-64)).includes(Buffer.from([0xff, 0xd9]))) {
    throw new UnprocessableDocumentError('the JPEG is truncated: it has no end-of-image marker');
  }
  return size.images?.length ?? 1;
}
