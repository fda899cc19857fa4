import { useEffect, useRef } from 'preact/hooks';

/**
 * A pad to draw a signature with finger, pen or mouse (pointer events). `onChange` gets the PNG as
 * base64 without the data-URL prefix, or undefined when cleared.
 */
export function SignaturePad({ label, clearLabel, onChange }: { label: string; clearLabel: string; onChange: (png: string | undefined) => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);

  useEffect(() => {
    const element = canvas.current;
    const context = element?.getContext('2d');
    if (!element || !context) return;
    context.lineWidth = 3;
    context.lineCap = 'round';
    context.strokeStyle = '#111';
    const point = (event: PointerEvent) => {
      const box = element.getBoundingClientRect();
      return [((event.clientX - box.left) * element.width) / box.width, ((event.clientY - box.top) * element.height) / box.height] as const;
    };
    const down = (event: PointerEvent) => {
      drawing.current = true;
      element.setPointerCapture(event.pointerId);
      context.beginPath();
      context.moveTo(...point(event));
    };
    const move = (event: PointerEvent) => {
      if (!drawing.current) return;
      context.lineTo(...point(event));
      context.stroke();
    };
    const up = () => {
      if (!drawing.current) return;
      drawing.current = false;
      onChange(element.toDataURL('image/png').split(',')[1]);
    };
    element.addEventListener('pointerdown', down);
    element.addEventListener('pointermove', move);
    element.addEventListener('pointerup', up);
    return () => {
      element.removeEventListener('pointerdown', down);
      element.removeEventListener('pointermove', move);
      element.removeEventListener('pointerup', up);
    };
  }, [onChange]);

  return (
    <div class="signature-pad">
      <canvas ref={canvas} width={600} height={200} aria-label={label} role="img" data-testid="signature-pad" />
      <button
        type="button"
        onClick={() => {
          canvas.current?.getContext('2d')?.clearRect(0, 0, 600, 200);
          onChange(undefined);
        }}
      >
        {clearLabel}
      </button>
    </div>
  );
}
