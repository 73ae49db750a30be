// Decodes a photo file to RGBA pixels in Node with sharp, honouring EXIF orientation as the
// browser's createImageBitmap does.
import sharp from 'sharp';
import { MlError } from '../../src/ml/errors';
import type { RgbaImage } from '../../src/ml/image';

/** A photo file (path or bytes) as upright RGBA pixels; unreadable input is 'unsupported-image'. */
export async function decodeImage(input: string | Uint8Array): Promise<RgbaImage> {
  try {
    const { data, info } = await sharp(input)
      .rotate()
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 4) throw new Error(`decoded ${info.channels} channels`);
    return {
      width: info.width,
      height: info.height,
      data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength),
    };
  } catch (error) {
    const what = typeof input === 'string' ? input : 'This photo';
    throw new MlError('unsupported-image', `${what} could not be read (${String(error)}).`);
  }
}

export const decodeImageFile = (path: string): Promise<RgbaImage> => decodeImage(path);

/** Writes RGBA pixels as a PNG (for looking at crops and boxes while tuning). */
export async function writePng(image: RgbaImage, path: string): Promise<void> {
  await sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), {
    raw: { width: image.width, height: image.height, channels: 4 },
  })
    .png()
    .toFile(path);
}
