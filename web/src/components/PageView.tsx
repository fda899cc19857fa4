import { getDocument, GlobalWorkerOptions } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { useEffect, useRef, useState } from 'preact/hooks';

GlobalWorkerOptions.workerSrc = workerUrl;

/** A box on a page, normalised to 0–1 (as extraction reports it). */
export interface PageBox {
  left: number;
  top: number;
  width: number;
  height: number;
  label: string;
  active?: boolean;
  /** A seal or signature an engine suggests: drawn in its own colour, with its name. */
  mark?: 'seal' | 'signature';
}

/**
 * One page of a stored document (PDF rendered with pdfjs, with its CJK cMaps; or an image) with
 * boxes drawn over it, so a reviewer sees where a value was read.
 */
export function PageView({ file, contentType, page, boxes }: { file: Blob; contentType: string; page: number; boxes: PageBox[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [imageUrl, setImageUrl] = useState<string>();
  const [error, setError] = useState<string>();
  const [rendered, setRendered] = useState(false);

  useEffect(() => {
    setRendered(false);
    if (contentType !== 'application/pdf') {
      const url = URL.createObjectURL(file);
      setImageUrl(url);
      setRendered(true);
      return () => URL.revokeObjectURL(url);
    }
    let cancelled = false;
    (async () => {
      // isEvalSupported: false — the Content-Security-Policy allows no eval, and pdfjs would try it.
      const pdf = await getDocument({ data: new Uint8Array(await file.arrayBuffer()), cMapUrl: '/pdfjs/cmaps/', cMapPacked: true, standardFontDataUrl: '/pdfjs/standard_fonts/', isEvalSupported: false }).promise;
      const pdfPage = await pdf.getPage(Math.min(page, pdf.numPages));
      const target = canvas.current;
      if (cancelled || !target) return;
      const viewport = pdfPage.getViewport({ scale: 1.5 });
      target.width = viewport.width;
      target.height = viewport.height;
      await pdfPage.render({ canvas: target, viewport }).promise;
      if (!cancelled) setRendered(true);
    })().catch((caught: unknown) => !cancelled && setError(String(caught)));
    return () => {
      cancelled = true;
    };
  }, [file, contentType, page]);

  return (
    <figure class="page-view">
      <div class="page-frame" data-rendered={rendered ? 'true' : 'false'}>
        {imageUrl ? <img src={imageUrl} alt="" /> : <canvas ref={canvas} />}
        {boxes.map((box) => (
          <div
            key={box.label}
            class={`box${box.active ? ' active' : ''}${box.mark ? ` mark ${box.mark}` : ''}`}
            title={box.label}
            data-box={box.label}
            style={{ left: `${box.left * 100}%`, top: `${box.top * 100}%`, width: `${box.width * 100}%`, height: `${box.height * 100}%` }}
          />
        ))}
      </div>
      {error && <p role="alert">{error}</p>}
    </figure>
  );
}
