// Prior boxes and box decoding of the ULFD RFB-320 detector, for any input size. The installed
// detector (scripts/models/transforms.mjs, `detector-any-size`) has its in-graph decode cut off
// so it can run on a whole pyramid level or a large tile: it returns raw `locations`, decoded
// here against priors generated the way ULFD generates them (vision/utils/box_utils.py,
// `generate_priors`), in input pixels. At 320x240 these priors equal the 4,420 constants the
// original graph carried (test/models/detector-any-size.test.ts).
import { DETECTOR } from './registry';

/** Prior centres and sizes in input pixels: cx, cy, w, h per anchor, in the network's order. */
export function generatePriors(width: number, height: number): Float32Array {
  const { strides, minBoxes } = DETECTOR.priors;
  let count = 0;
  strides.forEach((stride, level) => {
    const boxes = minBoxes[level] as readonly number[];
    count += Math.ceil(width / stride) * Math.ceil(height / stride) * boxes.length;
  });
  const priors = new Float32Array(count * 4);
  let o = 0;
  strides.forEach((stride, level) => {
    const boxes = minBoxes[level] as readonly number[];
    const columns = Math.ceil(width / stride);
    const rows = Math.ceil(height / stride);
    // ULFD spreads a feature map's cells evenly over the input (centre (i + 0.5) / columns of
    // the width: 30 px apart, not 32, for the 8 rows of stride 32 at 240 px) and clamps every
    // normalised prior value to [0, 1]: in pixels, to the input's extent.
    for (let j = 0; j < rows; j++) {
      const cy = Math.min(((j + 0.5) * height) / rows, height);
      for (let i = 0; i < columns; i++) {
        const cx = Math.min(((i + 0.5) * width) / columns, width);
        for (const size of boxes) {
          priors[o++] = cx;
          priors[o++] = cy;
          priors[o++] = Math.min(size, width);
          priors[o++] = Math.min(size, height);
        }
      }
    }
  });
  return priors;
}

const priorCache = new Map<string, Float32Array>();
const PRIOR_CACHE_SIZE = 32;

/** generatePriors, remembered for the few sizes a photo's tiles have. */
export function priorsFor(width: number, height: number): Float32Array {
  const key = `${width}x${height}`;
  let priors = priorCache.get(key);
  if (!priors) {
    priors = generatePriors(width, height);
    if (priorCache.size >= PRIOR_CACHE_SIZE) priorCache.clear();
    priorCache.set(key, priors);
  }
  return priors;
}

/** A decoded box in input pixels (corners) with its face probability. */
export interface RawBox {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  score: number;
}

/**
 * The boxes of one detector run scoring at least `minScore`: `scores` [A, 2] (background, face),
 * `locations` [A, 4] (centre offsets and log sizes, scaled by the centre / size variances).
 */
export function decodeBoxes(
  scores: Float32Array,
  locations: Float32Array,
  width: number,
  height: number,
  minScore: number,
): RawBox[] {
  const priors = priorsFor(width, height);
  const anchors = priors.length / 4;
  if (scores.length !== anchors * 2 || locations.length !== anchors * 4) {
    throw new Error(
      `detector output has ${scores.length / 2} anchors for a ${width}x${height} input, ` +
        `expected ${anchors}: is ${DETECTOR.file} the installed any-size model?`,
    );
  }
  const { centerVariance, sizeVariance } = DETECTOR.priors;
  const found: RawBox[] = [];
  for (let a = 0; a < anchors; a++) {
    const score = scores[a * 2 + 1] as number;
    if (score < minScore) continue;
    const p = a * 4;
    const pw = priors[p + 2] as number;
    const ph = priors[p + 3] as number;
    const cx = (locations[p] as number) * centerVariance * pw + (priors[p] as number);
    const cy = (locations[p + 1] as number) * centerVariance * ph + (priors[p + 1] as number);
    const w = Math.exp((locations[p + 2] as number) * sizeVariance) * pw;
    const h = Math.exp((locations[p + 3] as number) * sizeVariance) * ph;
    found.push({ x1: cx - w / 2, y1: cy - h / 2, x2: cx + w / 2, y2: cy + h / 2, score });
  }
  return found;
}
