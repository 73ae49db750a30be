// Photo decoding and thumbnail encoding in a browser worker: createImageBitmap (which honours
// EXIF orientation) and OffscreenCanvas.
import type { RgbaImage } from '../domain/face/align';
import { sniffImageFormat } from '../domain/image-format';
import { MlError } from './errors';
import type { ImageCodec } from './photo-inference';

/**
 * Photos are decoded at most this large (about 36 megapixels, 144 MB of pixels): a 12000x9000
 * photo is scaled down while decoding instead of exhausting a tablet's memory. Faces in such a
 * photo are still far above the detector's smallest size.
 */
export const MAX_DECODED_PIXELS = 36_000_000;

async function decodeBitmap(blob: Blob): Promise<ImageBitmap> {
  const bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
  const pixels = bitmap.width * bitmap.height;
  if (pixels <= MAX_DECODED_PIXELS) return bitmap;
  const scale = Math.sqrt(MAX_DECODED_PIXELS / pixels);
  const width = Math.floor(bitmap.width * scale);
  const height = Math.floor(bitmap.height * scale);
  bitmap.close();
  return createImageBitmap(blob, {
    imageOrientation: 'from-image',
    resizeWidth: width,
    resizeHeight: height,
    resizeQuality: 'high',
  });
}

function unreadable(bytes: Uint8Array): MlError {
  if (sniffImageFormat(bytes) === 'heic') {
    return new MlError(
      'unsupported-image',
      'This photo is in HEIC format, which this browser cannot read. Convert it to JPEG and add it again.',
    );
  }
  return new MlError(
    'unsupported-image',
    'This photo could not be read. The file may be damaged or cut short.',
  );
}

export const browserImageCodec: ImageCodec = {
  async decode(bytes) {
    let bitmap: ImageBitmap;
    try {
      bitmap = await decodeBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>]));
    } catch {
      throw unreadable(bytes);
    }
    try {
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext('2d', { willReadFrequently: true });
      if (!context)
        throw new MlError('unsupported-image', 'This browser cannot read photo pixels.');
      // Transparent areas (PNG) become white rather than black, as a photo print would show.
      context.fillStyle = '#fff';
      context.fillRect(0, 0, bitmap.width, bitmap.height);
      context.drawImage(bitmap, 0, 0);
      const { data, width, height } = context.getImageData(0, 0, bitmap.width, bitmap.height);
      return { width, height, data };
    } finally {
      bitmap.close();
    }
  },

  async encodeJpeg(image: RgbaImage, quality: number) {
    const canvas = new OffscreenCanvas(image.width, image.height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2d context');
    const pixels = new ImageData(new Uint8ClampedArray(image.data), image.width, image.height);
    context.putImageData(pixels, 0, 0);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality });
    return new Uint8Array(await blob.arrayBuffer());
  },
};
