import { mkdtemp, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { imageSize } from 'image-size';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';
import type { TextLine } from '../../core/extraction';

/**
 * OCR with Tesseract (tesseract.js: WebAssembly, so it runs the same in Node and in Lambda),
 * Simplified Chinese and English. The language models come from the npm packages
 * @tesseract.js-data/chi_sim and @tesseract.js-data/eng (the `4.0.0_best_int` LSTM models). The
 * worker reads them from a local folder (never a URL: a local `langPath` is read from disk, so
 * nothing is downloaded) with its cache off (nothing is written).
 */
export const OCR_ENGINE = 'tesseract';
// Chinese first (the primary language): it reads Chinese pages better than eng+chi_sim does. With
// it first, tesseract.js 7 prints a harmless "Error opening data file ./<garbage>.traineddata" on
// stderr once per worker.
const LANGUAGES = ['chi_sim', 'eng'] as const;
const require = createRequire(import.meta.url);

/** Path of an installed model file. */
export function modelPath(language: (typeof LANGUAGES)[number]): string {
  return join(dirname(require.resolve(`@tesseract.js-data/${language}/package.json`)), '4.0.0_best_int', `${language}.traineddata.gz`);
}

/**
 * A small pool of Tesseract workers, started on first use and kept warm (loading the Chinese
 * model takes a second or two). `recognize` waits for a free worker.
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

  constructor(private readonly size = 1) {}

  /** The lines of one page image (PNG, JPEG, TIFF…), boxes normalised to the image. */
  async recognize(image: Uint8Array, page: number): Promise<TextLine[]> {
    const { width, height } = dimensions(image);
    const worker = await this.acquire();
    try {
      const { data } = await worker.recognize(Buffer.from(image), {}, { blocks: true, text: false });
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

  async close(): Promise<void> {
    this.closed = true;
    const workers = this.idle.splice(0);
    await Promise.all(workers.map((worker) => worker.terminate()));
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
    for (const language of LANGUAGES) await symlink(modelPath(language), join(folder, `${language}.traineddata.gz`));
    return folder;
  })();
  return modelFolder;
}

async function startWorker(): Promise<Worker> {
  const worker = await createWorker([...LANGUAGES], OEM.LSTM_ONLY, { langPath: await models(), cacheMethod: 'none', gzip: true, errorHandler: () => undefined });
  // Full-page segmentation; keep the gaps between columns so labels and values stay apart.
  await worker.setParameters({ tessedit_pageseg_mode: PSM.AUTO, preserve_interword_spaces: '1', user_defined_dpi: '200' });
  return worker;
}

function dimensions(image: Uint8Array): { width: number; height: number } {
  const size = imageSize(image);
  if (!size.width || !size.height) throw new Error('the image has no dimensions');
  return { width: size.width, height: size.height };
}

const ratio = (value: number, total: number) => Math.round(Math.max(0, Math.min(1, value / total)) * 10000) / 10000;
