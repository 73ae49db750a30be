// Face detection in large photos with a small fixed-input detector (320x240, ULFD RFB-320).
// Squashing a 3200x2100 classroom photo into 320x240 shrinks 40-200 px faces to 4-20 px, below
// what the detector sees. So the photo is turned into an image pyramid (the finest level at
// `maxScale` of the photo, each next level `scaleStep` smaller, the last one fitting a single
// tile), every level is cut into overlapping 320x240 tiles, the detector runs on each tile,
// boxes are mapped back to photo pixels and merged with score-sorted NMS.
import {
  intersectionOverMin,
  iou,
  nonMaxSuppression,
  type ScoredBox,
} from '../domain/face/geometry';
import { throwIfAborted } from './errors';
import { checkImage, scaleImage, type RgbaImage } from './image';
import { DETECTOR } from './registry';
import { requireOutput, type TensorRunner } from './runtime';

export interface DetectionOptions {
  /** Scale of the finest pyramid level relative to the photo (1 = full resolution). */
  maxScale: number;
  /** Ratio between successive pyramid levels (0 < step < 1). */
  scaleStep: number;
  /** Overlap of neighbouring tiles in level pixels; a face up to this size is whole in a tile. */
  tileOverlap: number;
  /** Minimum face probability of a detection. */
  scoreThreshold: number;
  /** Boxes overlapping a better one by more than this IoU are dropped. */
  nmsIou: number;
  /** Also drop a box when this share of the smaller box lies inside a better one. */
  nmsContainment: number;
  /** Boxes whose shorter side is below this many photo pixels are dropped. */
  minFacePx: number;
  /**
   * Cross-scale check: a face must also be seen (a box with IoU >= 0.3 and at least this
   * score) at another pyramid level where it is between `supportMinFacePx` and the tile height
   * (times 0.8). Hands, shirts and ears fire at one scale; faces at all scales that show them
   * at a size the detector handles. A face no other level can see is kept on its own word.
   */
  crossScaleCheck: boolean;
  supportScore: number;
  supportMinFacePx: number;
}

/**
 * Chosen with scripts/bench/detect-tune.ts on all of classroom-dev (208 truth faces, 58-147 px,
 * 3200x2100) and all of bbt/sessions (23 faces), also with classroom-dev shrunk to 0.5 and 0.3
 * (faces down to 17 px): every setting in a wide band finds 208/208 and every bbt face; these
 * keep full recall in all three while dropping the hands / shirt false positives of bbt1 and
 * bbt5 (cross-scale check). A finer level (maxScale 2) only adds false positives on bbt.
 */
export const DEFAULT_DETECTION_OPTIONS: Readonly<DetectionOptions> = {
  maxScale: 1,
  scaleStep: 0.5,
  tileOverlap: 96,
  scoreThreshold: 0.7,
  nmsIou: 0.3,
  nmsContainment: 0.8,
  minFacePx: 16,
  crossScaleCheck: true,
  supportScore: 0.4,
  supportMinFacePx: 20,
};

export interface Detection extends ScoredBox {
  /** The pyramid scale the box was found at. */
  scale: number;
}

export interface TileProgress {
  completed: number;
  total: number;
}

interface Tile {
  level: RgbaImage;
  scale: number;
  x: number;
  y: number;
}

/** Start offsets of tiles of `size` covering `length` with at least `overlap` between them. */
export function tileStarts(length: number, size: number, overlap: number): number[] {
  if (length <= size) return [0];
  const stride = Math.max(1, size - overlap);
  const count = Math.ceil((length - overlap) / stride);
  const starts: number[] = [];
  for (let i = 0; i < count; i++) starts.push(Math.round((i * (length - size)) / (count - 1)));
  return starts;
}

