// Exact k-nearest-neighbour search over a class's identified faces held in memory as one
// Float32Array matrix (row-major, one vector per row). The database stays the store of record:
// the owner loads the matrix from it and applies every change (upsert / remove).
// Pure: no DOM, worker or SQL, so the same code runs in the core worker and in Node tests.
import { DotKernel } from './dot-kernel';
import { dotAt } from './vectors';
//
// Same answer as pgvector, to the last bit: `nearest` ranks by pgvector's own cosine distance
// (`<=>`, computed exactly as pgvector 0.8 computes it, see `pgvectorCosineDistance`) and breaks
// ties by id, like `order by distance, id`. Scoring every row that way is slow in JavaScript
// (one float32 rounding per step, in order), so a fast pass in double precision first finds the
// few rows that can be in the answer, with a proven error bound, and only those are scored
// exactly (see `nearest`).

export interface Neighbour<Id> {
  id: Id;
  /** Cosine similarity (dot product of unit vectors). */
  similarity: number;
}

/** A neighbour as pgvector ranks it: `distance` is `a <=> b`, `similarity` is `1 - distance`. */
export interface RankedNeighbour {
  id: string;
  group: string;
  distance: number;
  similarity: number;
}

/** A query vector with what `nearest` asks. */
export type NearestRequest = NearestQuery & { query: ArrayLike<number> };

export interface NearestQuery {
  /** How many neighbours in all. */
  k: number;
  /** At most this many neighbours of one group (e.g. one person). */
  perGroup: number;
  /** Rows of these groups are never neighbours. */
  skipGroups?: Iterable<string>;
  /** Rows of this batch (e.g. the query's own photo) are never neighbours. */
  skipBatch?: string;
  /** This row (e.g. the query itself) is never a neighbour. */
  skipId?: string;
}

const f32 = Math.fround;

/** Sum of squares accumulated in float32, in order, as pgvector does. */
function squaredNorm32(v: ArrayLike<number>, offset = 0, length = v.length): number {
  let s = 0;
  for (let i = 0; i < length; i++) {
    const x = v[offset + i] as number;
    s = f32(s + f32(x * x));
  }
  return s;
}

/**
 * pgvector's cosine distance (`vector_cosine_distance`, pgvector 0.8): the dot product and both
 * squared norms accumulated in float32 in index order, then `1 - dot / sqrt(|a|^2 |b|^2)` in
 * double, the similarity clamped to [-1, 1]. Checked bit for bit against PGlite's pgvector
 * (test/integration/gallery-knn.test.ts).
 */
export function pgvectorCosineDistance(
  a: ArrayLike<number>,
  aOffset: number,
  aSquaredNorm32: number,
  b: ArrayLike<number>,
  bSquaredNorm32: number,
  length: number,
): number {
  let dot = 0;
  for (let i = 0; i < length; i++)
    dot = f32(dot + f32((a[aOffset + i] as number) * (b[i] as number)));
  let similarity = dot / Math.sqrt(aSquaredNorm32 * bSquaredNorm32);
  if (similarity > 1) similarity = 1;
  else if (similarity < -1) similarity = -1;
  return 1 - similarity;
}

/**
 * How far the fast pass's cosine can be from pgvector's, for vectors of `dimension` values. A
 * float32 sum of n products, in any order, is within about n·u (u = 2^-24) of the exact sum,
 * relative to |a||b|: pgvector's dot product and its two norms (in order) each contribute that
 * once, the fast pass's dot product (WebAssembly SIMD in float32, or double in JavaScript) once
 * more. 8 n u covers the four with room.
 */
export function cosineErrorBound(dimension: number): number {
  return 8 * dimension * 2 ** -24;
}

