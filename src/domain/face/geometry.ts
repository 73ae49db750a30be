// Boxes, overlap and non-maximum suppression: pure, used by detection and by the eval command.

export type Point = readonly [number, number];

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ScoredBox extends Box {
  score: number;
}

export function area(box: Box): number {
  return Math.max(0, box.width) * Math.max(0, box.height);
}

/** The area two boxes share. */
function intersectionArea(a: Box, b: Box): number {
  const x0 = Math.max(a.x, b.x);
  const y0 = Math.max(a.y, b.y);
  const x1 = Math.min(a.x + a.width, b.x + b.width);
  const y1 = Math.min(a.y + a.height, b.y + b.height);
  return Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
}

/** Intersection over union of two boxes, 0..1. */
export function iou(a: Box, b: Box): number {
  const inter = intersectionArea(a, b);
  const union = area(a) + area(b) - inter;
  return union <= 0 ? 0 : inter / union;
}

/** Intersection over the smaller box: catches a small box nested inside a large one. */
export function intersectionOverMin(a: Box, b: Box): number {
  const inter = intersectionArea(a, b);
  const smaller = Math.min(area(a), area(b));
  return smaller <= 0 ? 0 : inter / smaller;
}

/**
 * Greedy non-maximum suppression: keeps the best-scoring box of every group of boxes that
 * overlap by more than `iouThreshold`. Returns the kept boxes, best first.
 */
export function nonMaxSuppression<T extends ScoredBox>(
  boxes: readonly T[],
  iouThreshold: number,
  overlap: (a: Box, b: Box) => number = iou,
): T[] {
  const sorted = [...boxes].sort((a, b) => b.score - a.score);
  const kept: T[] = [];
  for (const box of sorted) {
    if (kept.every((k) => overlap(k, box) <= iouThreshold)) kept.push(box);
  }
  return kept;
}

export function boxCenter(box: Box): Point {
  return [box.x + box.width / 2, box.y + box.height / 2];
}

/**
 * Greedy one-to-one matching of detections to truth boxes by IoU (best pairs first), as the
 * eval contract's `detect` task defines it. Returns, per truth box, the index of its detection
 * or -1.
 */
export function matchBoxes(
  truth: readonly Box[],
  detections: readonly Box[],
  minIou: number,
): number[] {
  const candidates: { t: number; d: number; overlap: number }[] = [];
  truth.forEach((tb, t) =>
    detections.forEach((db, d) => {
      const overlap = iou(tb, db);
      if (overlap >= minIou) candidates.push({ t, d, overlap });
    }),
  );
  candidates.sort((a, b) => b.overlap - a.overlap);
  const truthToDetection = truth.map(() => -1);
  const usedDetections = new Set<number>();
  for (const { t, d } of candidates) {
    if (truthToDetection[t] !== -1 || usedDetections.has(d)) continue;
    truthToDetection[t] = d;
    usedDetections.add(d);
  }
  return truthToDetection;
}
