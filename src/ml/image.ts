// Pixel plumbing for the models: resampling a region of an RGBA photo to a model's input size,
// and turning RGBA pixels into normalised float tensors.
import type { RgbaImage } from '../domain/face/align';
import type { Box } from '../domain/face/geometry';
import { MlError } from './errors';
import type { ColorOrder, Normalisation } from './registry';

export type { RgbaImage };

interface Taps {
  /** Per output pixel: first source index and its weights (consecutive source pixels). */
  first: Int32Array;
  weights: Float32Array[];
}

/**
 * 1-D resampling weights from source interval [start, start + length) onto `out` pixels. When
 * shrinking, each output pixel averages the source pixels it covers (area / box filter, no
 * aliasing); when enlarging, bilinear between pixel centres. Source indices are clamped to
 * [0, size), i.e. the border is replicated.
 */
function taps(start: number, length: number, out: number, size: number): Taps {
  const scale = length / out;
  const first = new Int32Array(out);
  const weights: Float32Array[] = [];
  for (let o = 0; o < out; o++) {
    if (scale > 1) {
      const a = start + o * scale;
      const b = a + scale;
      const i0 = Math.floor(a);
      const i1 = Math.ceil(b) - 1;
      const w = new Float32Array(i1 - i0 + 1);
      for (let i = i0; i <= i1; i++) {
        w[i - i0] = (Math.min(b, i + 1) - Math.max(a, i)) / scale;
      }
      first[o] = i0;
      weights.push(w);
    } else {
      const centre = start + (o + 0.5) * scale - 0.5;
      const i0 = Math.floor(centre);
      const f = centre - i0;
      first[o] = i0;
      weights.push(Float32Array.of(1 - f, f));
    }
  }
  // Fold out-of-range taps onto the border pixel.
  for (let o = 0; o < out; o++) {
    const w = weights[o] as Float32Array;
    const i0 = first[o] as number;
    if (i0 >= 0 && i0 + w.length <= size) continue;
    const lo = Math.min(Math.max(i0, 0), size - 1);
    const hi = Math.min(Math.max(i0 + w.length - 1, 0), size - 1);
    const folded = new Float32Array(hi - lo + 1);
    for (let k = 0; k < w.length; k++) {
      const i = Math.min(Math.max(i0 + k, 0), size - 1);
      folded[i - lo] = (folded[i - lo] as number) + (w[k] as number);
    }
    first[o] = lo;
    weights[o] = folded;
  }
  return { first, weights };
}

/**
 * Resamples `region` of `image` (photo pixels, may be fractional and may reach outside the
 * photo: the border is replicated) to a `width` x `height` RGBA image.
 */
export function resizeRegion(
  image: RgbaImage,
  region: Box,
  width: number,
  height: number,
): RgbaImage {
  if (width < 1 || height < 1 || region.width <= 0 || region.height <= 0) {
    throw new RangeError('resizeRegion needs a non-empty region and output');
  }
  const tx = taps(region.x, region.width, width, image.width);
  const ty = taps(region.y, region.height, height, image.height);
  // Horizontal pass over just the source rows the vertical taps touch.
  const rowLo = ty.first[0] as number;
  let rowHi = rowLo;
  for (let o = 0; o < height; o++) {
    rowHi = Math.max(rowHi, (ty.first[o] as number) + (ty.weights[o] as Float32Array).length - 1);
  }
  const rows = rowHi - rowLo + 1;
  const mid = new Float32Array(rows * width * 3);
  const src = image.data;
  for (let r = 0; r < rows; r++) {
    const rowStart = (rowLo + r) * image.width * 4;
    for (let x = 0; x < width; x++) {
      const w = tx.weights[x] as Float32Array;
      let p = rowStart + (tx.first[x] as number) * 4;
      let red = 0;
      let green = 0;
      let blue = 0;
      for (let k = 0; k < w.length; k++, p += 4) {
        const wk = w[k] as number;
        red += wk * (src[p] as number);
        green += wk * (src[p + 1] as number);
        blue += wk * (src[p + 2] as number);
      }
      const m = (r * width + x) * 3;
      mid[m] = red;
      mid[m + 1] = green;
      mid[m + 2] = blue;
    }
  }
  const out = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    const w = ty.weights[y] as Float32Array;
    const r0 = (ty.first[y] as number) - rowLo;
    for (let x = 0; x < width; x++) {
      let red = 0;
      let green = 0;
      let blue = 0;
      for (let k = 0; k < w.length; k++) {
        const wk = w[k] as number;
        const m = ((r0 + k) * width + x) * 3;
        red += wk * (mid[m] as number);
        green += wk * (mid[m + 1] as number);
        blue += wk * (mid[m + 2] as number);
      }
      const o = (y * width + x) * 4;
      // Uint8ClampedArray rounds to nearest on assignment.
      out[o] = red;
      out[o + 1] = green;
      out[o + 2] = blue;
      out[o + 3] = 255;
    }
  }
  return { width, height, data: out };
}

