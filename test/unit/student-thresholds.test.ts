// Per-student open-set bars: a student other people come close to gets a higher bar, never one
// below the global threshold, and assignment uses a student's own bar.
import { describe, expect, it } from 'vitest';
import { assignFace } from '../../src/domain/assignment/assign';
import {
  cohortScores,
  studentThresholds,
  thresholdsFromCohorts,
} from '../../src/domain/assignment/student-thresholds';
import { l2Normalize } from '../../src/domain/embedding/vectors';

const v = (...xs: number[]) => l2Normalize(Float32Array.from(xs));

// "ann" and "ben" look alike (their faces are close), "cy" looks like nobody.
const gallery = [
  { studentId: 'ann', vector: v(1, 0.1, 0) },
  { studentId: 'ann', vector: v(1, 0.2, 0) },
  { studentId: 'ben', vector: v(1, -0.3, 0) },
  { studentId: 'ben', vector: v(1, -0.4, 0) },
  { studentId: 'cy', vector: v(0, 0, 1) },
  { studentId: 'cy', vector: v(0, 0.1, 1) },
];

describe('per-student bars', () => {
  it('scores the other students against each student, highest first', () => {
    const cohorts = cohortScores(gallery);
    expect(cohorts.get('ann')).toHaveLength(4);
    const ann = cohorts.get('ann')!;
    expect([...ann].sort((a, b) => b - a)).toEqual(ann);
    // ben's faces come much closer to ann than cy's do.
    expect(ann[0]).toBeGreaterThan(0.8);
    expect(ann[3]).toBeLessThan(0.2);
  });

  it('raises the bar of a student others come close to, never lowers one', () => {
    const bars = studentThresholds(gallery, {
      similarityThreshold: 0.4,
      cohortSize: 1,
      cohortMargin: 0.05,
    });
    expect(bars.get('ann')).toBeGreaterThan(0.85);
    expect(bars.get('ben')).toBeGreaterThan(0.85);
    expect(bars.get('cy')).toBe(0.4);
  });

  it('is off with cohortSize 0: every student has the global bar', () => {
    const bars = thresholdsFromCohorts(cohortScores(gallery), {
      similarityThreshold: 0.4,
      cohortSize: 0,
      cohortMargin: 0.05,
    });
    expect([...bars.values()]).toEqual([0.4, 0.4, 0.4]);
  });

  it('assignment holds a face to its candidate student’s own bar', () => {
    const query = {
      faceId: 'q',
      neighbours: [
        { studentId: 'ann', similarity: 0.8 },
        { studentId: 'ann', similarity: 0.78 },
        { studentId: 'cy', similarity: 0.1 },
      ],
    };
    const options = { k: 5, similarityThreshold: 0.4, minMargin: 0.1, useVoting: true };
    expect(assignFace(query, options).studentId).toBe('ann');
    const strict = assignFace(query, options, {
      studentThresholds: new Map([['ann', 0.85]]),
    });
    expect(strict.studentId).toBeNull();
    expect(strict.reason).toBe('below-threshold');
    expect(strict.confidence).toBeLessThan(0.5);
  });
});
