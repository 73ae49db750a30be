import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { MAX_PHOTO_PIXELS, photoFileProblem, readImageHeader } from '../../src/domain/image-format';
import { pngBomb, textStartingWith } from '../../scripts/fixtures/hostile-images.mjs';

const fixture = (path: string) =>
  new Uint8Array(readFileSync(new URL(`../fixtures/${path}`, import.meta.url)));

/** A real 3x2 24-bit BMP (BITMAPINFOHEADER, bottom-up rows padded to 4 bytes). */
function bmp(width = 3, height = 2): Uint8Array {
  const row = Math.ceil((width * 3) / 4) * 4;
  const bytes = new Uint8Array(54 + row * height);
  const view = new DataView(bytes.buffer);
  bytes.set([0x42, 0x4d]);
  view.setUint32(2, bytes.length, true);
  view.setUint32(10, 54, true);
  view.setUint32(14, 40, true);
  view.setInt32(18, width, true);
  view.setInt32(22, height, true);
  view.setUint16(26, 1, true);
  view.setUint16(28, 24, true);
  view.setUint32(34, row * height, true);
  return bytes;
}

describe('readImageHeader', () => {
  it('reads the stored size of every format the browsers decode', async () => {
    const source = sharp(Buffer.from(fixture('photos/bbt4.jpg'))).resize(71, 47);
    const encoded = {
      jpeg: await source.clone().jpeg().toBuffer(),
      png: await source.clone().png().toBuffer(),
      webp: await source.clone().webp().toBuffer(),
      lossless: await source.clone().webp({ lossless: true }).toBuffer(),
      gif: await source.clone().gif().toBuffer(),
      avif: await source.clone().avif().toBuffer(),
    };
    for (const [name, buffer] of Object.entries(encoded)) {
      const header = readImageHeader(new Uint8Array(buffer));
      expect(header, name).toMatchObject({ width: 71, height: 47 });
    }
    expect(readImageHeader(bmp())).toEqual({ format: 'bmp', width: 3, height: 2 });
    expect(readImageHeader(fixture('photos/bbt4.jpg'))).toEqual({
      format: 'jpeg',
      width: 710,
      height: 473,
    });
    // EXIF orientation 6: the stored pixels are sideways.
    expect(readImageHeader(fixture('bad-inputs/exif-rotated.jpg'))).toMatchObject({
      width: 473,
      height: 710,
    });
    expect(readImageHeader(fixture('bad-inputs/iphone.heic'))).toEqual({ format: 'heic' });
  });

  it('refuses a file whose first bytes look like a photo but whose header is not one', () => {
    for (const magic of ['BM', 'GIF8', '\u0089PNG\r\n\u001a\n', 'RIFF\0\0\0\0WEBP']) {
      expect(readImageHeader(textStartingWith(magic)), JSON.stringify(magic)).toBeUndefined();
    }
    expect(readImageHeader(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0, 16))).toBeUndefined();
    const noPlanes = bmp();
    noPlanes[26] = 0;
    expect(readImageHeader(noPlanes)).toBeUndefined();
  });
});

describe('photoFileProblem', () => {
  it('refuses a text file that begins with "BM", naming the formats that work', () => {
    expect(photoFileProblem(textStartingWith('BM'))).toBe(
      'This file is not a photo Rollcall can read. Use JPEG, PNG, WebP, GIF, BMP or AVIF photos.',
    );
  });

  it('refuses a PNG that claims 30000 x 30000 pixels as too large, from its header alone', () => {
    const bomb = pngBomb(30000, 30000);
    expect(bomb.length).toBeLessThan(1000);
    expect(photoFileProblem(bomb)).toBe(
      'This photo is too large for Rollcall (30000 x 30000 pixels, 900 megapixels; at most 300 here). Add a smaller copy of it.',
    );
    expect(photoFileProblem(pngBomb(17320, 17320))).toBeUndefined();
    expect(17320 * 17320).toBeLessThan(MAX_PHOTO_PIXELS);
  });

  it('accepts real photos', () => {
    expect(photoFileProblem(fixture('photos/bbt4.jpg'))).toBeUndefined();
    expect(photoFileProblem(fixture('bad-inputs/transparent.png'))).toBeUndefined();
    expect(photoFileProblem(bmp())).toBeUndefined();
  });
});
