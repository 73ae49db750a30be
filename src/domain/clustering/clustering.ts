// Face clustering: groups unknown faces by person (the card's ClusteringService, done better).
//
// Parameters keep the card's meaning:
// - similarityThreshold: how similar (cosine) two groups of faces must be, on average over all
//   their cross pairs, to be called the same person. Higher = stricter = more, smaller clusters.
//   It is model-specific: the default is the default model's calibrated threshold
//   (src/domain/recognition/models.ts); pass the resolved parameters for another model.
// - maxClusters: caps how many NEW clusters may be turned into students (the largest first);
//   it never forces different people together. The grouping is the same whatever the cap:
//   every cluster found gets a label, and `withinCap` says which ones may become students.
//   Surplus (smaller) clusters stay groups of unassigned faces, left for the teacher's review.
//   Clusters anchored to an existing identity are always within the cap and do not count.
//
// Algorithm (no n-by-n matrix; deterministic, ties broken by face index):
// 1. Faces anchored to the same identity key start as one group; every other face alone.
// 2. A strict pass: average linkage at t + strictFraction * (1 - t), t = similarityThreshold,
//    builds pure pre-clusters (confident merges only).
// 3. Average linkage at t between the pre-clusters. Linkage is exact: each group keeps the sum
//    of its unit vectors, and mean_a . mean_b = average pairwise cosine between the two groups.
//    Both passes work on blocks: when there are more than `maxBlock` groups, they are cut into
//    blocks of similar direction by a deterministic spherical k-means (IVF-style), linkage runs
//    exactly inside each block, and the merged groups are partitioned again until they fit in
//    one block, where a final exact pass runs. Memory is O(maxBlock^2), time about O(n * block).
// 4. A face still alone joins the cluster whose `reassignTopK` most similar members average at
//    least t (average linkage is conservative with a single outlying photo of a person).
// 5. Every merge respects the constraints: cannot-link groups (faces of one photo are never one
//    person), anchors (different keys never merge), rejected (face, key) pairs, and low-quality
//    faces (canStart false) that may join a cluster but never start one between themselves.
// Measured on lfw-dev, ArcFace (scripts/bench/cluster-sweep.ts, thresholds 0.38-0.44): mean
// BCubed F of the three runs in the registry's derivation, each variant at its best threshold:
// plain average linkage 0.984 (0.42), + strict pass 0.985 (0.42), + re-assignment 0.987
// (0.44), both 0.988 (0.42). The strict pass mostly helps with many one-photo strangers.
import { checkClusteringNumbers } from '../recognition/parameters';
import { presetParameters } from '../recognition/presets';
import { averageLinkage, canMerge, dotF64, mergeUnits, type Unit } from './linkage';
import { kMeansBlocks, type VectorSet } from './partition';

export type EmbeddingInput = Float32Array | Float64Array | readonly number[];

export interface ClusteringParams {
  /** Most new clusters that may become students (largest first); the rest stay for review. */
  maxClusters: number;
  /** Average cosine between two groups at or above which they are one person. */
  similarityThreshold: number;
}

/** Algorithm knobs; the defaults are what the lfw-dev measurements chose. */
export interface ClusteringTuning {
  /**
   * Pre-clusters use t + strictFraction * (1 - t) for threshold t: a margin relative to the
   * room above the threshold, so it means the same for models whose cosines run high (0
   * disables the strict pass).
   */
  strictFraction: number;
  /** Target groups per block when partitioning. */
  blockSize: number;
  /** Largest set of groups linked exactly in one block. */
  maxBlock: number;
  /** Largest set of groups given one last exact pass when blocks stop making progress. */
  finalBlock: number;
  /**
   * A face left alone joins the cluster (of 2+ faces) where the mean of its `reassignTopK`
   * best similarities to the members reaches the threshold (0 disables).
   */
  reassignTopK: number;
  /** Clusters smaller than this are not reported (their faces get -1, unclustered). */
  minClusterSize: number;
}

export const DEFAULT_CLUSTERING_TUNING: ClusteringTuning = {
  strictFraction: 0.1,
  blockSize: 256,
  maxBlock: 640,
  finalBlock: 2048,
  minClusterSize: 1,
  reassignTopK: 3,
};

