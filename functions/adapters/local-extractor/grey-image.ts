import { crc32, deflateSync } from 'node:zlib';
import { fileTypeFromBuffer } from 'file-type';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import UTIF from 'utif2';

/**
 * Page images in memory as OCR wants them: 8-bit greyscale, upright, not larger than needed.
 * Decoding is pure JavaScript (pngjs, jpeg-js, utif2), so it runs the same in Lambda, which has no
 * native image tools here. Only what cannot be left to Tesseract is done here: splitting
 * multi-page TIFFs, quarter turns (Tesseract's own rotation keeps the frame and would cut a turned
 * page), and shrinking oversized photos. Fine deskew is Tesseract's (Leptonica's) own.
 */
export interface GreyImage {
  width: number;
  height: number;
  /** One byte per pixel, rows top to bottom. */
  data: Uint8Array;
}

/** An image format that cannot be decoded here (it may still be one Tesseract reads). */
export class UndecodableImageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UndecodableImageError';
  }
}

/**
 * Every page of an image file as a greyscale image: one for PNG and JPEG, each page (IFD) for a
 * TIFF (a fax or a scanner's multi-page file).
 *
 * @example
 * const pages = await decodePages(tiffBytes); // [{ width: 1654, height: 2339, data }, …]
 */
export async function decodePages(bytes: Uint8Array): Promise<GreyImage[]> {
  const type = (await fileTypeFromBuffer(bytes))?.mime;
  if (type === 'image/png') {
    const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    return [fromRgba(png.width, png.height, png.data, 4)];
  }
  if (type === 'image/jpeg') {
    const decoded = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, maxResolutionInMP: 200, maxMemoryUsageInMB: 1024 });
    return [fromRgba(decoded.width, decoded.height, decoded.data, decoded.data.length / (decoded.width * decoded.height))];
  }
  if (type === 'image/tiff') {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const pages = UTIF.decode(buffer).filter((ifd) => ifd.t256 !== undefined && ifd.t257 !== undefined);
    return pages.map((ifd) => {
      UTIF.decodeImage(buffer, ifd);
      return fromRgba(ifd.width, ifd.height, UTIF.toRGBA8(ifd), 4);
    });
  }
  throw new UndecodableImageError(`images of type ${type ?? 'unknown'} are not decoded here`);
}

/** Luma of interleaved RGB(A) or grey samples. */
function fromRgba(width: number, height: number, source: ArrayLike<number>, channels: number): GreyImage {
  const data = new Uint8Array(width * height);
  if (channels < 3) {
    for (let i = 0; i < data.length; i++) data[i] = source[i * channels] as number;
    return { width, height, data };
  }
  for (let i = 0, at = 0; i < data.length; i++, at += channels) {
    data[i] = (77 * (source[at] as number) + 150 * (source[at + 1] as number) + 29 * (source[at + 2] as number)) >> 8;
  }
  return { width, height, data };
}

/**
 * The image turned clockwise by `degrees` (0, 90, 180 or 270).
 *
 * @example
 * rotateQuarter({ width: 2, height: 1, data: Uint8Array.of(1, 2) }, 90) // { width: 1, height: 2, data: [1, 2] }
 */
export function rotateQuarter(image: GreyImage, degrees: 0 | 90 | 180 | 270): GreyImage {
  const { width, height, data } = image;
  if (degrees === 0) return image;
  const out = new Uint8Array(data.length);
  if (degrees === 180) {
    for (let i = 0; i < data.length; i++) out[data.length - 1 - i] = data[i] as number;
    return { width, height, data: out };
  }
  // 90° clockwise: source (x, y) goes to (height - 1 - y, x) in an image height wide.
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const target = degrees === 90 ? x * height + (height - 1 - y) : (width - 1 - x) * height + y;
      out[target] = data[y * width + x] as number;
    }
  }
  return { width: height, height: width, data: out };
}

/**
 * The image shrunk by a whole factor (box average) so that its longer side is at most `maxSide`:
 * a 12-megapixel phone photo holds no more text than 2,000 pixels do, and OCR time grows with the
 * pixels. Smaller images are returned as they are.
 *
 * @example
 * shrinkTo(photo, 3000).width // 2016 for a 4032 × 3024 photo
 */
export function shrinkTo(image: GreyImage, maxSide: number): GreyImage {
  const factor = Math.ceil(Math.max(image.width, image.height) / maxSide);
  if (factor <= 1) return image;
  const width = Math.floor(image.width / factor);
  const height = Math.floor(image.height / factor);
  const data = new Uint8Array(width * height);
  const area = factor * factor;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let dy = 0; dy < factor; dy++) {
        const row = (y * factor + dy) * image.width + x * factor;
        for (let dx = 0; dx < factor; dx++) sum += image.data[row + dx] as number;
      }
      data[y * width + x] = Math.round(sum / area);
    }
  }
  return { width, height, data };
}

/**
 * An 8-bit greyscale PNG of the image (fast deflate: it is read once, by OCR, then dropped), with
 * its resolution recorded (Leptonica guesses 70 dpi, with a warning, when a PNG says none).
 *
 * @example
 * const png = encodeGreyPng(image, 200);
 */
export function encodeGreyPng(image: GreyImage, dpi = 200): Uint8Array {
  const { width, height, data } = image;
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) raw.set(data.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale, deflate, no filter, no interlace
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('pHYs', physical(dpi)), chunk('IDAT', deflateSync(raw, { level: 1 })), chunk('IEND', Buffer.alloc(0))]);
}

/** pHYs: pixels per metre on both axes, unit metre. */
function physical(dpi: number): Buffer {
  const body = Buffer.alloc(9);
  const perMetre = Math.round(dpi / 0.0254);
  body.writeUInt32BE(perMetre, 0);
  body.writeUInt32BE(perMetre, 4);
  body[8] = 1;
  return body;
}

function chunk(type: string, body: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), body]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}
