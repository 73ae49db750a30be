import { describe, expect, test } from 'vitest';
import { attendanceScores, majorityIdentity, namingPlan } from './attendance';

const session = (predicted: string[], truth: string[]) => ({
  predicted: new Set(predicted),
  truth: new Set(truth),
});

describe('attendanceScores', () => {
  test('counts right, wrong and missed "present" marks over every session', () => {
    const scores = attendanceScores([
      session(['ann', 'bob'], ['ann', 'bob', 'cat']), // cat missed
      session(['ann', 'dan'], ['ann']), // dan wrongly present
    ]);
    expect(scores).toMatchObject({ truePositives: 3, falsePositives: 1, falseNegatives: 1 });
    expect(scores.precision).toBeCloseTo(3 / 4);
    expect(scores.recall).toBeCloseTo(3 / 4);
    expect(scores.f1).toBeCloseTo(3 / 4);
  });

  test('with a class list, students not on it are counted apart, not scored', () => {
    const sessions = [session(['ann', 'Unnamed 3'], ['ann', 'bob'])];
    const scored = attendanceScores(sessions);
    expect(scored.falsePositives).toBe(1);
    const onList = attendanceScores(sessions, new Set(['ann', 'bob']));
    expect(onList).toMatchObject({
      truePositives: 1,
      falsePositives: 0,
      falseNegatives: 1,
      outsideRoster: 1,
      precision: 1,
      recall: 0.5,
    });
    expect(onList.f1).toBeCloseTo(2 / 3);
  });

  test('nothing predicted: precision 1 (no wrong mark), recall 0', () => {
    const scores = attendanceScores([session([], ['ann'])]);
    expect(scores).toMatchObject({ precision: 1, recall: 0, f1: 0 });
    expect(attendanceScores([session([], [])]).f1).toBe(1);
  });
});

describe('naming the created students', () => {
  test('a cluster takes its majority identity; strangers (null) can be the majority', () => {
    expect(majorityIdentity(['ann', 'bob', 'ann'])).toBe('ann');
    expect(majorityIdentity([null, null, 'ann'])).toBeNull();
    // Ties go to a named identity, then the first name.
    expect(majorityIdentity([null, 'bob'])).toBe('bob');
    expect(majorityIdentity(['bob', 'ann'])).toBe('ann');
    expect(majorityIdentity([])).toBeNull();
  });

  test('each identity is given once, to its largest cluster; stranger clusters stay unnamed', () => {
    const plan = namingPlan([
      { studentId: 's1', labels: ['ann'] },
      { studentId: 's2', labels: ['ann', 'ann', null] },
      { studentId: 's3', labels: [null, null, 'bob'] },
      { studentId: 's4', labels: ['bob', 'bob'] },
      { studentId: 's5', labels: ['cat'] },
    ]);
    expect(plan).toEqual([
      { studentId: 's2', name: 'ann' },
      { studentId: 's4', name: 'bob' },
      { studentId: 's5', name: 'cat' },
    ]);
    expect(namingPlan([{ studentId: 's1', labels: ['ann'] }], new Set(['ann']))).toEqual([]);
  });
});
