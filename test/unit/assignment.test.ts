import { describe, expect, it } from 'vitest';
import { createRandom } from '../../scripts/eval/random';
import {
  assignFace,
  assignPhotoFaces,
  nearestNeighbours,
  type AssignmentOptions,
  type FaceNeighbours,
  type Neighbour,
} from '../../src/domain/assignment/assign';
import { solveAssignment } from '../../src/domain/assignment/hungarian';

const options: AssignmentOptions = {
  k: 5,
  similarityThreshold: 0.4,
  minMargin: 0.09,
  useVoting: true,
};

const nb = (studentId: string, similarity: number, cropId?: string): Neighbour =>
  cropId === undefined ? { studentId, similarity } : { studentId, similarity, cropId };

const face = (faceId: string, neighbours: Neighbour[]): FaceNeighbours => ({ faceId, neighbours });

const seeded = createRandom;

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('open-set assignment of one face', () => {
  it('assigns a clear match, with the neighbours that decided it, nearest first', () => {
    const result = assignFace(
      face('f', [
        nb('b', 0.2),
        nb('a', 0.7, 'c1'),
        nb('a', 0.65, 'c2'),
        nb('c', 0.15),
        nb('a', 0.6),
      ]),
      options,
    );
    expect(result.studentId).toBe('a');
    expect(result.reason).toBe('assigned');
    expect(result.score).toBeCloseTo(0.675);
    // At most two neighbours per student: a's third crop (0.6) is not one of them.
    expect(result.neighbours.map((n) => n.similarity)).toEqual([0.7, 0.65, 0.2, 0.15]);
    expect(result.neighbours[0]?.cropId).toBe('c1');
    expect(result.confidence).toBeGreaterThanOrEqual(0.5);
  });

  it('leaves a stranger unassigned: every student scores low', () => {
    const result = assignFace(
      face('f', [nb('a', 0.33), nb('b', 0.31), nb('a', 0.3), nb('c', 0.25), nb('b', 0.2)]),
      options,
    );
    expect(result.studentId).toBeNull();
    expect(result.reason).toBe('below-threshold');
    expect(result.candidateId).toBe('a');
    expect(result.confidence).toBeLessThan(0.5);
  });

  it('leaves a face unassigned when two students are too close (open set, no guessing)', () => {
    const result = assignFace(
      face('f', [nb('a', 0.62), nb('b', 0.6), nb('a', 0.58), nb('b', 0.57), nb('c', 0.1)]),
      options,
    );
    expect(result.studentId).toBeNull();
    expect(result.reason).toBe('ambiguous');
    expect(result.margin).toBeCloseTo(0.015);
  });

  it('a face with no neighbours (empty gallery) stays unassigned', () => {
    const result = assignFace(face('f', []), options);
    expect(result).toMatchObject({ studentId: null, candidateId: null, reason: 'no-neighbours' });
  });

  it('confidence reflects the margin over the second-best student, not only the score', () => {
    const clear = assignFace(
      face('f', [nb('a', 0.7), nb('a', 0.7), nb('b', 0.3), nb('b', 0.28), nb('c', 0.2)]),
      options,
    );
    const contested = assignFace(
      face('f', [nb('a', 0.7), nb('a', 0.7), nb('b', 0.59), nb('b', 0.58), nb('c', 0.2)]),
      options,
    );
    expect(clear.score).toBeCloseTo(contested.score);
    expect(clear.studentId).toBe('a');
    expect(contested.studentId).toBe('a');
    expect(clear.margin).toBeGreaterThan(contested.margin);
    expect(clear.confidence).toBeGreaterThan(contested.confidence);
    expect(contested.confidence).toBeGreaterThanOrEqual(0.5);
  });

  it('a student seen once among the k gets the k-th similarity as its second value', () => {
    const result = assignFace(
      face('f', [
        nb('a', 0.7),
        nb('a', 0.69),
        nb('b', 0.3),
        nb('c', 0.28),
        nb('d', 0.25),
        nb('e', 0.2),
      ]),
      options,
    );
    expect(result.neighbours).toHaveLength(5);
    expect(result.scores.find((x) => x.studentId === 'b')?.score).toBeCloseTo((0.3 + 0.25) / 2);
    // Unseen students (e) are bounded by the 5th similarity too.
    expect(result.secondScore).toBeGreaterThanOrEqual(0.25);
    expect(result.studentId).toBe('a');
  });

  it('voting uses the top-2 mean per student; without voting the nearest neighbour decides', () => {
    const neighbours = [nb('a', 0.62), nb('b', 0.6), nb('b', 0.6), nb('c', 0.1), nb('d', 0.1)];
    const voting = assignFace(face('f', neighbours), { ...options, minMargin: 0 });
    const nearest = assignFace(face('f', neighbours), {
      ...options,
      minMargin: 0,
      useVoting: false,
    });
    // a: (0.62 + 0.1) / 2 (its unseen second crop is at most the 5th similarity); b: 0.6.
    expect(voting.studentId).toBe('b');
    expect(nearest.studentId).toBe('a');
  });

  it('a student with a single gallery crop is scored by that crop when the counts are known', () => {
    const neighbours = [nb('a', 0.6), nb('b', 0.2), nb('c', 0.15), nb('d', 0.1), nb('e', 0.1)];
    const unknownCounts = assignFace(face('f', neighbours), options);
    const withCounts = assignFace(face('f', neighbours), options, {
      galleryCounts: new Map([['a', 1]]),
    });
    expect(unknownCounts.score).toBeCloseTo(0.35);
    expect(unknownCounts.studentId).toBeNull();
    expect(withCounts.score).toBeCloseTo(0.6);
    expect(withCounts.studentId).toBe('a');
  });

  it('only the k nearest count', () => {
    const neighbours = [nb('a', 0.9), nb('b', 0.5), nb('c', 0.45), nb('d', 0.44), nb('e', 0.43)];
    const result = assignFace(face('f', [nb('z', 0.05), ...neighbours]), options);
    expect(result.neighbours).toHaveLength(5);
    expect(result.scores.map((x) => x.studentId)).not.toContain('z');
  });

  it('a student with many crops cannot fill all k neighbours (at most two each)', () => {
    const many = [0.7, 0.69, 0.68, 0.67, 0.66, 0.65].map((x) => nb('a', x));
    const result = assignFace(
      face('f', [...many, nb('b', 0.3), nb('c', 0.25), nb('d', 0.2)]),
      options,
    );
    expect(result.neighbours.map((n) => n.studentId)).toEqual(['a', 'a', 'b', 'c', 'd']);
    expect(result.studentId).toBe('a');
    expect(result.secondScore).toBeCloseTo(0.25);
  });

  it('rejects bad options', () => {
    expect(() => assignFace(face('f', []), { ...options, k: 0 })).toThrow(RangeError);
    expect(() => assignFace(face('f', []), { ...options, minMargin: -1 })).toThrow(RangeError);
  });
});

