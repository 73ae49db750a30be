// verify: face verification on an LFW-layout folder (eval contract).
import { cosineSimilarity } from '../../../src/domain/embedding/vectors';
import { DEFAULT_DETECTION_OPTIONS } from '../../../src/ml/detect';
import { UsageError } from '../args';
import { readIdentityFolders, type Identity } from '../datasets';
import { bestThreshold, crossValidatedAccuracy, tarAtFar, type ScoredPair } from '../metrics';
import { EvalPipeline } from '../pipeline';
import { createRandom, randomInt } from '../random';
import type { EvalTask } from './types';

export interface ImagePair {
  a: string;
  b: string;
  isSame: boolean;
}

/** Two distinct indices below n, uniformly. */
function twoDistinct(random: () => number, n: number): [number, number] {
  const i = randomInt(random, n);
  let j = randomInt(random, n - 1);
  if (j >= i) j++;
  return [i, j];
}

/**
 * The contract's pairs: `count` positives (an identity with >= 2 images uniformly, then two
 * distinct images of it uniformly), then `count` negatives (two distinct identities uniformly
 * among all, one image of each uniformly).
 */
export function samplePairs(
  identities: readonly Identity[],
  count: number,
  random: () => number,
): ImagePair[] {
  const multi = identities.filter((id) => id.images.length >= 2);
  if (multi.length === 0) throw new UsageError('no identity has two or more images');
  if (identities.length < 2) throw new UsageError('verify needs at least two identities');
  const pairs: ImagePair[] = [];
  for (let k = 0; k < count; k++) {
    const id = multi[randomInt(random, multi.length)] as Identity;
    const [i, j] = twoDistinct(random, id.images.length);
    pairs.push({ a: id.images[i] as string, b: id.images[j] as string, isSame: true });
  }
  for (let k = 0; k < count; k++) {
    const [p, q] = twoDistinct(random, identities.length);
    const first = identities[p] as Identity;
    const second = identities[q] as Identity;
    pairs.push({
      a: first.images[randomInt(random, first.images.length)] as string,
      b: second.images[randomInt(random, second.images.length)] as string,
      isSame: false,
    });
  }
  return pairs;
}

export const verifyTask: EvalTask = async ({ task, data, model, seed, options, log }) => {
  const count = options.number('pairs', 3000, (n) => Number.isInteger(n) && n > 0);
  const detection = options.overrides(DEFAULT_DETECTION_OPTIONS);
  options.finish(task);

  const identities = await readIdentityFolders(data);
  const random = createRandom(seed);
  const pairs = samplePairs(identities, count, random);
  const images = [...new Set(pairs.flatMap((p) => [p.a, p.b]))].sort();
  log(`verify: ${identities.length} identities, ${pairs.length} pairs, ${images.length} images`);

  const pipeline = await EvalPipeline.create(model, detection);
  let noFace = 0;
  for (const [i, path] of images.entries()) {
    if ((await pipeline.centralEmbedding(path)) === null) {
      noFace++;
      log(`  no face: ${path}`);
    }
    if ((i + 1) % 250 === 0 || i + 1 === images.length) {
      log(`  ${i + 1}/${images.length} images, ${pipeline.msPerImage().toFixed(1)} ms/image`);
    }
  }
  const scored: ScoredPair[] = [];
  for (const pair of pairs) {
    const a = await pipeline.centralEmbedding(pair.a);
    const b = await pipeline.centralEmbedding(pair.b);
    // A missing face is a miss: the lowest possible score.
    scored.push({ score: a && b ? cosineSimilarity(a, b) : -1, isSame: pair.isSame });
  }
  const mean = (same: boolean) => {
    const s = scored.filter((p) => p.isSame === same);
    return s.reduce((t, p) => t + p.score, 0) / s.length;
  };
  return {
    pairs: scored.length,
    positivePairs: count,
    negativePairs: count,
    images: images.length,
    accuracy: crossValidatedAccuracy(scored, random),
    tarAtFar1e3: tarAtFar(scored, 1e-3),
    tarAtFar1e2: tarAtFar(scored, 1e-2),
    bestThreshold: bestThreshold(scored),
    meanPositive: mean(true),
    meanNegative: mean(false),
    noFace,
    msPerImage: pipeline.msPerImage(),
    seed,
  };
};