/**
 * `image` at exactly half its size: each pixel the mean of a 2x2 block. Equal to resizeRegion
 * for that case (same weights, same rounding), and several times faster (a pyramid's levels).
 */
export function halveImage(image: RgbaImage): RgbaImage {
  const width = image.width >> 1;
  const height = image.height >> 1;
  if (width * 2 !== image.width || height * 2 !== image.height || width < 1 || height < 1) {
    throw new RangeError('halveImage needs even, non-zero dimensions');
  }
  const src = image.data;
  const stride = image.width * 4;
  const out = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    let p = y * 2 * stride;
    let o = y * width * 4;
    for (let x = 0; x < width; x++, p += 8, o += 4) {
      const q = p + stride;
      // Uint8ClampedArray rounds to nearest (ties to even) on assignment, as resizeRegion's.
      out[o] =
        ((src[p] as number) +
          (src[p + 4] as number) +
          (src[q] as number) +
          (src[q + 4] as number)) /
        4;
      out[o + 1] =
        ((src[p + 1] as number) +
          (src[p + 5] as number) +
          (src[q + 1] as number) +
          (src[q + 5] as number)) /
        4;
      out[o + 2] =
        ((src[p + 2] as number) +
          (src[p + 6] as number) +
          (src[q + 2] as number) +
          (src[q + 6] as number)) /
        4;
      out[o + 3] = 255;
    }
  }
  return { width, height, data: out };
}

/**
 * `source` area-averaged to `width` x `height`: by halving when that is exact, else resampled.
 */
export function shrinkTo(source: RgbaImage, width: number, height: number): RgbaImage {
  if (width === source.width && height === source.height) return source;
  if (width * 2 === source.width && height * 2 === source.height) return halveImage(source);
  return resizeRegion(
    source,
    { x: 0, y: 0, width: source.width, height: source.height },
    width,
    height,
  );
}

/** The whole image scaled by `scale` (area-averaged when shrinking). */
export function scaleImage(image: RgbaImage, scale: number): RgbaImage {
  if (scale === 1) return image;
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  return resizeRegion(
    image,
    { x: 0, y: 0, width: image.width, height: image.height },
    width,
    height,
  );
}

/**
 * Writes `image` as planar (NCHW) floats, (value - mean) / std, channels in `order`, into `out`
 * at `offset` (so a batch can be filled in place).
 */
export function writePlanar(
  image: RgbaImage,
  order: ColorOrder,
  { mean, std }: Normalisation,
  out: Float32Array,
  offset = 0,
): void {
  const n = image.width * image.height;
  const channels = order === 'RGB' ? [0, 1, 2] : [2, 1, 0];
  const data = image.data;
  for (let c = 0; c < 3; c++) {
    const source = channels[c] as number;
    const base = offset + c * n;
    for (let i = 0; i < n; i++) out[base + i] = ((data[i * 4 + source] as number) - mean) / std;
  }
}

/** Grey levels (0.299 R + 0.587 G + 0.114 B), normalised, as one plane. */
export function greyPlane(image: RgbaImage, { mean, std }: Normalisation): Float32Array {
  const n = image.width * image.height;
  const out = new Float32Array(n);
  const data = image.data;
  for (let i = 0; i < n; i++) {
    const grey =
      0.299 * (data[i * 4] as number) +
      0.587 * (data[i * 4 + 1] as number) +
      0.114 * (data[i * 4 + 2] as number);
    out[i] = (grey - mean) / std;
  }
  return out;
}

/** Throws unless `image` is a consistent, non-empty RGBA buffer. */
export function checkImage(image: RgbaImage): void {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new MlError('unsupported-image', `The photo has an impossible size ${width}x${height}.`);
  }
  if (data.length !== width * height * 4) {
    throw new MlError(
      'unsupported-image',
      `The photo's pixels are incomplete (${data.length} bytes for ${width}x${height}).`,
    );
  }
}
