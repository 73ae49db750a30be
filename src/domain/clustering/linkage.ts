// Exact, constrained average linkage over a small set of groups ("units") of faces.
//
// Each unit keeps the SUM of its members' L2-normalised embeddings. For unit vectors the
// average pairwise cosine between two groups equals sumA . sumB / (|A| |B|) (the mean of the
// members' vectors dotted together), so average linkage never needs the face-by-face matrix:
// only the unit-by-unit one of the block being merged, updated by the Lance-Williams rule
// sim(A+B, C) = (|A| sim(A, C) + |B| sim(B, C)) / (|A| + |B|), which is exact for average linkage.

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
  seeded: boolean;
}

export function dotF64(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += a[i]! * b[i]!;
    s1 += a[i + 1]! * b[i + 1]!;
    s2 += a[i + 2]! * b[i + 2]!;
    s3 += a[i + 3]! * b[i + 3]!;
  }
  for (; i < n; i++) s0 += a[i]! * b[i]!;
  return s0 + s1 + s2 + s3;
}

/** Whether two units may become one cluster under the constraints. */
export function canMerge(a: Unit, b: Unit): boolean {
  if (a.anchor !== null && b.anchor !== null && a.anchor !== b.anchor) return false;
  if (a.anchor !== null && b.rejects?.has(a.anchor)) return false;
  if (b.anchor !== null && a.rejects?.has(b.anchor)) return false;
  // Low-quality faces never start a cluster between themselves.
  if (!a.seeded && !b.seeded) return false;
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
    seeded: a.seeded || b.seeded,
  };
}

/** Average pairwise cosine between the members of two units. */
export function unitSimilarity(a: Unit, b: Unit): number {
  return dotF64(a.sum, b.sum) / (a.members.length * b.members.length);
}

/**
 * Merges the units best-first (highest average similarity, ties by smallest member index) while
 * the best allowed pair is at or above `threshold`. Returns the resulting units, ordered by
 * their smallest member index. O(b^2) memory and about O(b^2) time for b units.
 */
export function averageLinkage(input: readonly Unit[], threshold: number): Unit[] {
  const units = [...input].sort((x, y) => x.first - y.first);
  const b = units.length;
  if (b < 2) return units;
  const NONE = -Infinity;
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
  const active = new Uint8Array(b).fill(1);
  const size = new Float64Array(b);
  for (let i = 0; i < b; i++) size[i] = units[i]!.members.length;
  // Best partner of each row (value, index); ties go to the smaller index.
  const bestVal = new Float64Array(b);
  const bestIdx = new Int32Array(b);
  const refreshRow = (i: number) => {
    let v = NONE;
    let k = -1;
    const row = i * b;
    for (let j = 0; j < b; j++) {
      if (!active[j]) continue;
      const s = sim[row + j]!;
      if (s > v) {
        v = s;
        k = j;
      }
    }
    bestVal[i] = v;
    bestIdx[i] = k;
  };
  for (let i = 0; i < b; i++) refreshRow(i);

  for (;;) {
    let bi = -1;
    let bv = NONE;
    for (let i = 0; i < b; i++) {
      if (active[i] && bestVal[i]! > bv) {
        bv = bestVal[i]!;
        bi = i;
      }
    }
    if (bi < 0 || bv < threshold) break;
    const bj = bestIdx[bi]!;
    // Merge the later row into the earlier one (rows are in smallest-member order).
    const i = Math.min(bi, bj);
    const j = Math.max(bi, bj);
    const merged = mergeUnits(units[i]!, units[j]!);
    units[i] = merged;
    active[j] = 0;
    const ni = size[i]!;
    const nj = size[j]!;
    size[i] = ni + nj;
    for (let k = 0; k < b; k++) {
      if (!active[k] || k === i) continue;
      const a = sim[i * b + k]!;
      const c = sim[j * b + k]!;
      let s = a === NONE || c === NONE ? NONE : (ni * a + nj * c) / (ni + nj);
      if (s !== NONE && !canMerge(merged, units[k]!)) s = NONE;
      sim[i * b + k] = s;
      sim[k * b + i] = s;
    }
    refreshRow(i);
    for (let k = 0; k < b; k++) {
      if (!active[k] || k === i) continue;
      const p = bestIdx[k]!;
      if (p === i || p === j) refreshRow(k);
      else {
        const s = sim[k * b + i]!;
        if (s > bestVal[k]! || (s === bestVal[k]! && i < p)) {
          bestVal[k] = s;
          bestIdx[k] = i;
        }
      }
    }
  }
  const out: Unit[] = [];
  for (let i = 0; i < b; i++) if (active[i]) out.push(units[i]!);
  return out;
}
