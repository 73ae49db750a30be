import { describe, expect, test } from 'vitest';
import { DotKernel } from '../../src/domain/embedding/dot-kernel';
import {
  cosineErrorBound,
  FaceMatrix,
  pgvectorCosineDistance,
  type RankedNeighbour,
} from '../../src/domain/embedding/face-matrix';

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function unitVector(next: () => number, dim: number): Float32Array {
  const v = Float32Array.from({ length: dim }, () => next() - 0.5);
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

/** Brute force: every similarity in double precision, sorted. */
function bruteForce(gallery: Map<string, Float32Array>, query: Float32Array, k: number) {
  return [...gallery]
    .map(([id, v]) => ({ id, similarity: v.reduce((s, x, i) => s + x * (query[i] as number), 0) }))
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, k);
}

describe('FaceMatrix', () => {
  test('finds exactly the brute-force neighbours, through growth, updates and removals', () => {
    const next = random(7);
    const dim = 16;
    const matrix = new FaceMatrix(dim, 2);
    const gallery = new Map<string, Float32Array>();
    for (let i = 0; i < 300; i++) {
      const v = unitVector(next, dim);
      matrix.upsert(`f${i}`, v, `s${i % 7}`);
      gallery.set(`f${i}`, v);
    }
    for (let i = 0; i < 300; i += 3) {
      matrix.remove(`f${i}`);
      gallery.delete(`f${i}`);
    }
    for (let i = 1; i < 300; i += 10) {
      const v = unitVector(next, dim);
      matrix.upsert(`f${i}`, v, 'moved');
      gallery.set(`f${i}`, v);
    }
    expect(matrix.size).toBe(gallery.size);
    for (let q = 0; q < 20; q++) {
      const query = unitVector(next, dim);
      const found = matrix.search(query, 5);
      const expected = bruteForce(gallery, query, 5);
      expect(found.map((n) => n.id)).toEqual(expected.map((n) => n.id));
      found.forEach((n, i) => expect(n.similarity).toBeCloseTo(expected[i]?.similarity ?? 0, 5));
    }
    expect(matrix.groupOf('f1')).toBe('moved');
    expect(matrix.has('f0')).toBe(false);
  });

  test('handles k larger than the gallery and k = 0', () => {
    const matrix = new FaceMatrix(2);
    matrix.upsert('1', [1, 0], 'ana');
    matrix.upsert('2', [0.8, 0.6], 'ben');
    matrix.upsert('3', [0, 1], 'ana');
    expect(matrix.search([1, 0], 10).map((n) => n.id)).toEqual(['1', '2', '3']);
    expect(matrix.search([1, 0], 0)).toEqual([]);
  });

  test.each([
    [64, 'WebAssembly SIMD'],
    [24, 'JavaScript'],
  ])(
    'nearest, %i values (%s): exactly the full exact ranking, per-group cap, ties by id',
    (dim) => {
      const next = random(11);
      const matrix = new FaceMatrix(dim, 4);
      const rows: { id: string; v: Float32Array; group: string; batch: string }[] = [];
      for (let i = 0; i < 400; i++) {
        // Every fifth row repeats an earlier vector under a new id: exact ties.
        const v = i % 5 === 4 ? (rows[i - 3]?.v as Float32Array) : unitVector(next, dim);
        const row = { id: `f${(i * 7919) % 1000}`, v, group: `s${i % 9}`, batch: `p${i % 13}` };
        rows.push(row);
        matrix.upsert(row.id, row.v, row.group, row.batch);
      }
      const norm = (v: Float32Array) => v.reduce((s, x) => Math.fround(s + Math.fround(x * x)), 0);
      for (let t = 0; t < 30; t++) {
        const query = t % 3 === 0 ? (rows[t]?.v as Float32Array) : unitVector(next, dim);
        const options = { k: 10, perGroup: 2, skipGroups: ['s3'], skipBatch: `p${t % 13}` };
        const expected: RankedNeighbour[] = [];
        const counts = new Map<string, number>();
        rows
          .filter((r) => r.group !== 's3' && r.batch !== options.skipBatch)
          .map((r) => {
            const distance = pgvectorCosineDistance(r.v, 0, norm(r.v), query, norm(query), dim);
            return { id: r.id, group: r.group, distance, similarity: 1 - distance };
          })
          .sort((a, b) => a.distance - b.distance || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
          .forEach((n) => {
            const c = counts.get(n.group) ?? 0;
            if (c >= options.perGroup || expected.length === options.k) return;
            counts.set(n.group, c + 1);
            expected.push(n);
          });
        expect(matrix.nearest(query, options)).toEqual(expected);
      }
      // A batch (a photo's faces) gets each query's own answer.
      const batch = [rows[1], rows[2], rows[3]].map((r, i) => ({
        query: r?.v as Float32Array,
        k: 5 + i,
        perGroup: 1 + i,
        skipBatch: r?.batch as string,
      }));
      expect(matrix.nearestMany(batch)).toEqual(batch.map((b) => matrix.nearest(b.query, b)));
      expect(matrix.nearest(rows[0]?.v as Float32Array, { k: 0, perGroup: 2 })).toEqual([]);
      // Fewer eligible rows than k: all of them.
      expect(matrix.nearest(rows[0]?.v as Float32Array, { k: 1000, perGroup: 1000 })).toHaveLength(
        400,
      );
    },
  );

  test('refuses vectors of the wrong length and changes nothing', () => {
    const matrix = new FaceMatrix(3);
    expect(() => matrix.upsert('1', [1, 0])).toThrow(RangeError);
    expect(matrix.size).toBe(0);
    expect(() => matrix.search([1, 0], 1)).toThrow(RangeError);
    expect(() => matrix.nearest([1, 0], { k: 1, perGroup: 1 })).toThrow(RangeError);
    expect(() => new FaceMatrix(0)).toThrow(RangeError);
  });

  test('the SIMD kernel: dot products within the error bound, rows kept as it grows', () => {
    const next = random(5);
    const dim = 512;
    const kernel = DotKernel.create(dim, 2);
    expect(kernel).not.toBeNull(); // Node has WebAssembly SIMD
    const rows = Array.from({ length: 50 }, () => unitVector(next, dim));
    rows.forEach((v, i) => {
      kernel!.reserve(i + 1);
      kernel!.data.set(v, i * dim);
    });
    const queries = [unitVector(next, dim), unitVector(next, dim), unitVector(next, dim)];
    const scores = kernel!.scores(queries, rows.length);
    queries.forEach((query, q) =>
      rows.forEach((v, i) => {
        const exact = v.reduce((s, x, j) => s + x * (query[j] as number), 0);
        expect(Math.abs((scores[q]![i] as number) - exact)).toBeLessThan(cosineErrorBound(dim) / 4);
      }),
    );
    expect(DotKernel.create(24, 2)).toBeNull(); // not a multiple of 16: plain JavaScript
  });
});
