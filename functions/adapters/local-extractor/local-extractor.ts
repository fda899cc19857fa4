import type { TextLine } from '../../core/extraction';
import { ExtractionFailedError, type ExtractionInput, type Extractor, type ExtractorOutput } from '../../ports/extractor';
import { OCR_ENGINE, TesseractOcr } from './ocr';
import { PDF_TEXT_ENGINE, readPdfText } from './pdf-text';
import { embeddedPageColours, embeddedPageImages } from './page-images';
import { type ColourPages, findPageMarks, type PageMarks, pdftoppmColours } from './page-marks';
import { RasterizeError, rasterizePdf } from './rasterize';

/** A page whose text layer has fewer visible characters than this is treated as a scan. */
const MIN_TEXT_CHARACTERS = 20;

export interface LocalExtractorOptions {
  /** Tesseract workers kept (each holds the Chinese model, ~100 MB). */
  ocrWorkers?: number;
  /** At most this many pages of one document are OCRed (a scan of a 300-page file would take hours). */
  maxOcrPages?: number;
  /**
   * How scanned PDF pages become images for OCR: `pdftoppm` renders them with poppler (embedded
   * mode); `embedded-images` takes the scan image out of each page with pdfjs (Lambda, which has no
   * poppler; a page that is not an image fails with its reason).
   */
  renderer?: 'pdftoppm' | 'embedded-images';
}

/**
 * The embedded Extractor (DESIGN §6): the PDF text layer first (free and exact), OCR (Tesseract
 * chi_sim + eng) for scanned pages and images. On scanned pages and images it also looks for red
 * seals and for handwritten signatures beside the signature labels (core/seal-detection.ts):
 * suggestions a reviewer confirms.
 *
 * @example
 * const extractor = new LocalExtractor();
 * const result = await extractor.extract({ bytes, contentType: 'application/pdf', documentType: 'contract', pages: 3, sha256 });
 */
export class LocalExtractor implements Extractor {
  private readonly ocr: TesseractOcr;
  private readonly maxOcrPages: number;
  private readonly render: (bytes: Uint8Array, pages: readonly number[]) => Promise<Array<{ page: number; png: Uint8Array }>>;
  private readonly colours: ColourPages;

  constructor(options: LocalExtractorOptions = {}) {
    this.ocr = new TesseractOcr(options.ocrWorkers ?? 1);
    this.maxOcrPages = options.maxOcrPages ?? 50;
    this.render = options.renderer === 'embedded-images' ? embeddedPageImages : rasterizePdf;
    this.colours = options.renderer === 'embedded-images' ? embeddedPageColours : pdftoppmColours;
  }

  async extract(input: ExtractionInput): Promise<ExtractorOutput> {
    const lines = input.contentType === 'application/pdf' ? await this.readPdf(input.bytes) : await this.readImage(input.bytes);
    if (lines.length === 0) throw new ExtractionFailedError('no text could be read from the document (blank, or an image without legible text)');
    const engines = [...new Set(lines.map((line) => line.engine))];
    const marks = await this.readMarks(input.bytes, input.contentType, lines, { signatures: true });
    return { status: 'done', engine: engines.join('+'), lines, ...marks };
  }

  /**
   * Red seals on the scanned pages of a document (`scannedPages`, else those its lines were read
   * from by OCR; at most `maxOcrPages`) and, with `signatures`, handwritten signatures beside its
   * signature labels. Digital pages are not looked at.
   */
  async readMarks(bytes: Uint8Array, contentType: string, lines: readonly TextLine[], options: { signatures?: boolean; scannedPages?: readonly number[] } = {}): Promise<PageMarks> {
    const scannedPages = options.scannedPages?.slice(0, this.maxOcrPages);
    return findPageMarks({ bytes, contentType, lines, ...(scannedPages ? { scannedPages } : {}) }, { colours: this.colours, signatures: options.signatures ?? false });
  }

  /** OCR of every page of an image already in memory, each page of a TIFF too (used by the AWS route for Chinese scans too). */
  async readImage(bytes: Uint8Array): Promise<TextLine[]> {
    try {
      return await this.ocr.recognizePages(bytes, this.maxOcrPages);
    } catch (error) {
      throw new ExtractionFailedError(`the image could not be read by OCR: ${reason(error)}`);
    }
  }

  /** The text layer alone (no OCR): empty for a scan. */
  async readTextLayer(bytes: Uint8Array): Promise<TextLine[]> {
    return (await this.openPdf(bytes)).flatMap((page) => page.lines);
  }

  /** Text layer of each page; pages without one are rendered and OCRed. At most `maxPages` pages. */
  async readPdf(bytes: Uint8Array, maxPages?: number): Promise<TextLine[]> {
    const pages = (await this.openPdf(bytes)).slice(0, maxPages);
    const scanned = pages.filter((page) => visibleCharacters(page.lines) < MIN_TEXT_CHARACTERS).map((page) => page.page);
    const ocrLines = new Map<number, TextLine[]>();
    if (scanned.length > 0) {
      let images;
      try {
        images = await this.render(bytes, scanned.slice(0, this.maxOcrPages));
      } catch (error) {
        if (error instanceof RasterizeError) throw new ExtractionFailedError(error.message);
        throw error;
      }
      for (const image of images) {
        try {
          ocrLines.set(image.page, await this.ocr.recognize(image.png, image.page));
        } catch (error) {
          throw new ExtractionFailedError(`page ${image.page} could not be read by OCR: ${reason(error)}`);
        }
      }
    }
    return pages.flatMap((page) => ocrLines.get(page.page) ?? page.lines);
  }

  private async openPdf(bytes: Uint8Array) {
    try {
      return await readPdfText(bytes);
    } catch (error) {
      throw new ExtractionFailedError(`the PDF could not be opened: ${reason(error)}`);
    }
  }

  async close(): Promise<void> {
    await this.ocr.close();
  }
}

function visibleCharacters(lines: TextLine[]): number {
  return lines.reduce((sum, line) => sum + line.text.replace(/\s/gu, '').length, 0);
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

export { OCR_ENGINE, PDF_TEXT_ENGINE };
