import { mkdtemp, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { imageSize } from 'image-size';
import { fileTypeFromBuffer } from 'file-type';
import { createWorker, OEM, PSM, type Worker, type WorkerParams } from 'tesseract.js';
import type { TextLine } from '../../core/extraction';
import { decodePages, encodeGreyPng, type GreyImage, rotateQuarter, shrinkTo, UndecodableImageError } from './grey-image';

/**
 * OCR with Tesseract (tesseract.js: WebAssembly, so it runs the same in Node and in Lambda),
 * Simplified Chinese and English. The language models come from the npm packages
 * @tesseract.js-data/chi_sim and @tesseract.js-data/eng (the `4.0.0_best_int` LSTM models), the
 * orientation model from @tesseract.js-data/osd. The
 * worker reads them from a local folder (never a URL: a local `langPath` is read from disk, so
 * nothing is downloaded) with its cache off (nothing is written).
 */
export const OCR_ENGINE = 'tesseract';
// Chinese first (the primary language): it reads Chinese pages better than eng+chi_sim does. With
// it first, tesseract.js 7 prints a harmless "Error opening data file ./<garbage>.traineddata" on
// stderr once per worker.
const LANGUAGES = ['chi_sim', 'eng'] as const;
const MODELS = [...LANGUAGES, 'osd'] as const;
const require = createRequire(import.meta.url);

/** Path of an installed model file. */
export function modelPath(language: (typeof MODELS)[number]): string {
  return join(dirname(require.resolve(`@tesseract.js-data/${language}/package.json`)), '4.0.0_best_int', `${language}.traineddata.gz`);
}

/** A page read this poorly (mean confidence of its characters) may lie on its side or upside down. */
const POOR_READ = 0.6;
/** The longer side OCR gets at most: about 280 dpi on A4; more pixels only cost time. */
export const MAX_OCR_SIDE = 3300;
/** Orientation detection needs the shape of the lines only, not legible glyphs. */
const OSD_SIDE = 1700;

/** One page to read: its file bytes, and the pixels once they had to be decoded. */
interface PageInput {
  bytes: Uint8Array;
  width: number;
  height: number;
  grey?: GreyImage;
}

/**
 * A small pool of Tesseract workers, started on first use and kept warm for every later page
 * (loading the Chinese model takes a second or two). `recognize` waits for a free worker.
 *
 * Each page is read with page segmentation as one block of text (PSM 6: a label and its value,
 * far apart on a line, stay one line, where automatic segmentation makes columns of them) and
 * deskewed by Tesseract first (`rotateAuto`). A page that reads poorly is then checked for
 * orientation (Tesseract OSD, legacy engine, model from @tesseract.js-data/osd), turned upright
 * and read again; the better reading is kept, its boxes given in the frame of the page as stored.
 * Upright pages, the common case, pay nothing for this.
 *
 * @example
 * const ocr = new TesseractOcr(1);
 * const lines = await ocr.recognize(png, 1);
 * await ocr.close();
 */
export class TesseractOcr {
  private readonly idle: Worker[] = [];
  private readonly waiting: Array<(worker: Worker) => void> = [];
  private started = 0;
  private closed = false;
  private osd: Promise<Worker> | undefined;
  private osdQueue: Promise<unknown> = Promise.resolve();

  constructor(private readonly size = 1) {}

  /** The lines of one page image (PNG, JPEG, first page of a TIFF…), boxes normalised to the image. */
  async recognize(image: Uint8Array, page: number): Promise<TextLine[]> {
    return this.readPage(await pageInput(image), page);
  }

  /**
   * The lines of every page of an image file: each page of a multi-page TIFF, numbered from
   * `firstPage`; at most `maxPages` pages.
   *
   * @example
   * const lines = await ocr.recognizePages(tiff); // lines of pages 1, 2, 3…
   */
  async recognizePages(image: Uint8Array, maxPages = Infinity, firstPage = 1): Promise<TextLine[]> {
    const type = (await fileTypeFromBuffer(image))?.mime;
    if (type !== 'image/tiff') return this.recognize(image, firstPage);
    const pages = (await decodePages(image)).slice(0, maxPages);
    const lines: TextLine[] = [];
    for (const [index, grey] of pages.entries()) {
      lines.push(...(await this.readPage(fromGrey(grey), firstPage + index)));
    }
    return lines;
  }

  private async readPage(input: PageInput, page: number): Promise<TextLine[]> {
    const first = await this.read(input.bytes, page, input.width, input.height);
    if (quality(first) >= POOR_READ) return first;
    let grey: GreyImage;
    try {
      grey = input.grey ?? ((await decodePages(input.bytes))[0] as GreyImage);
    } catch (error) {
      if (error instanceof UndecodableImageError) return first;
      throw error;
    }
    if (!grey || grey.width < 32 || grey.height < 32) return first;
    const degrees = await this.uprightTurn(grey);
    if (degrees === 0) return first;
    const upright = rotateQuarter(grey, degrees);
    const second = await this.read(encodeGreyPng(upright), page, upright.width, upright.height);
    if (quality(second) <= quality(first)) return first;
    return second.map((line) => (line.bbox ? { ...line, bbox: unturn(line.bbox, degrees) } : line));
  }

  private async read(image: Uint8Array, page: number, width: number, height: number): Promise<TextLine[]> {
    const worker = await this.acquire();
    try {
      const { data } = await worker.recognize(Buffer.from(image), { rotateAuto: true }, { blocks: true, text: false });
      const lines: TextLine[] = [];
      for (const block of data.blocks ?? []) {
        for (const paragraph of block.paragraphs) {
          for (const line of paragraph.lines) {
            const text = line.text.replace(/\s+$/u, '');
            if (text.trim() === '') continue;
            const { x0, y0, x1, y1 } = line.bbox;
            lines.push({
              page,
              text,
              bbox: { left: ratio(x0, width), top: ratio(y0, height), width: ratio(x1 - x0, width), height: ratio(y1 - y0, height) },
              confidence: Math.round(line.confidence * 10) / 1000,
              engine: OCR_ENGINE,
            });
          }
        }
      }
      return lines;
    } finally {
      this.release(worker);
    }
  }

  /** The clockwise turn that makes the page upright, by Tesseract OSD (0 when it cannot tell). */
  private async uprightTurn(grey: GreyImage): Promise<0 | 90 | 180 | 270> {
    const run = this.osdQueue.then(async () => {
      this.osd ??= startOsdWorker();
      const worker = await this.osd;
      const { data } = await worker.detect(Buffer.from(encodeGreyPng(shrinkTo(grey, OSD_SIDE))));
      // OSD reports how far the page is turned counter-clockwise: turning it clockwise by as much sets it upright.
      const degrees = data.orientation_degrees;
      return (data.orientation_confidence ?? 0) >= 1 && (degrees === 90 || degrees === 180 || degrees === 270) ? degrees : 0;
    });
    this.osdQueue = run.catch(() => undefined);
    return run.catch(() => 0 as const);
  }

  async close(): Promise<void> {
    this.closed = true;
    const workers = this.idle.splice(0);
    const osd = this.osd;
    this.osd = undefined;
    await Promise.all([...workers.map((worker) => worker.terminate()), osd?.then((worker) => worker.terminate()).catch(() => undefined)]);
  }

  private async acquire(): Promise<Worker> {
    if (this.closed) throw new Error('the OCR pool is closed');
    const idle = this.idle.pop();
    if (idle) return idle;
    if (this.started < this.size) {
      this.started++;
      try {
        return await startWorker();
      } catch (error) {
        this.started--;
        throw error;
      }
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(worker: Worker): void {
    const next = this.waiting.shift();
    if (next) next(worker);
    else if (this.closed) void worker.terminate();
    else this.idle.push(worker);
  }
}

let modelFolder: Promise<string> | undefined;

/**
 * One folder holding both models, as tesseract.js reads every language from one `langPath`: links
 * to the installed files. (Handing it the bytes instead does not work in tesseract.js 7.0.0: its
 * initialize step takes the bytes for the language name.)
 */
async function models(): Promise<string> {
  modelFolder ??= (async () => {
    const folder = await mkdtemp(join(tmpdir(), 'tesseract-models-'));
    for (const language of MODELS) await symlink(modelPath(language), join(folder, `${language}.traineddata.gz`));
    return folder;
  })();
  return modelFolder;
}

async function startWorker(): Promise<Worker> {
  const worker = await createWorker([...LANGUAGES], OEM.LSTM_ONLY, { langPath: await models(), cacheMethod: 'none', gzip: true, errorHandler: () => undefined });
  // One block of text: a line stays whole across the page. Keep the gaps between columns, so that
  // labels and values stay apart; Sauvola thresholding copes with a phone photo's uneven light.
  await worker.setParameters({ tessedit_pageseg_mode: PSM.SINGLE_BLOCK, preserve_interword_spaces: '1', user_defined_dpi: '200', thresholding_method: THRESHOLDING } as Partial<WorkerParams>);
  return worker;
}

/** Tesseract's thresholding: 0 Otsu (global), 1 LeptonicaOtsu (tiled), 2 Sauvola (local). */
const THRESHOLDING = '0';

/** The orientation detector: Tesseract's legacy engine with the OSD model (a few MB, from npm). */
async function startOsdWorker(): Promise<Worker> {
  return createWorker('osd', OEM.TESSERACT_ONLY, { langPath: await models(), cacheMethod: 'none', gzip: true, legacyCore: true, legacyLang: true, errorHandler: () => undefined });
}

/** How well a page was read: the confidence of its characters, on average (0 with almost none). */
function quality(lines: readonly TextLine[]): number {
  let characters = 0;
  let sum = 0;
  for (const line of lines) {
    const n = line.text.replace(/\s/gu, '').length;
    characters += n;
    sum += n * line.confidence;
  }
  return characters < 8 ? 0 : sum / characters;
}

/** A box on the upright page, in the frame of the page as stored (turned `degrees` counter-clockwise). */
function unturn(box: NonNullable<TextLine['bbox']>, degrees: 90 | 180 | 270): NonNullable<TextLine['bbox']> {
  const { left, top, width, height } = box;
  const round = (value: number) => Math.round(value * 10000) / 10000;
  if (degrees === 180) return { left: round(1 - left - width), top: round(1 - top - height), width, height };
  if (degrees === 90) return { left: top, top: round(1 - left - width), width: height, height: width };
  return { left: round(1 - top - height), top: left, width: height, height: width };
}

async function pageInput(bytes: Uint8Array): Promise<PageInput> {
  const { width, height } = dimensions(bytes);
  if (Math.max(width, height) <= MAX_OCR_SIDE) return { bytes, width, height };
  const [grey] = await decodePages(bytes);
  if (!grey) throw new Error('the image holds no page');
  return fromGrey(grey);
}

function fromGrey(grey: GreyImage): PageInput {
  const small = shrinkTo(grey, MAX_OCR_SIDE);
  return { bytes: encodeGreyPng(small), width: small.width, height: small.height, grey: small };
}

function dimensions(image: Uint8Array): { width: number; height: number } {
  const size = imageSize(image);
  if (!size.width || !size.height) throw new Error('the image has no dimensions');
  return { width: size.width, height: size.height };
}

const ratio = (value: number, total: number) => Math.round(Math.max(0, Math.min(1, value / total)) * 10000) / 10000;
