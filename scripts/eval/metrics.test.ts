import { describe, expect, test } from 'vitest';
import {
  accuracyAt,
  bcubedScores,
  bestThreshold,
  crossValidatedAccuracy,
  normalizedMutualInformation,
  pairwiseScores,
  tarAtFar,
} from './metrics';
import { createRandom, shuffled } from './random';

describe('verification metrics', () => {
  const separable = [
    { score: 0.9, isSame: true },
    { score: 0.8, isSame: true },
    { score: 0.3, isSame: false },
    { score: 0.1, isSame: false },
  ];

  test('best threshold separates separable scores', () => {
    const t = bestThreshold(separable);
    expect(t).toBeGreaterThan(0.3);
    expect(t).toBeLessThan(0.8);
    expect(accuracyAt(separable, t)).toBe(1);
  });

  test('accuracy counts mistakes', () => {
    expect(accuracyAt(separable, 0.85)).toBe(0.75);
  });

  test('cross-validated accuracy is below 1 when classes overlap', () => {
    const random = createRandom(1);
    const pairs = Array.from({ length: 200 }, (_, i) => ({
      score: random() + (i % 2 === 0 ? 0.3 : 0),
      isSame: i % 2 === 0,
    }));
    const acc = crossValidatedAccuracy(pairs, createRandom(2));
    expect(acc).toBeGreaterThan(0.5);
    expect(acc).toBeLessThan(1);
  });

  test('TAR at FAR counts positives above the allowed negatives', () => {
    const negatives = Array.from({ length: 1000 }, (_, i) => ({ score: i / 1000, isSame: false }));
    const positives = [0.9995, 0.9985, 0.5].map((score) => ({ score, isSame: true }));
    // 1 negative of 1000 may pass: the threshold is the 2nd highest negative (0.998).
    expect(tarAtFar([...negatives, ...positives], 1e-3)).toBeCloseTo(2 / 3);
  });
});

describe('clustering metrics', () => {
  const truth = ['a', 'a', 'a', 'b', 'b', 'c'];

  test('perfect clustering scores 1', () => {
    const predicted = [0, 0, 0, 1, 1, 2];
    expect(pairwiseScores(predicted, truth).f).toBe(1);
    expect(bcubedScores(predicted, truth).f).toBe(1);
    expect(normalizedMutualInformation(predicted, truth)).toBeCloseTo(1);
  });

  test('merging two people costs precision, splitting costs recall', () => {
    const merged = bcubedScores([0, 0, 0, 0, 0, 2], truth);
    expect(merged.recall).toBe(1);
    expect(merged.precision).toBeLessThan(1);
    const split = pairwiseScores([0, 1, 2, 3, 4, 5], truth);
    expect(split.precision).toBe(1);
    expect(split.recall).toBe(0);
  });

  test('seeded shuffles repeat', () => {
    expect(shuffled([1, 2, 3, 4, 5], createRandom(7))).toEqual(
      shuffled([1, 2, 3, 4, 5], createRandom(7)),
    );
  });
});