/** The pyramid scales for a photo of `width` x `height`, finest first. */
export function pyramidScales(width: number, height: number, options: DetectionOptions): number[] {
  const fit = Math.min(DETECTOR.inputWidth / width, DETECTOR.inputHeight / height);
  const scales: number[] = [];
  let scale = options.maxScale;
  while (scale > fit * 1.001 && scales.length < 12) {
    scales.push(scale);
    scale *= options.scaleStep;
  }
  // The coarsest level always shows the whole photo in one tile.
  if (scales.length === 0 || (scales[scales.length - 1] as number) / fit > 1.15) {
    scales.push(Math.min(fit, options.maxScale));
  }
  return scales;
}

/** One tile of a level as the detector's NCHW input; outside the level is mid-grey (0). */
function tileTensor(tile: Tile): Float32Array {
  const { inputWidth: tw, inputHeight: th, normalisation } = DETECTOR;
  const { mean, std } = normalisation;
  const plane = tw * th;
  const out = new Float32Array(3 * plane).fill((127 - mean) / std);
  const { level } = tile;
  const w = Math.min(tw, level.width - tile.x);
  const h = Math.min(th, level.height - tile.y);
  const data = level.data;
  for (let y = 0; y < h; y++) {
    let p = ((tile.y + y) * level.width + tile.x) * 4;
    let o = y * tw;
    for (let x = 0; x < w; x++, p += 4, o++) {
      out[o] = ((data[p] as number) - mean) / std;
      out[o + plane] = ((data[p + 1] as number) - mean) / std;
      out[o + 2 * plane] = ((data[p + 2] as number) - mean) / std;
    }
  }
  return out;
}

/** Runs the detector on one tile; boxes in photo pixels, partial faces at inner edges dropped. */
async function detectTile(
  detector: TensorRunner,
  tile: Tile,
  minScore: number,
  overlap: number,
): Promise<Detection[]> {
  const { inputWidth: tw, inputHeight: th } = DETECTOR;
  const outputs = await detector.run({
    [DETECTOR.inputName]: { data: tileTensor(tile), dims: [1, 3, th, tw] },
  });
  const scores = requireOutput(outputs, DETECTOR.scoresOutput, DETECTOR.file).data;
  const boxes = requireOutput(outputs, DETECTOR.boxesOutput, DETECTOR.file).data;
  const anchors = scores.length / 2;
  // A box touching a tile edge that is inside the level is a cut-off face, unless the face is
  // too big to fit whole in the overlap (then no tile holds it whole and coarser levels help).
  const margin = 2;
  const innerLeft = tile.x > 0;
  const innerTop = tile.y > 0;
  const innerRight = tile.x + tw < tile.level.width;
  const innerBottom = tile.y + th < tile.level.height;
  const found: Detection[] = [];
  for (let a = 0; a < anchors; a++) {
    const score = scores[a * 2 + 1] as number;
    if (score < minScore) continue;
    const x1 = (boxes[a * 4] as number) * tw;
    const y1 = (boxes[a * 4 + 1] as number) * th;
    const x2 = (boxes[a * 4 + 2] as number) * tw;
    const y2 = (boxes[a * 4 + 3] as number) * th;
    const small = Math.max(x2 - x1, y2 - y1) <= overlap;
    const cut =
      (innerLeft && x1 < margin) ||
      (innerTop && y1 < margin) ||
      (innerRight && x2 > tw - margin) ||
      (innerBottom && y2 > th - margin);
    if (cut && small) continue;
    const s = tile.scale;
    found.push({
      x: (tile.x + x1) / s,
      y: (tile.y + y1) / s,
      width: (x2 - x1) / s,
      height: (y2 - y1) / s,
      score,
      scale: s,
    });
  }
  return found;
}

/** Score-sorted NMS on IoU, then on containment (a face part inside a better face box). */
export function mergeDetections<T extends ScoredBox>(
  boxes: readonly T[],
  options: Pick<DetectionOptions, 'nmsIou' | 'nmsContainment'>,
): T[] {
  const byIou = nonMaxSuppression(boxes, options.nmsIou, iou);
  return nonMaxSuppression(byIou, options.nmsContainment, intersectionOverMin);
}

