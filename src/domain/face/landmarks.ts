// The 68-point (iBUG 300-W) landmark layout and what is derived from it.
import type { Point } from './geometry';

const mean = (points: readonly Point[], from: number, to: number): Point => {
  let x = 0;
  let y = 0;
  for (let i = from; i <= to; i++) {
    x += (points[i] as Point)[0];
    y += (points[i] as Point)[1];
  }
  const n = to - from + 1;
  return [x / n, y / n];
};

/**
 * The five points alignment templates use, in the ArcFace order: left eye centre, right eye
 * centre (as seen in the image: left = smaller x), nose tip, left and right mouth corner.
 */
export function fivePointsFrom68(points: readonly Point[]): Point[] {
  if (points.length !== 68) throw new Error(`expected 68 landmarks, got ${points.length}`);
  return [
    mean(points, 36, 41),
    mean(points, 42, 47),
    points[30] as Point,
    points[48] as Point,
    points[54] as Point,
  ];
}
