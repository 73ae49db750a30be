// Deterministic spherical k-means, used only to cut a large set of vectors into blocks of
// neighbours (an IVF-style coarse partition) so exact linkage runs per block instead of on an
// n-by-n matrix. No randomness: centres start at evenly spaced items, ties go to the lower index.

import { dotAt } from '../embedding/vectors';

/** Row-major vectors: item i is data[i * dim .. (i + 1) * dim). */
export interface VectorSet {
  data: Float64Array;
  dim: number;
  count: number;
}

function nearestCentre(set: VectorSet, item: number, centres: Float64Array, k: number): number {
  let best = -Infinity;
  let arg = 0;
  for (let c = 0; c < k; c++) {
    const s = dotAt(set.data, item * set.dim, centres, c * set.dim, set.dim);
    if (s > best) {
      best = s;
      arg = c;
    }
  }
  return arg;
}

/**
 * Splits items 0..count-1 into about `k` blocks of similar directions. Centres are fitted on at
 * most `sampleSize` evenly spaced items for `iterations` rounds, then every item goes to its
 * nearest centre. Returns the non-empty blocks (item indices ascending), in centre order.
 */
export function kMeansBlocks(
  set: VectorSet,
  k: number,
  iterations = 4,
  sampleSize = 64 * k,
): number[][] {
  const { dim, count } = set;
  k = Math.max(1, Math.min(k, count));
  if (k === 1) return [Array.from({ length: count }, (_, i) => i)];
  const step = Math.max(1, Math.floor(count / Math.min(count, sampleSize)));
  const sample: number[] = [];
  for (let i = 0; i < count && sample.length < sampleSize; i += step) sample.push(i);
  const centres = new Float64Array(k * dim);
  for (let c = 0; c < k; c++) {
    const item = sample[Math.floor((c * sample.length) / k)]!;
    centres.set(set.data.subarray(item * dim, (item + 1) * dim), c * dim);
  }
  const assign = new Int32Array(sample.length);
  for (let it = 0; it < iterations; it++) {
    for (let s = 0; s < sample.length; s++) assign[s] = nearestCentre(set, sample[s]!, centres, k);
    const sums = new Float64Array(k * dim);
    const counts = new Int32Array(k);
    for (let s = 0; s < sample.length; s++) {
      const c = assign[s]!;
      counts[c] = counts[c]! + 1;
      const off = sample[s]! * dim;
      for (let d = 0; d < dim; d++) sums[c * dim + d] = sums[c * dim + d]! + set.data[off + d]!;
    }
    for (let c = 0; c < k; c++) {
      if (counts[c] === 0) continue; // keep the old centre
      let n = 0;
      for (let d = 0; d < dim; d++) n += sums[c * dim + d]! ** 2;
      n = Math.sqrt(n) || 1;
      for (let d = 0; d < dim; d++) centres[c * dim + d] = sums[c * dim + d]! / n;
    }
  }
  const blocks: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < count; i++) blocks[nearestCentre(set, i, centres, k)]!.push(i);
  return blocks.filter((b) => b.length > 0);
}
