// Reads an embedding cache written by cluster-cache.ts (one JSON line per image, possibly in
// several files filled in parallel) as the eval tasks see the folder: identities in name order,
// images in name order, and each image's central-face vector for a model, plain or
// flip-averaged (the same mean-of-two-then-normalise as src/ml/embed.ts).
import { readFileSync } from 'node:fs';
import { l2Normalize } from '../../src/domain/embedding/vectors';
import type { EmbeddingModelId } from '../../src/domain/recognition/models';
import type { Identity } from '../eval/datasets';
import type { CachedFace } from './cluster-cache';

export interface EmbeddingCache {
  identities: Identity[];
  faces: Map<string, CachedFace>;
}

/** `files`: comma-separated cache files; a path seen twice keeps its first record. */
export function readEmbeddingCache(files: string): EmbeddingCache {
  const faces = new Map<string, CachedFace>();
  for (const file of files.split(',')) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const face = JSON.parse(line) as CachedFace & { seed?: boolean };
      // Caches written before the field's rename call it `seed`.
      face.canStart ??= face.seed ?? false;
      if (!faces.has(face.path)) faces.set(face.path, face);
    }
  }
  const imagesOf = new Map<string, string[]>();
  for (const f of faces.values()) imagesOf.set(f.name, [...(imagesOf.get(f.name) ?? []), f.path]);
  const identities = [...imagesOf.keys()]
    .sort()
    .map((name) => ({ name, images: (imagesOf.get(name) ?? []).sort() }));
  return { identities, faces };
}

/** The image's vector for `model` (null: no face), flip-averaged when `flip`. */
export function cachedVector(
  face: CachedFace | undefined,
  model: EmbeddingModelId,
  flip: boolean,
): Float32Array | null {
  if (!face) return null;
  const plain = model === 'arcface' ? face.a : face.f;
  if (!plain) return null;
  if (!flip) return Float32Array.from(plain);
  const mirror = model === 'arcface' ? face.am : face.fm;
  if (!mirror) throw new Error(`${face.path}: the cache has no mirror-image vectors`);
  return l2Normalize(Float32Array.from(plain, (x, i) => x + (mirror[i] as number)));
}

/** embeddingOf(path) for the eval tasks' scoring functions, memoised. */
export function embeddingLookup(
  cache: EmbeddingCache,
  model: EmbeddingModelId,
  flip: boolean,
): (path: string) => Float32Array | null {
  const memo = new Map<string, Float32Array | null>();
  return (path) => {
    let v = memo.get(path);
    if (v === undefined) {
      v = cachedVector(cache.faces.get(path), model, flip);
      memo.set(path, v);
    }
    return v;
  };
}

/** A model's similarity scale on the cache: mean cosine of different and of same people. */
export interface SimilarityScale {
  impostor: number;
  genuine: number;
}

/**
 * Score fusion of ArcFace and FaceNet as one vector: each model's vector (at its registry
 * flip setting) scaled by the square root of its weight and concatenated, so that the cosine of
 * two fused vectors is (cA * sA + cF * sF) / (cA + cF), with c = w / (genuine - impostor): the
 * weighted mean of each model's similarity put on a common scale (0 = the model's mean for two
 * different people, 1 = its mean for the same person), up to an affine map that the calibrated
 * threshold absorbs. `arcfaceWeight` is w for ArcFace, 1 - w for FaceNet.
 */
export function fusedLookup(
  arcface: (path: string) => Float32Array | null,
  facenet: (path: string) => Float32Array | null,
  scales: { arcface: SimilarityScale; facenet: SimilarityScale },
  arcfaceWeight: number,
): (path: string) => Float32Array | null {
  const cA = arcfaceWeight / (scales.arcface.genuine - scales.arcface.impostor);
  const cF = (1 - arcfaceWeight) / (scales.facenet.genuine - scales.facenet.impostor);
  const sA = Math.sqrt(cA / (cA + cF));
  const sF = Math.sqrt(cF / (cA + cF));
  const memo = new Map<string, Float32Array | null>();
  return (path) => {
    let v = memo.get(path);
    if (v === undefined) {
      const a = arcface(path);
      const f = facenet(path);
      v = null;
      if (a && f) {
        v = new Float32Array(a.length + f.length);
        a.forEach((x, i) => ((v as Float32Array)[i] = x * sA));
        f.forEach((x, i) => ((v as Float32Array)[a.length + i] = x * sF));
      }
      memo.set(path, v);
    }
    return v;
  };
}