export class FaceMatrix {
  /** The fast pass in WebAssembly SIMD, when this JavaScript engine has it (it holds the rows). */
  private readonly kernel: DotKernel | null;
  /** The rows, where there is no kernel. */
  private plain: Float32Array;
  private ids: string[] = [];
  /** Per row: its group's and batch's index in `groupNames` / `batchNames`. */
  private rowGroup: Int32Array;
  private rowBatch: Int32Array;
  /** Per row: squared norm accumulated in float32 (for the exact distance), 1 / norm (fast). */
  private rowSquaredNorm32: Float64Array;
  private rowInverseNorm: Float64Array;
  private readonly rowOf = new Map<string, number>();
  private readonly groupIndex = new Map<string, number>();
  private readonly groupNames: string[] = [];
  private readonly batchIndex = new Map<string, number>();

  constructor(
    /** Vector length; every vector added must have it. */
    readonly dimension: number,
    initialCapacity = 1024,
  ) {
    if (!Number.isInteger(dimension) || dimension < 1) {
      throw new RangeError(`dimension must be a positive integer, got ${dimension}`);
    }
    const rows = Math.max(1, initialCapacity);
    this.kernel = DotKernel.create(dimension, rows);
    this.plain = this.kernel ? new Float32Array(0) : new Float32Array(rows * dimension);
    this.rowGroup = new Int32Array(rows);
    this.rowBatch = new Int32Array(rows);
    this.rowSquaredNorm32 = new Float64Array(rows);
    this.rowInverseNorm = new Float64Array(rows);
  }

  /** The rows, row-major, one vector per row. */
  private get data(): Float32Array {
    return this.kernel ? this.kernel.data : this.plain;
  }

  get size(): number {
    return this.ids.length;
  }

  has(id: string): boolean {
    return this.rowOf.has(id);
  }

  /** The group of a row, or undefined when absent. */
  groupOf(id: string): string | undefined {
    const row = this.rowOf.get(id);
    return row === undefined ? undefined : this.groupNames[this.rowGroup[row] as number];
  }

  /**
   * Adds a row, or replaces its vector, group (e.g. the person a face is named to) and batch
   * (e.g. its photo).
   */
  upsert(id: string, vector: ArrayLike<number>, group = '', batch = ''): void {
    if (vector.length !== this.dimension) {
      throw new RangeError(`vector has ${vector.length} values, expected ${this.dimension}`);
    }
    let row = this.rowOf.get(id);
    if (row === undefined) {
      row = this.ids.length;
      if (row === this.rowGroup.length) this.grow();
      this.ids.push(id);
      this.rowOf.set(id, row);
    }
    this.data.set(vector, row * this.dimension);
    this.rowGroup[row] = indexOf(this.groupIndex, group, this.groupNames);
    this.rowBatch[row] = indexOf(this.batchIndex, batch);
    const squared = squaredNorm32(vector);
    this.rowSquaredNorm32[row] = squared;
    this.rowInverseNorm[row] = 1 / Math.sqrt(squaredNormDouble(vector));
  }

  /** Moves a row to another group and batch (no-op when absent); its vector stays. */
  regroup(id: string, group: string, batch: string): void {
    const row = this.rowOf.get(id);
    if (row === undefined) return;
    this.rowGroup[row] = indexOf(this.groupIndex, group, this.groupNames);
    this.rowBatch[row] = indexOf(this.batchIndex, batch);
  }

  /** Removes a row (no-op when absent): the last row moves into its place. */
  remove(id: string): void {
    const row = this.rowOf.get(id);
    if (row === undefined) return;
    const last = this.ids.length - 1;
    if (row !== last) {
      const d = this.dimension;
      this.data.copyWithin(row * d, last * d, (last + 1) * d);
      const movedId = this.ids[last] as string;
      this.ids[row] = movedId;
      this.rowGroup[row] = this.rowGroup[last] as number;
      this.rowBatch[row] = this.rowBatch[last] as number;
      this.rowSquaredNorm32[row] = this.rowSquaredNorm32[last] as number;
      this.rowInverseNorm[row] = this.rowInverseNorm[last] as number;
      this.rowOf.set(movedId, row);
    }
    this.ids.pop();
    this.rowOf.delete(id);
  }

  /** The ids of every row (any order). */
  rowIds(): string[] {
    return [...this.ids];
  }

