// What kind of file a photo is, and how large, from its header (the name and the browser's MIME
// type are not to be trusted: phones save HEIC as .jpg, and "photo.png" may be a PDF). The whole
// header is checked, not just the first bytes: a text file that happens to start with "BM" is
// not a bitmap.

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'bmp' | 'heic' | 'avif';

const MIME: Record<ImageFormat, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  bmp: 'image/bmp',
  heic: 'image/heic',
  avif: 'image/avif',
};

/**
 * The formats every supported browser decodes, named in the teacher's words wherever a file is
 * refused. HEIC is recognised (to say so plainly) but only Safari reads it, so it is not offered.
 */
export const READABLE_FORMATS_TEXT = 'JPEG, PNG, WebP, GIF, BMP or AVIF';

/**
 * The largest photo Rollcall reads, in pixels (300 megapixels, e.g. 20000 x 15000). Larger is
 * refused from the header alone, before anything is decoded: a tiny file can claim 30000 x 30000
 * pixels (a "decompression bomb", 3.6 GB once decoded).
 */
export const MAX_PHOTO_PIXELS = 300_000_000;

/**
 * The largest photo a browser may decode whole before scaling it down (50 megapixels, 200 MB of
 * pixels): every format where the browser cannot decode at a reduced size (all but JPEG, and JPEG
 * in browsers without ImageDecoder). Keeps one photo's peak memory within a tablet's means.
 */
export const MAX_FULL_DECODE_PIXELS = 50_000_000;

export interface ImageHeader {
  format: ImageFormat;
  /** Stored (coded) size, before any EXIF rotation; unknown only for HEIC without its sizes. */
  width?: number;
  height?: number;
}

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) =>
  signature.every((b, i) => bytes[at + i] === b);
const ascii = (bytes: Uint8Array, from: number, to: number) =>
  String.fromCharCode(...bytes.subarray(from, to));
const u16be = (b: Uint8Array, at: number) => ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
const u16le = (b: Uint8Array, at: number) => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
const u24le = (b: Uint8Array, at: number) => u16le(b, at) | ((b[at + 2] ?? 0) << 16);
const u32be = (b: Uint8Array, at: number) => u16be(b, at) * 0x10000 + u16be(b, at + 2);
const u32le = (b: Uint8Array, at: number) => u16le(b, at) + u16le(b, at + 2) * 0x10000;
const i32le = (b: Uint8Array, at: number) => u32le(b, at) | 0;

const sized = (format: ImageFormat, width: number, height: number): ImageHeader | undefined =>
  width > 0 && height > 0 ? { format, width, height } : undefined;

/** JPEG: markers up to the first frame header (SOFn), which holds the size. */
function jpegHeader(b: Uint8Array): ImageHeader | undefined {
  let at = 2;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) return undefined;
    const marker = b[at + 1] as number;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2; // markers without a length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return undefined; // image data before any frame
    const length = u16be(b, at + 2);
    if (length < 2) return undefined;
    const isFrame = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);
    if (isFrame) {
      if (at + 9 > b.length) return undefined;
      return sized('jpeg', u16be(b, at + 7), u16be(b, at + 5));
    }
    at += 2 + length;
  }
  return undefined;
}

/** PNG: the signature, then IHDR first with a valid bit depth and colour type. */
function pngHeader(b: Uint8Array): ImageHeader | undefined {
  if (b.length < 33 || u32be(b, 8) !== 13 || ascii(b, 12, 16) !== 'IHDR') return undefined;
  const depth = b[24] as number;
  const colour = b[25] as number;
  if (![1, 2, 4, 8, 16].includes(depth) || ![0, 2, 3, 4, 6].includes(colour)) return undefined;
  return sized('png', u32be(b, 16), u32be(b, 20));
}

/** GIF: version and the logical screen size. */
function gifHeader(b: Uint8Array): ImageHeader | undefined {
  const version = ascii(b, 0, 6);
  if ((version !== 'GIF87a' && version !== 'GIF89a') || b.length < 13) return undefined;
  return sized('gif', u16le(b, 6), u16le(b, 8));
}

