// Exact, constrained average linkage over a small set of groups ("units") of faces.
//
// Each unit keeps the SUM of its members' L2-normalised embeddings. For unit vectors the
// average pairwise cosine between two groups equals sumA . sumB / (|A| |B|) (the mean of the
// members' vectors dotted together), so average linkage never needs the face-by-face matrix:
// only the unit-by-unit one of the block being merged, updated by the Lance-Williams rule
// sim(A+B, C) = (|A| sim(A, C) + |B| sim(B, C)) / (|A| + |B|), which is exact for average linkage.

import { dotAt } from '../embedding/vectors';

/** A group of faces that is clustered as one piece. */
export interface Unit {
  /** Sum of the members' unit vectors (dimension d). */
  sum: Float64Array;
  /** Face indices, ascending order is not required; `first` is the smallest. */
  members: number[];
  /** Smallest member index: the deterministic tie-breaker. */
  first: number;
  /** Identity key every member is anchored to (a confirmed student), or null. */
  anchor: string | null;
  /** Identity keys some member must never be grouped with. */
  rejects: Set<string> | null;
  /** Cannot-link groups (e.g. photos) some member belongs to: two units sharing one never merge. */
  groups: Set<number> | null;
  /** True when some member may start a cluster (good quality or anchored). */
  canStart: boolean;
}

export function dotF64(a: Float64Array, b: Float64Array): number {
  return dotAt(a, 0, b, 0, a.length);
}

/** Whether two units may become one cluster under the constraints. */
export function canMerge(a: Unit, b: Unit): boolean {
  if (a.anchor !== null && b.anchor !== null && a.anchor !== b.anchor) return false;
  if (a.anchor !== null && b.rejects?.has(a.anchor)) return false;
  if (b.anchor !== null && a.rejects?.has(b.anchor)) return false;
  // Low-quality faces never start a cluster between themselves.
  if (!a.canStart && !b.canStart) return false;
  if (a.groups && b.groups) {
    const [small, large] =
      a.groups.size <= b.groups.size ? [a.groups, b.groups] : [b.groups, a.groups];
    for (const g of small) if (large.has(g)) return false;
  }
  return true;
}

function union<T>(a: Set<T> | null, b: Set<T> | null): Set<T> | null {
  if (!a) return b ? new Set(b) : null;
  const out = new Set(a);
  if (b) for (const v of b) out.add(v);
  return out;
}

/** A new unit holding both (the constraint sets are unions). */
export function mergeUnits(a: Unit, b: Unit): Unit {
  const sum = new Float64Array(a.sum.length);
  for (let i = 0; i < sum.length; i++) sum[i] = a.sum[i]! + b.sum[i]!;
  return {
    sum,
    members: a.members.concat(b.members),
    first: Math.min(a.first, b.first),
    anchor: a.anchor ?? b.anchor,
    rejects: union(a.rejects, b.rejects),
    groups: union(a.groups, b.groups),
    canStart: a.canStart || b.canStart,
  };
}

/** Average pairwise cosine between the members of two units. */
export function unitSimilarity(a: Unit, b: Unit): number {
  return dotF64(a.sum, b.sum) / (a.members.length * b.members.length);
}

/**
 * Agglomerates the units by average linkage (allowed pairs only) while the most similar pair
 * is at or above `threshold`. Returns the resulting units, ordered by their smallest member
 * index. O(b^2) memory and time for b units.
 */
export function averageLinkage(input: readonly Unit[], threshold: number): Unit[] {
  const units = [...input].sort((x, y) => x.first - y.first);
  const b = units.length;
  if (b < 2) return units;
  const NONE = -Infinity;
  const finished: Unit[] = [];
  const sim = new Float64Array(b * b);
  for (let i = 0; i < b; i++) {
    sim[i * b + i] = NONE;
    const ui = units[i]!;
    for (let j = i + 1; j < b; j++) {
      const uj = units[j]!;
      const s = canMerge(ui, uj) ? unitSimilarity(ui, uj) : NONE;
      sim[i * b + j] = s;
      sim[j * b + i] = s;
    }
  }
  // Nearest-neighbour chain: follow nearest neighbours until two are each other's nearest,
  // merge them, continue. Average linkage is reducible (a merged group is never more similar to
  // a third group than the better of its parts, and constraints only forbid more), so this makes
  // exactly the merges of best-first agglomeration above the threshold, in O(b^2) instead of
  // O(b^3); a group whose nearest neighbour is below the threshold can never merge again.
  const active = new Uint8Array(b).fill(1);
  const size = new Float64Array(b);
  for (let i = 0; i < b; i++) size[i] = units[i]!.members.length;
  const chain: number[] = [];
  let next = 0;
  for (;;) {
    if (chain.length === 0) {
      while (next < b && !active[next]) next++;
      if (next >= b) break;
      chain.push(next);
    }
    const a = chain[chain.length - 1]!;
    const prev = chain.length >= 2 ? chain[chain.length - 2]! : -1;
    // Nearest active neighbour of a; ties go to the previous chain link, then the lower index.
    let best = -1;
    let bestSim = NONE;
    const row = a * b;
    for (let k = 0; k < b; k++) {
      if (!active[k] || k === a) continue;
      const s = sim[row + k]!;
      if (s > bestSim || (s === bestSim && s !== NONE && k === prev)) {
        bestSim = s;
        best = k;
      }
    }
    if (prev >= 0 && best !== prev && sim[row + prev] === bestSim) best = prev;
    if (best < 0 || bestSim < threshold) {
      // Finished: nothing will ever be similar enough to a again.
      active[a] = 0;
      finished.push(units[a]!);
      chain.pop();
      continue;
    }
    if (best !== prev) {
      chain.push(best);
      continue;
    }
    chain.pop();
    chain.pop();
    const i = Math.min(a, best);
    const j = Math.max(a, best);
    const merged = mergeUnits(units[i]!, units[j]!);
    units[i] = merged;
    active[j] = 0;
    const ni = size[i]!;
    const nj = size[j]!;
    size[i] = ni + nj;
    for (let k = 0; k < b; k++) {
      if (!active[k] || k === i) continue;
      const x = sim[i * b + k]!;
      const y = sim[j * b + k]!;
      let v = x === NONE || y === NONE ? NONE : (ni * x + nj * y) / (ni + nj);
      if (v !== NONE && !canMerge(merged, units[k]!)) v = NONE;
      sim[i * b + k] = v;
      sim[k * b + i] = v;
    }
    if (i < next) next = i;
  }
  return finished.sort((x, y) => x.first - y.first);
}
