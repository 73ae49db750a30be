// Vector maths on embeddings. Embeddings are stored L2-normalised, so cosine similarity is a
// dot product; the functions still normalise defensively where inputs may come from outside.
export type Vector = Float32Array | readonly number[];

export function dot(a: Vector, b: Vector): number {
  if (a.length !== b.length)
    throw new RangeError(`vectors differ in length: ${a.length} vs ${b.length}`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

export function norm(a: Vector): number {
  return Math.sqrt(dot(a, a));
}

export function l2Normalize(a: Vector): Float32Array {
  const n = norm(a);
  const out = new Float32Array(a.length);
  if (n === 0) return out;
  for (let i = 0; i < a.length; i++) out[i] = (a[i] as number) / n;
  return out;
}

/** Cosine similarity in [-1, 1]; 0 when either vector is all zeros. */
export function cosineSimilarity(a: Vector, b: Vector): number {
  const na = norm(a);
  const nb = norm(b);
  if (na === 0 || nb === 0) return 0;
  return dot(a, b) / (na * nb);
}

/**
 * The dot product of `length` values of `a` from `aOffset` and of `b` from `bOffset`, in double
 * precision: the one kernel of the hot loops (clustering's linkage and partition, the face
 * matrix without WebAssembly). Four accumulators let the CPU overlap the additions; the sum of
 * four partial sums is as exact as one running sum for these lengths.
 */
export function dotAt(
  a: Float32Array | Float64Array,
  aOffset: number,
  b: Float32Array | Float64Array,
  bOffset: number,
  length: number,
): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < length; k += 4) {
    s0 += a[aOffset + k]! * b[bOffset + k]!;
    s1 += a[aOffset + k + 1]! * b[bOffset + k + 1]!;
    s2 += a[aOffset + k + 2]! * b[bOffset + k + 2]!;
    s3 += a[aOffset + k + 3]! * b[bOffset + k + 3]!;
  }
  for (; k < length; k++) s0 += a[aOffset + k]! * b[bOffset + k]!;
  return s0 + s1 + s2 + s3;
}
