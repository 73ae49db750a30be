// Photo decoding and thumbnail encoding in a browser worker. The photo's size is read from its
// header first. A JPEG is decoded straight at the size the pipeline uses (ImageDecoder with a
// desired size: the decoder scales while decoding, so a 16000x16000 photo never exists in memory
// whole). Other formats, and JPEG in browsers without ImageDecoder, are decoded whole with
// createImageBitmap and then scaled, so they are refused beyond MAX_FULL_DECODE_PIXELS. EXIF
// orientation is honoured on both paths.
import type { RgbaImage } from '../domain/face/align';
import {
  MAX_FULL_DECODE_PIXELS,
  MAX_PHOTO_PIXELS,
  photoTooLargeMessage,
  readImageHeader,
} from '../domain/image-format';
import { MlError } from './errors';
import type { ImageCodec } from './photo-inference';

/**
 * Photos are analysed at most this large (16 megapixels, 64 MB of pixels; a phone's 4032x3024
 * photo is analysed as it is). A 48-megapixel or 16000x16000 photo is scaled down while decoding:
 * its faces stay far above the detector's smallest size, and the detector's time, which grows
 * with the pixels analysed (about 4 minutes at 36 megapixels on a loaded 2-core machine), stays
 * short enough not to hold up the photos behind it.
 */
export const MAX_DECODED_PIXELS = 16_000_000;

/** The scale (at most 1) that brings `width` x `height` within MAX_DECODED_PIXELS. */
const analysisScale = (width: number, height: number) =>
  Math.min(1, Math.sqrt(MAX_DECODED_PIXELS / (width * height)));

/** Decoded pixels not yet read: an ImageBitmap or a WebCodecs VideoFrame, both upright. */
type Decoded = ImageBitmap | VideoFrame;
const uprightSize = (decoded: Decoded) =>
  decoded instanceof ImageBitmap
    ? { width: decoded.width, height: decoded.height }
    : { width: decoded.displayWidth, height: decoded.displayHeight };

async function canDecodeScaled(type: string): Promise<boolean> {
  if (typeof ImageDecoder === 'undefined') return false;
  return ImageDecoder.isTypeSupported(type).catch(() => false);
}

/**
 * A JPEG decoded at about the analysis size: the decoder scales by 1/8 steps while decoding
 * (never below the size asked for), drawImage does the rest.
 */
async function decodeJpegScaled(bytes: Uint8Array, width: number, height: number) {
  const scale = analysisScale(width, height);
  const decoder = new ImageDecoder({
    data: bytes as Uint8Array<ArrayBuffer>,
    type: 'image/jpeg',
    // In stored orientation, as the header's size; the frame's display size is upright.
    desiredWidth: Math.max(1, Math.ceil(width * scale)),
    desiredHeight: Math.max(1, Math.ceil(height * scale)),
  });
  try {
    const { image, complete } = await decoder.decode();
    if (!complete) {
      image.close();
      throw new Error('The photo ends before its last row.');
    }
    return image;
  } finally {
    decoder.close();
  }
}

function tooLarge(width: number, height: number, limit: number): MlError {
  return new MlError('unsupported-image', photoTooLargeMessage(width, height, limit));
}

/** Decodes `bytes` as few pixels as the analysis needs; refuses what is too large to decode. */
async function decodeForAnalysis(bytes: Uint8Array): Promise<Decoded> {
  const header = readImageHeader(bytes);
  if (!header) throw unreadable(bytes);
  const { width, height } = header;
  const known = width !== undefined && height !== undefined;
  if (known && width * height > MAX_PHOTO_PIXELS) {
    throw tooLarge(width, height, MAX_PHOTO_PIXELS);
  }
  if (known && header.format === 'jpeg' && (await canDecodeScaled('image/jpeg'))) {
    return decodeJpegScaled(bytes, width, height);
  }
  if (known && width * height > MAX_FULL_DECODE_PIXELS) {
    throw tooLarge(width, height, MAX_FULL_DECODE_PIXELS);
  }
  return createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>]), {
    imageOrientation: 'from-image',
  });
}

function unreadable(bytes: Uint8Array): MlError {
  if (readImageHeader(bytes)?.format === 'heic') {
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
    let decoded: Decoded;
    try {
      decoded = await decodeForAnalysis(bytes);
    } catch (error) {
      throw error instanceof MlError ? error : unreadable(bytes);
    }
    let context: OffscreenCanvasRenderingContext2D | null;
    try {
      const full = uprightSize(decoded);
      const scale = analysisScale(full.width, full.height);
      const width = Math.max(1, Math.round(full.width * scale));
      const height = Math.max(1, Math.round(full.height * scale));
      context = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
      if (!context)
        throw new MlError('unsupported-image', 'This browser cannot read photo pixels.');
      // Transparent areas (PNG) become white rather than black, as a photo print would show.
      context.fillStyle = '#fff';
      context.fillRect(0, 0, width, height);
      context.imageSmoothingQuality = 'high';
      context.drawImage(decoded, 0, 0, width, height);
    } finally {
      // Freed before the pixels are copied out: one less photo-sized buffer at the peak.
      decoded.close();
    }
    const { canvas } = context;
    const { data, width, height } = context.getImageData(0, 0, canvas.width, canvas.height);
    return { width, height, data };
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
