// Face detection in large photos with a small detector trained at 320x240 (ULFD RFB-320).
// Squashing a 3200x2100 classroom photo into 320x240 shrinks 40-200 px faces to 4-20 px, below
// what the detector sees. So the photo is turned into an image pyramid (the finest level at
// `maxScale` of the photo, each next level `scaleStep` smaller, the last one fitting 320x240).
// The installed detector takes any input size (src/ml/detect-priors.ts), so each level runs in
// a few large overlapping tiles (at most `maxTileWidth` x `maxTileHeight`), coarsest level
// first. A level bigger than `guidedLevelMinPixels` (the full-resolution level of a classroom
// photo: three quarters of all the pixels) runs only around the places where the next coarser
// level saw something that may be a face too small for it; boxes are mapped back to photo
// pixels and merged with score-sorted NMS.
import {
  intersectionOverMin,
  iou,
  type Box,
  nonMaxSuppression,
  type ScoredBox,
} from '../domain/face/geometry';
import { throwIfAborted } from './errors';
import { checkImage, shrinkTo, type RgbaImage } from './image';
import { decodeBoxes } from './detect-priors';
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
  /** Largest detector input in level pixels; a bigger level is cut into overlapping tiles. */
  maxTileWidth: number;
  maxTileHeight: number;
  /**
   * A pyramid level with more pixels than this (not the coarsest) runs only around guides: raw
   * boxes of the next coarser level scoring at least `guideScore` whose longer side there is
   * under `guideMaxPx` (faces near the detector's floor, which this finer level sees better).
   * Infinity runs every level in full.
   */
  guidedLevelMinPixels: number;
  guideScore: number;
  guideMaxPx: number;
}

/**
 * Chosen with scripts/bench/detect-tune.ts on all of classroom-dev (208 truth faces, 58-147 px,
 * 3200x2100) and all of bbt/sessions (23 faces), also with classroom-dev shrunk to 0.5 and 0.3
 * (faces down to 17 px): every setting in a wide band finds 208/208 and every bbt face; these
 * keep full recall in all three while dropping the hands / shirt false positives of bbt1 and
 * bbt5 (cross-scale check). A finer level (maxScale 2) only adds false positives on bbt.
 * With whole levels in large tiles (one 1600x1050 run instead of 66 320x240 tiles), a witness
 * level's scores differ a little at the edge of its range: supportMinFacePx 24 (was 20) keeps
 * a 30x40 px face of session-03 at 0.3 that a level seeing it at 20 px scored 0.18. The
 * guide (guideScore 0.1, guideMaxPx 24) keeps full recall even when every level is guided
 * (`--guided-level-min-pixels 0`); measured side by side with the tiled detector by
 * scripts/bench/detect-compare.ts (docs/PERFORMANCE.md): same recall everywhere, fewer extra
 * detections, 8.5 detector runs per classroom photo instead of 262.
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
  supportMinFacePx: 24,
  maxTileWidth: 1600,
  maxTileHeight: 1200,
  guidedLevelMinPixels: 2_000_000,
  guideScore: 0.1,
  guideMaxPx: 24,
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
  width: number;
  height: number;
}

/** A part of the photo (photo pixels) that one pyramid level looked at. */
export interface LevelRun {
  scale: number;
  regions: Box[];
}

