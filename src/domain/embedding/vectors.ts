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