/** Clips a box to the photo. */
function clip(box: Detection, width: number, height: number): Detection {
  const x1 = Math.max(0, box.x);
  const y1 = Math.max(0, box.y);
  const x2 = Math.min(width, box.x + box.width);
  const y2 = Math.min(height, box.y + box.height);
  return { ...box, x: x1, y: y1, width: Math.max(0, x2 - x1), height: Math.max(0, y2 - y1) };
}

/**
 * Every box the detector gives on every tile of every pyramid level (photo pixels, cut-off
 * faces at inner tile edges dropped), down to the lower of the score and support thresholds.
 */
export async function detectRaw(
  image: RgbaImage,
  detector: TensorRunner,
  options: DetectionOptions = DEFAULT_DETECTION_OPTIONS,
  onProgress?: (progress: TileProgress) => void,
  signal?: AbortSignal,
): Promise<Detection[]> {
  checkImage(image);
  const scales = pyramidScales(image.width, image.height, options);
  const plan = scales.map((scale) => {
    const w = Math.max(1, Math.round(image.width * scale));
    const h = Math.max(1, Math.round(image.height * scale));
    return {
      scale,
      xs: tileStarts(w, DETECTOR.inputWidth, options.tileOverlap),
      ys: tileStarts(h, DETECTOR.inputHeight, options.tileOverlap),
    };
  });
  const total = plan.reduce((n, p) => n + p.xs.length * p.ys.length, 0);
  let completed = 0;
  onProgress?.({ completed, total });
  const floor = options.crossScaleCheck
    ? Math.min(options.scoreThreshold, options.supportScore)
    : options.scoreThreshold;
  const all: Detection[] = [];
  for (const { scale, xs, ys } of plan) {
    throwIfAborted(signal);
    const level = scaleImage(image, scale);
    // Use the level's real scale (after rounding its size) to map boxes back.
    const levelScale = level.width / image.width;
    for (const y of ys) {
      for (const x of xs) {
        throwIfAborted(signal);
        const tile = { level, scale: levelScale, x, y };
        all.push(...(await detectTile(detector, tile, floor, options.tileOverlap)));
        onProgress?.({ completed: ++completed, total });
      }
    }
  }
  return all.map((d) => clip(d, image.width, image.height));
}

/** Whether another pyramid level that could see `face` saw it too (see supportScore). */
function hasCrossScaleSupport(
  face: Detection,
  raw: readonly Detection[],
  scales: readonly number[],
  options: DetectionOptions,
): boolean {
  const size = Math.max(face.width, face.height);
  const maxPx = DETECTOR.inputHeight * 0.8;
  const near = (a: number, b: number) => Math.abs(a / b - 1) < 0.02;
  const witnesses = scales.filter(
    (s) => !near(s, face.scale) && size * s >= options.supportMinFacePx && size * s <= maxPx,
  );
  if (witnesses.length === 0) return true;
  return raw.some(
    (r) =>
      r.score >= options.supportScore &&
      witnesses.some((s) => near(s, r.scale)) &&
      iou(r, face) >= 0.3,
  );
}

/** The faces among the raw boxes: thresholds, NMS, size and cross-scale checks. */
export function selectFaces(raw: readonly Detection[], options: DetectionOptions): Detection[] {
  const scales = [...new Set(raw.map((r) => r.scale))];
  const candidates = raw.filter(
    (d) => d.score >= options.scoreThreshold && Math.min(d.width, d.height) >= options.minFacePx,
  );
  const merged = mergeDetections(candidates, options);
  if (!options.crossScaleCheck) return merged;
  return merged.filter((face) => hasCrossScaleSupport(face, raw, scales, options));
}

/** Every face in `image`, best first, in photo pixels. */
export async function detectFaces(
  image: RgbaImage,
  detector: TensorRunner,
  options: DetectionOptions = DEFAULT_DETECTION_OPTIONS,
  onProgress?: (progress: TileProgress) => void,
  signal?: AbortSignal,
): Promise<Detection[]> {
  const raw = await detectRaw(image, detector, options, onProgress, signal);
  return selectFaces(raw, options);
}