describe('manual rejections', () => {
  it('a rejected (face, student) pair is never proposed, even as the candidate', () => {
    const neighbours = [nb('a', 0.9), nb('a', 0.88), nb('b', 0.6), nb('b', 0.58), nb('c', 0.1)];
    const result = assignFace(face('f', neighbours), options, {
      rejections: [{ faceId: 'f', studentId: 'a' }],
    });
    expect(result.studentId).toBe('b');
    expect(result.candidateId).toBe('b');
    expect(result.scores.map((s) => s.studentId)).not.toContain('a');
    expect(result.neighbours.map((n) => n.studentId)).not.toContain('a');
  });

  it('a rejection for another face does not matter', () => {
    const neighbours = [nb('a', 0.9), nb('a', 0.88), nb('b', 0.3), nb('b', 0.28), nb('c', 0.1)];
    const result = assignFace(face('f', neighbours), options, {
      rejections: [{ faceId: 'g', studentId: 'a' }],
    });
    expect(result.studentId).toBe('a');
  });

  it('rejecting the only match leaves the face unassigned', () => {
    const neighbours = [nb('a', 0.9), nb('a', 0.88), nb('b', 0.3), nb('b', 0.28), nb('c', 0.1)];
    const result = assignFace(face('f', neighbours), options, {
      rejections: [{ faceId: 'f', studentId: 'a' }],
    });
    expect(result.studentId).toBeNull();
  });
});

