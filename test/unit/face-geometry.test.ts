import { describe, expect, test } from 'vitest';
import {
  applyAffine,
  estimateSimilarity,
  invertAffine,
  warpAffine,
} from '../../src/domain/face/align';
import { iou, matchBoxes, nonMaxSuppression, type Point } from '../../src/domain/face/geometry';
import { fivePointsFrom68 } from '../../src/domain/face/landmarks';
import { laplacianVariance, poseFromFivePoints } from '../../src/domain/face/quality';
import { cosineSimilarity, l2Normalize } from '../../src/domain/embedding/vectors';

const ARCFACE: Point[] = [
  [38.2946, 51.6963],
  [73.5318, 51.5014],
  [56.0252, 71.7366],
  [41.5493, 92.3655],
  [70.7299, 92.2041],
];

describe('similarity alignment', () => {
  test('recovers a known rotation, scale and shift exactly', () => {
    const angle = 0.3;
    const scale = 2.5;
    const move = (p: Point): Point => [
      scale * (Math.cos(angle) * p[0] - Math.sin(angle) * p[1]) + 100,
      scale * (Math.sin(angle) * p[0] + Math.cos(angle) * p[1]) + 40,
    ];
    const photoPoints = ARCFACE.map(move);
    const toTemplate = estimateSimilarity(photoPoints, ARCFACE);
    photoPoints.forEach((p, i) => {
      const q = applyAffine(toTemplate, p);
      expect(q[0]).toBeCloseTo((ARCFACE[i] as Point)[0], 6);
      expect(q[1]).toBeCloseTo((ARCFACE[i] as Point)[1], 6);
    });
  });

  test('is a least-squares fit when points are noisy', () => {
    const noisy = ARCFACE.map(([x, y], i): Point => [x * 2 + (i % 2 ? 1 : -1), y * 2]);
    const m = estimateSimilarity(noisy, ARCFACE);
    // Scale close to 1/2, no rotation to speak of.
    expect(Math.hypot(m[0], m[3])).toBeCloseTo(0.5, 1);
    expect(Math.abs(m[3])).toBeLessThan(0.02);
  });

  test('inverse undoes the transform', () => {
    const m = estimateSimilarity(
      ARCFACE.map(([x, y]): Point => [y, -x]),
      ARCFACE,
    );
    const back = applyAffine(invertAffine(m), applyAffine(m, [10, 20]));
    expect(back[0]).toBeCloseTo(10, 9);
    expect(back[1]).toBeCloseTo(20, 9);
  });

  test('warp with the identity copies pixels', () => {
    const data = new Uint8ClampedArray(4 * 4 * 4).map((_, i) => (i * 7) % 256);
    for (let i = 3; i < data.length; i += 4) data[i] = 255;
    const out = warpAffine({ width: 4, height: 4, data }, [1, 0, 0, 0, 1, 0], 4, 4);
    expect([...out.data]).toEqual([...data]);
  });
});

describe('boxes', () => {
  test('IoU of identical, disjoint and half-overlapping boxes', () => {
    const a = { x: 0, y: 0, width: 10, height: 10 };
    expect(iou(a, a)).toBe(1);
    expect(iou(a, { x: 20, y: 0, width: 10, height: 10 })).toBe(0);
    expect(iou(a, { x: 5, y: 0, width: 10, height: 10 })).toBeCloseTo(50 / 150);
  });

  test('NMS keeps the best of overlapping boxes and separate boxes', () => {
    const kept = nonMaxSuppression(
      [
        { x: 0, y: 0, width: 10, height: 10, score: 0.8 },
        { x: 1, y: 1, width: 10, height: 10, score: 0.9 },
        { x: 50, y: 50, width: 10, height: 10, score: 0.5 },
      ],
      0.4,
    );
    expect(kept.map((k) => k.score)).toEqual([0.9, 0.5]);
  });

  test('matching is one-to-one, best overlaps first', () => {
    const truth = [
      { x: 0, y: 0, width: 10, height: 10 },
      { x: 2, y: 0, width: 10, height: 10 },
    ];
    const detections = [{ x: 2, y: 0, width: 10, height: 10 }];
    expect(matchBoxes(truth, detections, 0.3)).toEqual([-1, 0]);
  });
});

describe('landmarks and quality', () => {
  test('five points are eye centres, nose tip and mouth corners', () => {
    const pts: Point[] = Array.from({ length: 68 }, (_, i) => [i, i * 2]);
    const five = fivePointsFrom68(pts);
    expect(five[0]).toEqual([38.5, 77]);
    expect(five[1]).toEqual([44.5, 89]);
    expect(five[2]).toEqual([30, 60]);
    expect(five[3]).toEqual([48, 96]);
    expect(five[4]).toEqual([54, 108]);
  });

  test('the ArcFace template is a frontal, level face', () => {
    const pose = poseFromFivePoints(ARCFACE);
    expect(Math.abs(pose.yawDeg)).toBeLessThan(5);
    expect(Math.abs(pose.rollDeg)).toBeLessThan(1);
    expect(Math.abs(pose.pitchDeg)).toBeLessThan(15);
  });

  test('a nose near one eye reads as a turned head', () => {
    const turned = ARCFACE.map((p, i): Point => (i === 2 ? [40, p[1]] : p));
    expect(Math.abs(poseFromFivePoints(turned).yawDeg)).toBeGreaterThan(45);
  });

  test('a sharp checkerboard has more Laplacian variance than a flat image', () => {
    const size = 16;
    const make = (f: (x: number, y: number) => number) => {
      const data = new Uint8ClampedArray(size * size * 4);
      for (let y = 0; y < size; y++)
        for (let x = 0; x < size; x++)
          data.fill(f(x, y), (y * size + x) * 4, (y * size + x) * 4 + 3);
      return { width: size, height: size, data };
    };
    expect(laplacianVariance(make((x, y) => ((x + y) % 2) * 255))).toBeGreaterThan(
      laplacianVariance(make(() => 128)) + 1000,
    );
  });
});

describe('vectors', () => {
  test('cosine similarity ignores length', () => {
    expect(cosineSimilarity([1, 0], [5, 0])).toBeCloseTo(1);
    expect(cosineSimilarity([1, 0], [0, 3])).toBeCloseTo(0);
    expect(cosineSimilarity(l2Normalize([3, 4]), [0.6, 0.8])).toBeCloseTo(1);
  });
});
