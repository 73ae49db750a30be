import { describe, expect, test } from 'vitest';
import { FaceMatrix } from '../../src/domain/embedding/face-matrix';

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
    const matrix = new FaceMatrix<string, string>(dim, 2);
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
    expect(matrix.metaOf('f1')).toBe('moved');
    expect(matrix.has('f0')).toBe(false);
  });

  test('filters by id and metadata, and handles k larger than the gallery', () => {
    const matrix = new FaceMatrix<number, string>(2);
    matrix.upsert(1, [1, 0], 'ana');
    matrix.upsert(2, [0.8, 0.6], 'ben');
    matrix.upsert(3, [0, 1], 'ana');
    expect(matrix.search([1, 0], 10).map((n) => n.id)).toEqual([1, 2, 3]);
    expect(matrix.search([1, 0], 10, (_, who) => who === 'ana').map((n) => n.id)).toEqual([1, 3]);
    expect(matrix.search([1, 0], 0)).toEqual([]);
  });

  test('refuses vectors of the wrong length and changes nothing', () => {
    const matrix = new FaceMatrix<number>(3);
    expect(() => matrix.upsert(1, [1, 0], undefined)).toThrow(RangeError);
    expect(matrix.size).toBe(0);
    expect(() => matrix.search([1, 0], 1)).toThrow(RangeError);
    expect(() => new FaceMatrix(0)).toThrow(RangeError);
  });
});