/** Decisions that every (re-)clustering must respect. Indices refer to the input embeddings. */
export interface ClusteringConstraints {
  /** Sets of faces that are never in one cluster (e.g. faces detected in the same photo). */
  cannotLink?: readonly (readonly number[])[];
  /** Face index -> identity key (e.g. a confirmed student): fixed membership. */
  anchors?: ReadonlyMap<number, string>;
  /** (face, identity key) pairs the teacher rejected: never in a cluster anchored to that key. */
  rejected?: readonly { index: number; key: string }[];
  /** Per face: may it start a cluster? (false for low-quality faces; default true). */
  canStart?: readonly boolean[];
}

export interface ClusteringResult {
  /** Clusters found (labels 0..numClusters-1, largest first). */
  numClusters: number;
  /** Size of each reported cluster, by label. */
  clusterSizes: number[];
  /** Per input face: its cluster label, or -1 (unclustered / left for review). */
  labels: number[];
  /** Per reported cluster: the anchor key it holds, or null for a new (unknown) person. */
  clusterAnchors: (string | null)[];
  /** Per reported cluster: average pairwise cosine of its faces (1 for a single face). */
  clusterCohesion: number[];
  /** Per cluster: may it become a student? False for new clusters beyond maxClusters. */
  withinCap: boolean[];
  /** New clusters beyond maxClusters: grouped, but left for review rather than made students. */
  surplusClusters: number;
  /** Faces with label -1. */
  unclustered: number;
}

export class ClusteringService {
  readonly maxClusters: number;
  readonly similarityThreshold: number;
  readonly tuning: ClusteringTuning;

  /**
   * Unset parameters are the balanced preset's for the default model (ArcFace); for another
   * model pass its own (src/domain/recognition/parameters.ts resolves them). Bad numbers are an
   * InvalidInputError (a RangeError with the 'validation' code).
   */
  constructor(params: Partial<ClusteringParams> = {}, tuning: Partial<ClusteringTuning> = {}) {
    const defaults = presetParameters().clustering;
    this.maxClusters = params.maxClusters ?? defaults.maxClusters;
    this.similarityThreshold = params.similarityThreshold ?? defaults.similarityThreshold;
    this.tuning = { ...DEFAULT_CLUSTERING_TUNING, ...tuning };
    checkClusteringNumbers(this.maxClusters, this.similarityThreshold);
  }

  clusterEmbeddings(
    embeddings: readonly EmbeddingInput[],
    constraints: ClusteringConstraints = {},
  ): ClusteringResult {
    const n = embeddings.length;
    const labels = new Array<number>(n).fill(-1);
    if (n === 0) {
      return {
        numClusters: 0,
        clusterSizes: [],
        labels,
        clusterAnchors: [],
        clusterCohesion: [],
        withinCap: [],
        surplusClusters: 0,
        unclustered: 0,
      };
    }
    const units = initialUnits(embeddings, constraints);
    const { strictFraction } = this.tuning;
    const t = this.similarityThreshold;
    let groups = units;
    if (strictFraction > 0) groups = this.link(groups, t + strictFraction * (1 - t));
    groups = this.link(groups, t);
    if (this.tuning.reassignTopK > 0) groups = this.reassign(groups, units, t);
    return this.report(groups, labels);
  }

  /** Average linkage at `threshold` over any number of groups, block by block. */
  private link(units: Unit[], threshold: number): Unit[] {
    const { blockSize, maxBlock, finalBlock } = this.tuning;
    let current = units;
    for (;;) {
      if (current.length <= maxBlock) return averageLinkage(current, threshold);
      const blocks = partitionUnits(current, blockSize, maxBlock);
      const next: Unit[] = [];
      for (const block of blocks) {
        for (const u of averageLinkage(
          block.map((i) => current[i]!),
          threshold,
        )) {
          next.push(u);
        }
      }
      const progressed = next.length < current.length * 0.9;
      current = next.sort((a, b) => a.first - b.first);
      if (!progressed) {
        // Little left to merge inside blocks: one exact pass over all groups when they are few
        // enough (finalBlock^2 similarities), else stop (groups in different blocks point in
        // different directions; comparing them all would need the matrix this avoids).
        return current.length <= finalBlock ? averageLinkage(current, threshold) : current;
      }
    }
  }