  /**
   * The `k` rows most similar to `query` by dot product, best first (ties: earlier rows first).
   * The plain scan, without pgvector's rounding: for unit vectors, the cosine similarity.
   */
  search(query: ArrayLike<number>, k: number): Neighbour<string>[] {
    this.checkQuery(query);
    if (k <= 0) return [];
    const q = Float32Array.from(query);
    const bestRows: number[] = [];
    const bestScores: number[] = [];
    for (let row = 0; row < this.ids.length; row++) {
      const dot = this.dot(row, q);
      if (bestScores.length === k && dot <= (bestScores[k - 1] as number)) continue;
      let at = bestScores.length;
      while (at > 0 && (bestScores[at - 1] as number) < dot) at--;
      bestScores.splice(at, 0, dot);
      bestRows.splice(at, 0, row);
      if (bestScores.length > k) {
        bestScores.pop();
        bestRows.pop();
      }
    }
    return bestRows.map((row, i) => ({
      id: this.ids[row] as string,
      similarity: bestScores[i] as number,
    }));
  }

  /**
   * Exactly what pgvector answers to: the rows ranked by `row <=> query, id`, at most `perGroup`
   * per group (ranked the same way within the group), then the first `k` by `distance, id`.
   *
   * 1. Fast pass: every eligible row's cosine (dot products by ./dot-kernel.ts, or in double in
   *    JavaScript), within `e = cosineErrorBound` of pgvector's value; per group, its `perGroup`
   *    best.
   * 2. `t`: the k-th best of those per-group bests (the fast answer's last similarity). The fast
   *    answer's k rows each have pgvector similarity >= t - e and respect the per-group cap, so
   *    a row whose fast similarity is below t - 2e has at least k capped rows strictly ahead of
   *    it in pgvector's ranking and cannot be in the answer.
   * 3. Every row at or above t - 2e is scored exactly (`pgvectorCosineDistance`) and ranked.
   */
  nearest(query: ArrayLike<number>, options: NearestQuery): RankedNeighbour[] {
    return this.nearestMany([{ ...options, query }])[0] as RankedNeighbour[];
  }

  /**
   * `nearest` for several queries (a photo's faces) at once: the fast pass reads the matrix
   * once for all of them.
   */
  nearestMany(requests: readonly NearestRequest[]): RankedNeighbour[][] {
    const queries = requests.map((r) => {
      this.checkQuery(r.query);
      return Float32Array.from(r.query);
    });
    const n = this.ids.length;
    const dots = this.kernel && n > 0 ? this.kernel.scores(queries, n) : undefined;
    return requests.map((request, i) => this.rank(queries[i] as Float32Array, request, dots?.[i]));
  }