/** Raw boxes and what each level covered (for the cross-scale check). */
export interface RawDetections {
  boxes: Detection[];
  runs: LevelRun[];
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

/**
 * The pyramid's levels for `scales` (finest first): each area-averaged from the smallest level
 * already made that is at least twice its size, or from the photo, so only the finest level
 * costs a pass over the whole photo (and an exact half is a plain 2x2 mean).
 */
export function pyramidLevels(image: RgbaImage, scales: readonly number[]): RgbaImage[] {
  const levels: RgbaImage[] = [];
  for (const scale of scales) {
    const width = Math.max(1, Math.round(image.width * scale));
    const height = Math.max(1, Math.round(image.height * scale));
    const source =
      [...levels].reverse().find((l) => l.width >= 2 * width && l.height >= 2 * height) ?? image;
    levels.push(shrinkTo(source, width, height));
  }
  return levels;
}

/** One tile of a level as the detector's NCHW input. */
function tileTensor(tile: Tile): Float32Array {
  const { mean, std } = DETECTOR.normalisation;
  const { width: w, height: h, level } = tile;
  const plane = w * h;
  const out = new Float32Array(3 * plane);
  const data = level.data;
  for (let y = 0; y < h; y++) {
    let p = ((tile.y + y) * level.width + tile.x) * 4;
    let o = y * w;
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
  const { width: tw, height: th } = tile;
  const outputs = await detector.run({
    [DETECTOR.inputName]: { data: tileTensor(tile), dims: [1, 3, th, tw] },
  });
  const scores = requireOutput(outputs, DETECTOR.scoresOutput, DETECTOR.file).data;
  const locations = requireOutput(outputs, DETECTOR.locationsOutput, DETECTOR.file).data;
  // A box touching a tile edge that is inside the level is a cut-off face, unless the face is
  // too big to fit whole in the overlap (then no tile holds it whole and coarser levels help).
  const margin = 2;
  const innerLeft = tile.x > 0;
  const innerTop = tile.y > 0;
  const innerRight = tile.x + tw < tile.level.width;
  const innerBottom = tile.y + th < tile.level.height;
  const found: Detection[] = [];
  for (const { x1, y1, x2, y2, score } of decodeBoxes(scores, locations, tw, th, minScore)) {
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

/** The smallest tile size (at most `max`) that covers `length` in as few tiles as `max` does. */
function tileSize(length: number, max: number, overlap: number): number {
  if (length <= max) return length;
  const count = Math.ceil((length - overlap) / Math.max(1, max - overlap));
  return Math.min(max, Math.ceil((length + (count - 1) * overlap) / count));
}

/** Tiles of at most `maxWidth` x `maxHeight` covering `region` (level pixels) with overlap. */
function regionTiles(region: Box, maxWidth: number, maxHeight: number, overlap: number): Box[] {
  const width = tileSize(region.width, maxWidth, overlap);
  const height = tileSize(region.height, maxHeight, overlap);
  const tiles: Box[] = [];
  for (const y of tileStarts(region.height, height, overlap)) {
    for (const x of tileStarts(region.width, width, overlap)) {
      tiles.push({ x: region.x + x, y: region.y + y, width, height });
    }
  }
  return tiles;
}

function intersects(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function union(a: Box, b: Box): Box {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return {
    x,
    y,
    width: Math.max(a.x + a.width, b.x + b.width) - x,
    height: Math.max(a.y + a.height, b.y + b.height) - y,
  };
}

/**
 * The regions (level pixels, whole pixels, inside the level) a guided level runs on: around
 * each guide, room for the face and the detector's context (`overlap` on every side, at least
 * twice the face), overlapping regions merged so no face is cut between two of them.
 */
export function guidedRegions(
  guides: readonly Box[],
  levelWidth: number,
  levelHeight: number,
  overlap: number,
): Box[] {
  let regions = guides.map((g) => {
    const pad = Math.max(overlap, 2 * Math.max(g.width, g.height));
    const x1 = Math.max(0, Math.floor(g.x - pad));
    const y1 = Math.max(0, Math.floor(g.y - pad));
    const x2 = Math.min(levelWidth, Math.ceil(g.x + g.width + pad));
    const y2 = Math.min(levelHeight, Math.ceil(g.y + g.height + pad));
    return { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
  });
  // Merge until no two regions overlap (few regions: quadratic is fine).
  for (let merged = true; merged;) {
    merged = false;
    const next: Box[] = [];
    for (const region of regions) {
      const i = next.findIndex((n) => intersects(n, region));
      if (i < 0) next.push(region);
      else {
        next[i] = union(next[i] as Box, region);
        merged = true;
      }
    }
    regions = next;
  }
  return regions.filter((r) => r.width > 0 && r.height > 0);
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

function scaleBox(box: Box, scale: number): Box {
  return {
    x: box.x * scale,
    y: box.y * scale,
    width: box.width * scale,
    height: box.height * scale,
  };
}

/**
 * The boxes (photo pixels) of a coarser level that may be faces too small for it to be sure
 * of: a finer level looks around them.
 */
function smallFaceGuides(
  coarser: { scale: number; boxes: readonly Detection[] },
  options: DetectionOptions,
): Detection[] {
  return coarser.boxes.filter(
    (b) =>
      b.score >= options.guideScore &&
      Math.max(b.width, b.height) * coarser.scale < options.guideMaxPx,
  );
}

/**
 * Every box the detector gives on every tile it runs (photo pixels, cut-off faces at inner tile
 * edges dropped), down to the lower of the score and support thresholds, and the part of the
 * photo each pyramid level covered.
 */
export async function detectRawRuns(
  image: RgbaImage,
  detector: TensorRunner,
  options: DetectionOptions = DEFAULT_DETECTION_OPTIONS,
  onProgress?: (progress: TileProgress) => void,
  signal?: AbortSignal,
): Promise<RawDetections> {
  checkImage(image);
  // Coarsest first: a guided level needs the boxes of the level below it.
  const levels = pyramidLevels(image, pyramidScales(image.width, image.height, options)).reverse();
  // Progress counts level pixels (a guided level counts in full: what it skips is done at once).
  const total = levels.reduce((n, level) => n + level.width * level.height, 0);
  let completed = 0;
  onProgress?.({ completed, total });
  const floor = Math.min(
    options.crossScaleCheck
      ? Math.min(options.scoreThreshold, options.supportScore)
      : options.scoreThreshold,
    options.guideScore,
  );
  const all: Detection[] = [];
  const runs: LevelRun[] = [];
  let coarser: { scale: number; boxes: Detection[] } | undefined;
  for (const level of levels) {
    throwIfAborted(signal);
    // Use the level's real scale (after rounding its size) to map boxes back.
    const levelScale = level.width / image.width;
    const whole = { x: 0, y: 0, width: level.width, height: level.height };
    const regions =
      coarser && level.width * level.height > options.guidedLevelMinPixels
        ? guidedRegions(
            smallFaceGuides(coarser, options).map((b) => scaleBox(b, levelScale)),
            level.width,
            level.height,
            options.tileOverlap,
          )
        : [whole];
    const found: Detection[] = [];
    for (const region of regions) {
      for (const box of regionTiles(
        region,
        options.maxTileWidth,
        options.maxTileHeight,
        options.tileOverlap,
      )) {
        throwIfAborted(signal);
        const tile = { level, scale: levelScale, ...box };
        found.push(...(await detectTile(detector, tile, floor, options.tileOverlap)));
      }
    }
    completed += level.width * level.height;
    onProgress?.({ completed, total });
    runs.push({
      scale: levelScale,
      regions: regions.map((r) => scaleBox(r, 1 / levelScale)),
    });
    all.push(...found);
    coarser = { scale: levelScale, boxes: found };
  }
  return { boxes: all.map((d) => clip(d, image.width, image.height)), runs };
}

/** Whether `inner` lies inside `outer` (with a pixel of slack for rounding). */
function contains(outer: Box, inner: Box): boolean {
  return (
    inner.x >= outer.x - 1 &&
    inner.y >= outer.y - 1 &&
    inner.x + inner.width <= outer.x + outer.width + 1 &&
    inner.y + inner.height <= outer.y + outer.height + 1
  );
}

/** Whether another pyramid level that looked at `face` and could see it saw it too. */
function hasCrossScaleSupport(
  face: Detection,
  raw: readonly Detection[],
  runs: readonly LevelRun[],
  options: DetectionOptions,
): boolean {
  const size = Math.max(face.width, face.height);
  const maxPx = DETECTOR.inputHeight * 0.8;
  const near = (a: number, b: number) => Math.abs(a / b - 1) < 0.02;
  const witnesses = runs
    .filter(
      ({ scale, regions }) =>
        !near(scale, face.scale) &&
        size * scale >= options.supportMinFacePx &&
        size * scale <= maxPx &&
        regions.some((r) => contains(r, face)),
    )
    .map((run) => run.scale);
  if (witnesses.length === 0) return true;
  return raw.some(
    (r) =>
      r.score >= options.supportScore &&
      witnesses.some((s) => near(s, r.scale)) &&
      iou(r, face) >= 0.3,
  );
}

/**
 * The faces among the raw boxes: thresholds, NMS, size and cross-scale checks. Without `runs`,
 * every level that gave a box is taken to have covered the whole photo.
 */
export function selectFaces(
  raw: readonly Detection[],
  options: DetectionOptions,
  runs?: readonly LevelRun[],
): Detection[] {
  const levels =
    runs ??
    [...new Set(raw.map((r) => r.scale))].map((scale) => ({
      scale,
      regions: [{ x: -1e9, y: -1e9, width: 2e9, height: 2e9 }],
    }));
  const candidates = raw.filter(
    (d) => d.score >= options.scoreThreshold && Math.min(d.width, d.height) >= options.minFacePx,
  );
  const merged = mergeDetections(candidates, options);
  if (!options.crossScaleCheck) return merged;
  return merged.filter((face) => hasCrossScaleSupport(face, raw, levels, options));
}

/** Every face in `image`, best first, in photo pixels. */
export async function detectFaces(
  image: RgbaImage,
  detector: TensorRunner,
  options: DetectionOptions = DEFAULT_DETECTION_OPTIONS,
  onProgress?: (progress: TileProgress) => void,
  signal?: AbortSignal,
): Promise<Detection[]> {
  const { boxes, runs } = await detectRawRuns(image, detector, options, onProgress, signal);
  return selectFaces(boxes, options, runs);
}
