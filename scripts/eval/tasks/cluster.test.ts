import { describe, expect, test } from 'vitest';
import { selectClusterItems, singletonsForUnclustered } from './cluster';

const ids = [
  { name: 'A', images: ['a1', 'a2', 'a3'] },
  { name: 'B', images: ['b1'] },
  { name: 'C', images: ['c1', 'c2'] },
  { name: 'D', images: ['d1'] },
  { name: 'E', images: ['e1'] },
];

describe('eval cluster selection', () => {
  test('identities with >= M images (first C), then D one-image distractors in name order', () => {
    expect(selectClusterItems(ids, 2, 2, 2)).toEqual([
      { identity: 'A', path: 'a1' },
      { identity: 'A', path: 'a2' },
      { identity: 'C', path: 'c1' },
      { identity: 'C', path: 'c2' },
      { identity: 'B', path: 'b1' },
      { identity: 'D', path: 'd1' },
    ]);
  });

  test('min-images 1 takes every image once', () => {
    expect(selectClusterItems(ids, 1, 100, 3)).toHaveLength(8);
  });

  test('asking for more distractors than exist is a usage error', () => {
    expect(() => selectClusterItems(ids, 2, 20, 4)).toThrow(/only 3/);
  });

  test('unclustered faces become singleton clusters', () => {
    expect(singletonsForUnclustered([0, -1, 1, -1, 0])).toEqual([0, 2, 1, 3, 0]);
    expect(singletonsForUnclustered([-1, -1])).toEqual([0, 1]);
  });
});