  /** One query's answer, from its dot products with every row when the kernel gave them. */
  private rank(
    q: Float32Array,
    options: NearestQuery,
    dots: Float32Array | undefined,
  ): RankedNeighbour[] {
    const { k, perGroup } = options;
    if (k <= 0 || perGroup <= 0) return [];
    const n = this.ids.length;
    const queryInverseNorm = 1 / Math.sqrt(squaredNormDouble(q));
    const groups = this.groupNames.length;
    const skippedGroup = new Uint8Array(groups);
    for (const name of options.skipGroups ?? []) {
      const index = this.groupIndex.get(name);
      if (index !== undefined) skippedGroup[index] = 1;
    }
    const skipBatch =
      options.skipBatch === undefined ? -1 : (this.batchIndex.get(options.skipBatch) ?? -1);
    const skipRow = options.skipId === undefined ? -1 : (this.rowOf.get(options.skipId) ?? -1);

    // 1. Fast pass. Per group, its best scores descending in groupBest[g * perGroup ..]. NaN (a
    // zero vector) never passes a comparison: such rows are only kept when every row is (below),
    // and pgvector ranks them last too.
    const scores = new Float64Array(n);
    const eligible = new Uint8Array(n);
    const groupBest = new Float64Array(groups * perGroup).fill(-Infinity);
    for (let row = 0; row < n; row++) {
      const group = this.rowGroup[row] as number;
      if (row === skipRow || this.rowBatch[row] === skipBatch || skippedGroup[group]) continue;
      eligible[row] = 1;
      const dot = dots ? (dots[row] as number) : this.dot(row, q);
      const score = dot * (this.rowInverseNorm[row] as number) * queryInverseNorm;
      scores[row] = score;
      const first = group * perGroup;
      let at = first + perGroup;
      if (!(score > (groupBest[at - 1] as number))) continue;
      while (at > first + 1 && (groupBest[at - 2] as number) < score) {
        groupBest[at - 1] = groupBest[at - 2] as number;
        at--;
      }
      groupBest[at - 1] = score;
    }

    // 2. The threshold: the k-th best capped fast score (none when fewer than k rows qualify).
    const capped = groupBest.filter((s) => s !== -Infinity).sort((a, b) => b - a);
    const cut =
      capped.length < k || Number.isNaN(capped[k - 1])
        ? -Infinity
        : (capped[k - 1] as number) - 2 * cosineErrorBound(this.dimension);

    // 3. Exact scores of the candidates, ranked as pgvector ranks them.
    const candidates: RankedNeighbour[] = [];
    const qSquared = squaredNorm32(q);
    for (let row = 0; row < n; row++) {
      if (!eligible[row]) continue;
      if (cut !== -Infinity && !((scores[row] as number) >= cut)) continue;
      const distance = pgvectorCosineDistance(
        this.data,
        row * this.dimension,
        this.rowSquaredNorm32[row] as number,
        q,
        qSquared,
        this.dimension,
      );
      candidates.push({
        id: this.ids[row] as string,
        group: this.groupNames[this.rowGroup[row] as number] as string,
        distance,
        similarity: 1 - distance,
      });
    }
    candidates.sort(byDistanceThenId);
    const perGroupCount = new Map<string, number>();
    const answer: RankedNeighbour[] = [];
    for (const c of candidates) {
      const count = perGroupCount.get(c.group) ?? 0;
      if (count >= perGroup) continue;
      perGroupCount.set(c.group, count + 1);
      answer.push(c);
      if (answer.length === k) break;
    }
    return answer;
  }

  private checkQuery(query: ArrayLike<number>): void {
    if (query.length !== this.dimension) {
      throw new RangeError(`query has ${query.length} values, expected ${this.dimension}`);
    }
  }

  /** Dot product of a row and `q` in double precision. */
  private dot(row: number, q: Float32Array): number {
    return dotAt(this.data, row * this.dimension, q, 0, this.dimension);
  }

  private grow(): void {
    const rows = this.rowGroup.length * 2;
    if (this.kernel) {
      this.kernel.reserve(rows);
    } else {
      const data = new Float32Array(rows * this.dimension);
      data.set(this.plain);
      this.plain = data;
    }
    this.rowGroup = grown(this.rowGroup, new Int32Array(rows));
    this.rowBatch = grown(this.rowBatch, new Int32Array(rows));
    this.rowSquaredNorm32 = grown(this.rowSquaredNorm32, new Float64Array(rows));
    this.rowInverseNorm = grown(this.rowInverseNorm, new Float64Array(rows));
  }
}

function grown<T extends Int32Array | Float64Array>(old: T, next: T): T {
  next.set(old);
  return next;
}

function indexOf(index: Map<string, number>, name: string, names?: string[]): number {
  let i = index.get(name);
  if (i === undefined) {
    i = index.size;
    index.set(name, i);
    names?.push(name);
  }
  return i;
}

function squaredNormDouble(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] as number) * (v[i] as number);
  return s;
}

/** pgvector's order: distance ascending (NaN last, as Postgres sorts it), then id. */
function byDistanceThenId(a: RankedNeighbour, b: RankedNeighbour): number {
  const an = Number.isNaN(a.distance);
  const bn = Number.isNaN(b.distance);
  if (an !== bn) return an ? 1 : -1;
  if (a.distance !== b.distance) return a.distance - b.distance;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