describe('joint assignment of the faces of one photo', () => {
  it('two faces nearest to the same student: one gets them, the other its next-best', () => {
    const results = assignPhotoFaces(
      [
        face('f1', [nb('a', 0.8), nb('a', 0.78), nb('b', 0.5), nb('b', 0.48), nb('c', 0.1)]),
        face('f2', [nb('a', 0.7), nb('a', 0.68), nb('b', 0.6), nb('b', 0.58), nb('c', 0.1)]),
      ],
      options,
    );
    expect(results.map((r) => r.studentId)).toEqual(['a', 'b']);
    // f2's margin is now measured against the students still free in the photo.
    expect(results[1]?.reason).toBe('assigned');
  });

  it('two faces nearest to the same student with no other match: the other gets none', () => {
    const results = assignPhotoFaces(
      [
        face('f1', [nb('a', 0.7), nb('a', 0.68), nb('b', 0.2), nb('c', 0.15), nb('d', 0.1)]),
        face('f2', [nb('a', 0.8), nb('a', 0.78), nb('b', 0.2), nb('c', 0.15), nb('d', 0.1)]),
      ],
      options,
    );
    expect(results[1]?.studentId).toBe('a');
    expect(results[0]?.studentId).toBeNull();
    expect(results[0]?.reason).toBe('taken-in-photo');
    expect(results[0]?.confidence).toBeLessThan(0.5);
  });

  it('maximises the whole photo, not face by face', () => {
    // Greedy would give f1 "a" (0.9 > 0.85); the joint step gives f1 "b" and f2 "a" (total higher).
    const results = assignPhotoFaces(
      [
        face('f1', [nb('a', 0.9), nb('a', 0.9), nb('b', 0.8), nb('b', 0.8), nb('c', 0.1)]),
        face('f2', [nb('a', 0.85), nb('a', 0.85), nb('c', 0.1), nb('d', 0.1), nb('e', 0.1)]),
      ],
      { ...options, minMargin: 0 },
    );
    expect(results.map((r) => r.studentId)).toEqual(['b', 'a']);
  });

  it('never gives one student to two faces (60 faces x 60 students)', () => {
    const random = seeded(7);
    const students = Array.from({ length: 60 }, (_, i) => `s${i}`);
    const faces = Array.from({ length: 60 }, (_, i) =>
      face(
        `f${i}`,
        Array.from({ length: 10 }, () =>
          nb(students[Math.floor(random() * 8)] as string, 0.3 + 0.6 * random()),
        ),
      ),
    );
    const t0 = performance.now();
    const results = assignPhotoFaces(faces, { ...options, minMargin: 0 });
    expect(performance.now() - t0).toBeLessThan(1000);
    const assigned = results.flatMap((r) => (r.studentId ? [r.studentId] : []));
    expect(new Set(assigned).size).toBe(assigned.length);
    expect(assigned.length).toBeGreaterThan(0);
  });

  it('refuses the same face twice', () => {
    expect(() => assignPhotoFaces([face('f', []), face('f', [])], options)).toThrow(RangeError);
  });

  it('is deterministic: input order of faces and neighbours does not change any result', () => {
    const random = seeded(3);
    const faces = Array.from({ length: 12 }, (_, i) =>
      face(
        `f${i}`,
        Array.from({ length: 8 }, (_, j) =>
          nb(
            `s${Math.floor(random() * 6)}`,
            Math.round((0.2 + 0.7 * random()) * 100) / 100,
            `c${j}`,
          ),
        ),
      ),
    );
    const first = assignPhotoFaces(faces, options);
    for (let round = 0; round < 5; round++) {
      const shuffled = shuffle(faces, random).map((f) =>
        face(f.faceId, shuffle(f.neighbours, random)),
      );
      const again = assignPhotoFaces(shuffled, options);
      const byFace = new Map(again.map((r) => [r.faceId, r]));
      for (const r of first) expect(byFace.get(r.faceId)).toEqual(r);
    }
    expect(assignPhotoFaces(faces, options)).toEqual(first);
  });
});

describe('Hungarian algorithm', () => {
  function bruteForce(cost: number[][]): number {
    const n = cost.length;
    const m = cost[0]?.length ?? 0;
    let best = Infinity;
    const used = new Array<boolean>(m).fill(false);
    const walk = (i: number, total: number) => {
      if (i === n) {
        best = Math.min(best, total);
        return;
      }
      for (let j = 0; j < m; j++) {
        if (used[j]) continue;
        used[j] = true;
        walk(i + 1, total + (cost[i]?.[j] as number));
        used[j] = false;
      }
    };
    walk(0, 0);
    return best;
  }

  it('matches brute force on random small matrices (square and rectangular)', () => {
    const random = seeded(11);
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(random() * 5);
      const m = n + Math.floor(random() * 3);
      const cost = Array.from({ length: n }, () =>
        Array.from({ length: m }, () =>
          random() < 0.2 ? 1e6 : Math.round((random() * 20 - 10) * 100) / 100,
        ),
      );
      const columns = solveAssignment(cost);
      expect(new Set(columns).size).toBe(n);
      const total = columns.reduce((s, j, i) => s + (cost[i]?.[j] as number), 0);
      expect(total).toBeCloseTo(bruteForce(cost), 6);
    }
  });

  it('handles the trivial and the invalid', () => {
    expect(solveAssignment([])).toEqual([]);
    expect(solveAssignment([[5]])).toEqual([0]);
    expect(solveAssignment([[3, 1, 2]])).toEqual([1]);
    expect(() => solveAssignment([[1], [2]])).toThrow(RangeError);
    expect(() => solveAssignment([[NaN, 1]])).toThrow(RangeError);
  });
});

describe('exact nearest neighbours', () => {
  it('returns the k most similar gallery crops, nearest first', () => {
    const gallery = [
      { studentId: 'a', cropId: 'x', vector: [1, 0] },
      { studentId: 'b', cropId: 'y', vector: [0, 1] },
      { studentId: 'c', cropId: 'z', vector: [Math.SQRT1_2, Math.SQRT1_2] },
    ];
    const result = nearestNeighbours([1, 0], gallery, 2);
    expect(result.map((n) => n.cropId)).toEqual(['x', 'z']);
    expect(result[1]?.similarity).toBeCloseTo(Math.SQRT1_2);
    const capped = nearestNeighbours([1, 0], [...gallery, { ...gallery[0]!, cropId: 'w' }], 3, 1);
    expect(capped.map((n) => n.studentId)).toEqual(['a', 'c', 'b']);
  });
});