  /** Lone faces join the cluster of their nearest members (top-k mean >= threshold). */
  private reassign(groups: Unit[], initial: readonly Unit[], threshold: number): Unit[] {
    const k = this.tuning.reassignTopK;
    const vectorOf = new Map<number, Float64Array>();
    for (const u of initial) if (u.members.length === 1) vectorOf.set(u.first, u.sum);
    const clusters = groups.filter((u) => u.members.length >= 2);
    const alone = groups.filter((u) => u.members.length === 1);
    if (clusters.length === 0 || alone.length === 0) return groups;
    const joins = new Map<Unit, Unit[]>();
    const kept: Unit[] = [];
    for (const face of alone) {
      // Candidates: the few clusters with the best average similarity.
      const ranked = clusters
        .map((c) => ({ c, s: dotF64(face.sum, c.sum) / c.members.length }))
        .sort((a, b) => b.s - a.s || a.c.first - b.c.first)
        .slice(0, 3);
      let best: Unit | null = null;
      let bestScore = threshold;
      for (const { c } of ranked) {
        if (!canMerge(face, c)) continue;
        const sims = c.members.map((m) => {
          const v = vectorOf.get(m);
          return v ? dotF64(face.sum, v) : -1;
        });
        sims.sort((a, b) => b - a);
        const top = sims.slice(0, k);
        const score = top.reduce((t, v) => t + v, 0) / top.length;
        if (score >= bestScore && (best === null || score > bestScore)) {
          best = c;
          bestScore = score;
        }
      }
      if (best) joins.set(best, [...(joins.get(best) ?? []), face]);
      else kept.push(face);
    }
    const out: Unit[] = [...kept];
    for (const c of clusters) {
      let merged = c;
      for (const face of joins.get(c) ?? []) {
        // Faces joining the same cluster must still respect each other's constraints.
        if (canMerge(merged, face)) merged = mergeUnits(merged, face);
        else out.push(face);
      }
      out.push(merged);
    }
    return out.sort((a, b) => a.first - b.first);
  }

  private report(groups: Unit[], labels: number[]): ClusteringResult {
    const { minClusterSize } = this.tuning;
    const candidates = groups
      .filter((u) => u.canStart)
      .sort((a, b) => b.members.length - a.members.length || a.first - b.first);
    const anchored = candidates.filter((u) => u.anchor !== null);
    const fresh = candidates.filter(
      (u) => u.anchor === null && u.members.length >= Math.max(1, minClusterSize),
    );
    const capped = new Set([...anchored, ...fresh.slice(0, this.maxClusters)]);
    const reported = [...anchored, ...fresh].sort(
      (a, b) => b.members.length - a.members.length || a.first - b.first,
    );
    const withinCap = reported.map((u) => capped.has(u));
    const clusterSizes: number[] = [];
    const clusterAnchors: (string | null)[] = [];
    const clusterCohesion: number[] = [];
    reported.forEach((u, label) => {
      for (const m of u.members) labels[m] = label;
      const size = u.members.length;
      clusterSizes.push(size);
      clusterAnchors.push(u.anchor);
      let ss = 0;
      for (const v of u.sum) ss += v * v;
      // |sum|^2 = size + 2 * sum over pairs of cosines.
      clusterCohesion.push(size < 2 ? 1 : (ss - size) / (size * (size - 1)));
    });
    const unclustered = labels.filter((l) => l < 0).length;
    return {
      numClusters: reported.length,
      clusterSizes,
      labels,
      clusterAnchors,
      clusterCohesion,
      withinCap,
      surplusClusters: reported.length - capped.size,
      unclustered,
    };
  }
}

