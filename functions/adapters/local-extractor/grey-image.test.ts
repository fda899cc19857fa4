import { describe, expect, it } from 'vitest';
import { decodePages, encodeGreyPng, rotateQuarter, shrinkTo } from './grey-image';

// A 3 × 2 image, pixels numbered row by row:
//   1 2 3
//   4 5 6
const image = { width: 3, height: 2, data: Uint8Array.of(1, 2, 3, 4, 5, 6) };

describe('page images for OCR', () => {
  it.each([
    [90, 2, 3, [4, 1, 5, 2, 6, 3]],
    [180, 3, 2, [6, 5, 4, 3, 2, 1]],
    [270, 2, 3, [3, 6, 2, 5, 1, 4]],
  ] as const)('turns an image %i° clockwise', (degrees, width, height, data) => {
    expect(rotateQuarter(image, degrees)).toEqual({ width, height, data: Uint8Array.from(data) });
  });

  it('shrinks by a whole factor, averaging each box, and leaves small images alone', () => {
    const four = { width: 4, height: 2, data: Uint8Array.of(0, 100, 200, 200, 100, 0, 200, 200) };
    expect(shrinkTo(four, 2)).toEqual({ width: 2, height: 1, data: Uint8Array.of(50, 200) });
    expect(shrinkTo(four, 4)).toBe(four);
  });

  it('writes a greyscale PNG that reads back to the same pixels', async () => {
    const [back] = await decodePages(encodeGreyPng(image));
    expect(back).toEqual(image);
  });
});
