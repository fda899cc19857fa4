import fontkit from '@pdf-lib/fontkit';
import { BlendMode, PDFDocument, rgb } from 'pdf-lib';
import { cjkFont } from './cjk-pdfs';

/**
 * An acknowledgement signed and sealed by the debtor, as a digital PDF to scan (with `scanOf`,
 * in colour): lines of text, the signature label 债务人（签字）： at (60, 322) pt in 14 pt type with a
 * pen scribble after it (x 200–340 pt, about 520 pt from the top), and a red seal 40 mm across
 * (113.4 pt; ring 3.5 pt wide) centred at (430, 842 - 230 = 612) pt from the top-left.
 *
 * @example
 * const { png, pdf } = await scanOf(await signedAcknowledgementPdf(), 200, true);
 */
export async function signedAcknowledgementPdf(): Promise<Uint8Array> {
  const red = rgb(0.85, 0.1, 0.12);
  const document = await PDFDocument.create();
  document.registerFontkit(fontkit);
  const font = await document.embedFont(cjkFont(), { subset: true });
  const page = document.addPage([595, 842]);
  ['欠款确认函', '致：福建某某建材有限公司', '截至2026年10月31日，我司尚欠贵司货款', '人民币伍拾万元整（¥500,000.00）。'].forEach((text, i) => page.drawText(text, { x: 60, y: 760 - i * 30, size: 14, font }));
  page.drawText('债务人（签字）：', { x: 60, y: 322, size: 14, font });
  page.drawSvgPath('M 0 0 C 10 -30, 20 20, 30 -5 S 45 -25, 55 0 C 62 12, 70 -18, 80 -4 S 100 10, 118 -12 C 124 -20, 128 -6, 140 -8', { x: 200, y: 326, borderWidth: 1.8 });
  page.drawEllipse({ x: 430, y: 230, xScale: 56.7, yScale: 56.7, borderColor: red, borderWidth: 3.5, blendMode: BlendMode.Multiply });
  page.drawText('福州某某建设工程有限公司', { x: 386, y: 250, size: 8, font, color: red });
  page.drawText('合同专用章', { x: 405, y: 200, size: 10, font, color: red });
  return new Uint8Array(await document.save());
}