/** WebP: RIFF container, then a lossy (VP8), lossless (VP8L) or extended (VP8X) first chunk. */
function webpHeader(b: Uint8Array): ImageHeader | undefined {
  if (b.length < 30) return undefined;
  const chunk = ascii(b, 12, 16);
  if (chunk === 'VP8 ') {
    if (!startsWith(b, [0x9d, 0x01, 0x2a], 23)) return undefined;
    return sized('webp', u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff);
  }
  if (chunk === 'VP8L') {
    if (b[20] !== 0x2f) return undefined;
    const bits = u32le(b, 21);
    return sized('webp', (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  if (chunk === 'VP8X') return sized('webp', u24le(b, 24) + 1, u24le(b, 27) + 1);
  return undefined;
}

const BMP_INFO_SIZES = [40, 52, 56, 64, 108, 124];

/** BMP: file header and a DIB header of a known size, one plane, a real bit depth. */
function bmpHeader(b: Uint8Array): ImageHeader | undefined {
  if (b.length < 26) return undefined;
  const dibSize = u32le(b, 14);
  const pixelOffset = u32le(b, 10);
  if (u32le(b, 6) !== 0 || pixelOffset < 14 + dibSize || pixelOffset > b.length) return undefined;
  if (dibSize === 12) {
    if (u16le(b, 22) !== 1 || ![1, 4, 8, 24].includes(u16le(b, 24))) return undefined;
    return sized('bmp', u16le(b, 18), u16le(b, 20));
  }
  if (!BMP_INFO_SIZES.includes(dibSize) || b.length < 30) return undefined;
  if (u16le(b, 26) !== 1 || ![1, 4, 8, 16, 24, 32].includes(u16le(b, 28))) return undefined;
  return sized('bmp', i32le(b, 18), Math.abs(i32le(b, 22)));
}

const HEIC_BRANDS = ['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1'];

/**
 * AVIF and HEIC (ISO base media files): the 'ftyp' brand, and the size from the image spatial
 * extent ('ispe') properties; the largest one is the whole image (the others are grid tiles or
 * thumbnails).
 */
function heifHeader(b: Uint8Array): ImageHeader | undefined {
  const boxSize = u32be(b, 0);
  if (boxSize < 12 || boxSize > b.length) return undefined;
  const brand = ascii(b, 8, 12);
  const format: ImageFormat | undefined = brand.startsWith('avi')
    ? 'avif'
    : HEIC_BRANDS.includes(brand)
      ? 'heic'
      : undefined;
  if (!format) return undefined;
  let width = 0;
  let height = 0;
  const end = Math.min(b.length, 1 << 20) - 16;
  for (let at = 12; at < end; at++) {
    // 'ispe'
    if (b[at] !== 0x69 || b[at + 1] !== 0x73 || b[at + 2] !== 0x70 || b[at + 3] !== 0x65) continue;
    const w = u32be(b, at + 8);
    const h = u32be(b, at + 12);
    if (w * h > width * height) [width, height] = [w, h];
  }
  if (width > 0 && height > 0) return { format, width, height };
  // HEIC is recognised without its size, to tell the teacher plainly that it cannot be read.
  return format === 'heic' ? { format } : undefined;
}

/**
 * The format a file's first bytes (its magic number) announce, without checking the rest of the
 * header. For files already stored: a restore checks that a photo's bytes are the type it
 * declares (never text or HTML), without refusing a backup over a photo an older Rollcall took.
 */
export function signatureFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp';
  if (ascii(bytes, 0, 3) === 'GIF') return 'gif';
  if (ascii(bytes, 0, 2) === 'BM') return 'bmp';
  if (ascii(bytes, 4, 8) === 'ftyp') {
    const brand = ascii(bytes, 8, 12);
    if (brand.startsWith('avi')) return 'avif';
    if (HEIC_BRANDS.includes(brand)) return 'heic';
  }
  return undefined;
}

/** The format and stored size of a photo file, or undefined when its header is not a photo's. */
export function readImageHeader(bytes: Uint8Array): ImageHeader | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return jpegHeader(bytes);
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return pngHeader(bytes);
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return webpHeader(bytes);
  if (ascii(bytes, 0, 3) === 'GIF') return gifHeader(bytes);
  if (ascii(bytes, 0, 2) === 'BM') return bmpHeader(bytes);
  if (ascii(bytes, 4, 8) === 'ftyp') return heifHeader(bytes);
  return undefined;
}

export function sniffImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  return readImageHeader(bytes)?.format;
}

export function mimeTypeOf(format: ImageFormat): string {
  return MIME[format];
}

/** The refusal for a photo beyond what Rollcall reads, with its size in the teacher's units. */
export function photoTooLargeMessage(width: number, height: number, limit: number): string {
  const megapixels = (pixels: number) => Math.round(pixels / 1_000_000);
  return (
    `This photo is too large for Rollcall (${width} x ${height} pixels, ` +
    `${megapixels(width * height)} megapixels; at most ${megapixels(limit)} here). ` +
    'Add a smaller copy of it.'
  );
}

export const NOT_A_PHOTO_MESSAGE = `This file is not a photo Rollcall can read. Use ${READABLE_FORMATS_TEXT} photos.`;

/** Why a file cannot be added as a photo, in plain words; undefined when it can. */
export function photoFileProblem(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0) return 'This file is empty.';
  const header = readImageHeader(bytes);
  if (!header) return NOT_A_PHOTO_MESSAGE;
  const { width, height } = header;
  if (width !== undefined && height !== undefined && width * height > MAX_PHOTO_PIXELS) {
    return photoTooLargeMessage(width, height, MAX_PHOTO_PIXELS);
  }
  return undefined;
}
