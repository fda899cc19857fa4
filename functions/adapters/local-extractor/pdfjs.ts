import CSSMatrix from '@thednp/dommatrix';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | undefined;

/**
 * pdfjs-dist 5, loaded on first use (it is large, and most requests never read a PDF). In Node,
 * pdfjs takes `DOMMatrix` from the native @napi-rs/canvas when it can, and fails to load without
 * it (a matrix is built when the module loads). Lambda on arm64 has no such binary here, so a
 * pure-JavaScript DOMMatrix (@thednp/dommatrix) is installed first, everywhere, so that tests run
 * what Lambda runs. Only text extraction and image decoding are used, never rendering.
 *
 * @example
 * const { getDocument } = await loadPdfJs();
 */
export function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= (async () => {
    globalThis.DOMMatrix ??= CSSMatrix as unknown as typeof DOMMatrix;
    return import('pdfjs-dist/legacy/build/pdf.mjs');
  })();
  return pdfjs;
}
