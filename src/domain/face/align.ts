// Face alignment: a similarity transform (rotation, uniform scale, translation) that maps five
// landmarks onto a model's template, estimated with Umeyama's least-squares method, and a
// bilinear warp that cuts the aligned crop out of the photo.
import type { Point } from './geometry';

/** Row-major 2x3 affine matrix [a, b, tx, c, d, ty]: x' = a x + b y + tx, y' = c x + d y + ty. */
export type Affine = readonly [number, number, number, number, number, number];

/** RGBA pixels, as in ImageData. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray | Uint8Array;
}

/**
 * The similarity transform that best maps `from` onto `to` in the least-squares sense
 * (Umeyama 1991, 2-D, without reflection).
 */
export function estimateSimilarity(from: readonly Point[], to: readonly Point[]): Affine {
  const n = from.length;
  if (n < 2 || n !== to.length)
    throw new Error('estimateSimilarity needs matching point lists of 2 or more');
  let mx = 0,
    my = 0,
    ux = 0,
    uy = 0;
  for (let i = 0; i < n; i++) {
    mx += (from[i] as Point)[0];
    my += (from[i] as Point)[1];
    ux += (to[i] as Point)[0];
    uy += (to[i] as Point)[1];
  }
  mx /= n;
  my /= n;
  ux /= n;
  uy /= n;
  // Cross-covariance (to x from) and the variance of `from`.
  let sxx = 0,
    sxy = 0,
    syx = 0,
    syy = 0,
    variance = 0;
  for (let i = 0; i < n; i++) {
    const fx = (from[i] as Point)[0] - mx;
    const fy = (from[i] as Point)[1] - my;
    const tx = (to[i] as Point)[0] - ux;
    const ty = (to[i] as Point)[1] - uy;
    sxx += tx * fx;
    sxy += tx * fy;
    syx += ty * fx;
    syy += ty * fy;
    variance += fx * fx + fy * fy;
  }
  // For a 2-D similarity the optimal rotation and scale have a closed form:
  // a = (sxx + syy) / var, b = (syx - sxy) / var, with R*s = [[a, -b], [b, a]].
  const a = (sxx + syy) / variance;
  const b = (syx - sxy) / variance;
  const tx = ux - (a * mx - b * my);
  const ty = uy - (b * mx + a * my);
  return [a, -b, tx, b, a, ty];
}

export function applyAffine(m: Affine, p: Point): Point {
  return [m[0] * p[0] + m[1] * p[1] + m[2], m[3] * p[0] + m[4] * p[1] + m[5]];
}

export function invertAffine(m: Affine): Affine {
  const [a, b, tx, c, d, ty] = m;
  const det = a * d - b * c;
  if (Math.abs(det) < 1e-12) throw new Error('affine transform is not invertible');
  const ia = d / det,
    ib = -b / det,
    ic = -c / det,
    id = a / det;
  return [ia, ib, -(ia * tx + ib * ty), ic, id, -(ic * tx + id * ty)];
}

/**
 * Cuts a `width` x `height` RGBA crop out of `image`, where `toCrop` maps photo coordinates to
 * crop coordinates. Bilinear sampling; pixels outside the photo are black.
 */
export function warpAffine(
  image: RgbaImage,
  toCrop: Affine,
  width: number,
  height: number,
): RgbaImage {
  const inv = invertAffine(toCrop);
  const out = new Uint8ClampedArray(width * height * 4);
  const { data, width: w, height: h } = image;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Sample at pixel centres.
      const sx = inv[0] * (x + 0.5) + inv[1] * (y + 0.5) + inv[2] - 0.5;
      const sy = inv[3] * (x + 0.5) + inv[4] * (y + 0.5) + inv[5] - 0.5;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const o = (y * width + x) * 4;
      for (let c = 0; c < 3; c++) {
        let v = 0;
        for (let k = 0; k < 4; k++) {
          const px = x0 + (k & 1);
          const py = y0 + (k >> 1);
          if (px < 0 || py < 0 || px >= w || py >= h) continue;
          const weight = (k & 1 ? fx : 1 - fx) * (k >> 1 ? fy : 1 - fy);
          v += weight * (data[(py * w + px) * 4 + c] as number);
        }
        out[o + c] = v;
      }
      out[o + 3] = 255;
    }
  }
  return { width, height, data: out };
}