function initialUnits(
  embeddings: readonly EmbeddingInput[],
  constraints: ClusteringConstraints,
): Unit[] {
  const n = embeddings.length;
  const dim = embeddings[0]!.length;
  const groupsOf: (Set<number> | null)[] = new Array<Set<number> | null>(n).fill(null);
  (constraints.cannotLink ?? []).forEach((group, g) => {
    for (const i of group) {
      checkIndex(i, n, 'cannotLink');
      (groupsOf[i] ??= new Set()).add(g);
    }
  });
  const rejectsOf: (Set<string> | null)[] = new Array<Set<string> | null>(n).fill(null);
  for (const { index, key } of constraints.rejected ?? []) {
    checkIndex(index, n, 'rejected');
    (rejectsOf[index] ??= new Set()).add(key);
  }
  const anchors = constraints.anchors ?? new Map<number, string>();
  for (const i of anchors.keys()) checkIndex(i, n, 'anchors');
  const canStart = constraints.canStart;
  const single: Unit[] = embeddings.map((e, i) => {
    if (e.length !== dim) {
      throw new RangeError(`embedding ${i} has ${e.length} values, expected ${dim}`);
    }
    const sum = new Float64Array(dim);
    let ss = 0;
    for (let k = 0; k < dim; k++) ss += (e[k] as number) ** 2;
    const scale = ss > 0 ? 1 / Math.sqrt(ss) : 0;
    for (let k = 0; k < dim; k++) sum[k] = (e[k] as number) * scale;
    const anchor = anchors.get(i) ?? null;
    return {
      sum,
      members: [i],
      first: i,
      anchor,
      rejects: rejectsOf[i] ?? null,
      groups: groupsOf[i] ?? null,
      canStart: anchor !== null || (canStart?.[i] ?? true),
    };
  });
  // Faces anchored to the same key are one group from the start (a teacher's decision wins
  // over a cannot-link between them).
  const byAnchor = new Map<string, Unit>();
  const out: Unit[] = [];
  for (const u of single) {
    if (u.anchor === null) {
      out.push(u);
      continue;
    }
    const seen = byAnchor.get(u.anchor);
    byAnchor.set(u.anchor, seen ? mergeUnits(seen, u) : u);
  }
  out.push(...byAnchor.values());
  return out.sort((a, b) => a.first - b.first);
}

function checkIndex(i: number, n: number, what: string): void {
  if (!Number.isInteger(i) || i < 0 || i >= n) {
    throw new RangeError(`${what}: face index ${i} is out of range 0..${n - 1}`);
  }
}

/** Cuts units into blocks of similar mean direction, none larger than maxBlock. */
function partitionUnits(units: readonly Unit[], blockSize: number, maxBlock: number): number[][] {
  const dim = units[0]!.sum.length;
  const split = (items: number[]): number[][] => {
    if (items.length <= maxBlock) return [items];
    const data = new Float64Array(items.length * dim);
    items.forEach((u, r) => {
      const s = units[u]!.sum;
      let nrm = 0;
      for (let k = 0; k < dim; k++) nrm += s[k]! * s[k]!;
      nrm = Math.sqrt(nrm) || 1;
      for (let k = 0; k < dim; k++) data[r * dim + k] = s[k]! / nrm;
    });
    const set: VectorSet = { data, dim, count: items.length };
    const parts = kMeansBlocks(set, Math.ceil(items.length / blockSize));
    if (parts.length < 2) {
      // k-means could not split (identical directions): cut in index order.
      const chunks: number[][] = [];
      for (let i = 0; i < items.length; i += blockSize) chunks.push(items.slice(i, i + blockSize));
      return chunks;
    }
    return parts.flatMap((p) => split(p.map((r) => items[r]!)));
  };
  return split(units.map((_, i) => i));
}

/**
 * A cluster's cohesion (average pairwise cosine) as a confidence in [0, 1] that means the same
 * for every model: 0.5 at the model's clustering threshold, 1 for identical faces. (Raw
 * cosines do not compare across models: FaceNet's same-person cosines sit near 0.95, ArcFace's
 * near 0.6.) A single face has no cohesion to speak of and gets 0.5.
 */
export function clusterConfidence(cohesion: number, size: number, threshold: number): number {
  if (size < 2) return 0.5;
  const room = Math.max(1e-6, 1 - threshold);
  return Math.max(0, Math.min(1, 0.5 + (cohesion - threshold) / (2 * room)));
}
