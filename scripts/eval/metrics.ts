// Quality measures of the eval command (see ../shared/docs/eval-contract.md).
import { shuffled } from './random';

export interface ScoredPair {
  score: number;
  isSame: boolean;
}

/** Accuracy of "same when score >= threshold". */
export function accuracyAt(pairs: readonly ScoredPair[], threshold: number): number {
  if (pairs.length === 0) return 0;
  let correct = 0;
  for (const p of pairs) if (p.score >= threshold === p.isSame) correct++;
  return correct / pairs.length;
}

/** The threshold (midpoint between adjacent scores) with the highest accuracy. */
export function bestThreshold(pairs: readonly ScoredPair[]): number {
  const sorted = [...pairs].sort((a, b) => a.score - b.score);
  const positives = sorted.filter((p) => p.isSame).length;
  // Threshold below everything: all called same.
  let correct = positives;
  let best = correct;
  let bestAt = (sorted[0]?.score ?? 0) - 1e-6;
  for (let i = 0; i < sorted.length; i++) {
    const pair = sorted[i] as ScoredPair;
    // Moving the threshold above this score turns it into "different".
    correct += pair.isSame ? -1 : 1;
    const next = sorted[i + 1];
    if (next && next.score === pair.score) continue;
    if (correct > best) {
      best = correct;
      bestAt = next ? (pair.score + next.score) / 2 : pair.score + 1e-6;
    }
  }
  return bestAt;
}

/** Mean accuracy over 10 folds, each measured at the threshold chosen on the other nine. */
export function crossValidatedAccuracy(
  pairs: readonly ScoredPair[],
  random: () => number,
  folds = 10,
): number {
  const order = shuffled(pairs, random);
  let sum = 0;
  for (let f = 0; f < folds; f++) {
    const test = order.filter((_, i) => i % folds === f);
    const train = order.filter((_, i) => i % folds !== f);
    sum += accuracyAt(test, bestThreshold(train));
  }
  return sum / folds;
}

/** True-accept rate at the threshold where `far` of the negatives are accepted. */
export function tarAtFar(pairs: readonly ScoredPair[], far: number): number {
  const negatives = pairs
    .filter((p) => !p.isSame)
    .map((p) => p.score)
    .sort((a, b) => b - a);
  const positives = pairs.filter((p) => p.isSame);
  if (negatives.length === 0 || positives.length === 0) return 0;
  const allowed = Math.floor(far * negatives.length);
  // Accept scores strictly above the (allowed+1)-th highest negative.
  const threshold = negatives[allowed] ?? -Infinity;
  return positives.filter((p) => p.score > threshold).length / positives.length;
}

/** Pairwise precision/recall/F over all pairs of items (labels: predicted vs truth). */
export function pairwiseScores(predicted: readonly number[], truth: readonly string[]) {
  const pairsIn = (groups: Map<string, number>) => {
    let n = 0;
    for (const size of groups.values()) n += (size * (size - 1)) / 2;
    return n;
  };
  const count = <K>(keys: K[]) => {
    const m = new Map<string, number>();
    for (const k of keys) m.set(String(k), (m.get(String(k)) ?? 0) + 1);
    return m;
  };
  const both = count(predicted.map((p, i) => `${p}\u0000${truth[i]}`));
  const truePairs = pairsIn(both);
  const predictedPairs = pairsIn(count([...predicted]));
  const actualPairs = pairsIn(count([...truth]));
  const precision = predictedPairs === 0 ? 1 : truePairs / predictedPairs;
  const recall = actualPairs === 0 ? 1 : truePairs / actualPairs;
  return { precision, recall, f: harmonic(precision, recall) };
}

/** BCubed precision/recall/F: per item, the share of its cluster (class) that is correct. */
export function bcubedScores(predicted: readonly number[], truth: readonly string[]) {
  const n = predicted.length;
  const clusterSize = new Map<number, number>();
  const classSize = new Map<string, number>();
  const jointSize = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const c = predicted[i] as number;
    const t = truth[i] as string;
    clusterSize.set(c, (clusterSize.get(c) ?? 0) + 1);
    classSize.set(t, (classSize.get(t) ?? 0) + 1);
    jointSize.set(`${c}\u0000${t}`, (jointSize.get(`${c}\u0000${t}`) ?? 0) + 1);
  }
  let precision = 0;
  let recall = 0;
  for (let i = 0; i < n; i++) {
    const c = predicted[i] as number;
    const t = truth[i] as string;
    const joint = jointSize.get(`${c}\u0000${t}`) ?? 0;
    precision += joint / (clusterSize.get(c) ?? 1);
    recall += joint / (classSize.get(t) ?? 1);
  }
  precision = n === 0 ? 1 : precision / n;
  recall = n === 0 ? 1 : recall / n;
  return { precision, recall, f: harmonic(precision, recall) };
}

/** Normalised mutual information (arithmetic mean normalisation). */
export function normalizedMutualInformation(
  predicted: readonly number[],
  truth: readonly string[],
): number {
  const n = predicted.length;
  if (n === 0) return 1;
  const pc = new Map<number, number>();
  const pt = new Map<string, number>();
  const joint = new Map<string, { c: number; t: string; count: number }>();
  for (let i = 0; i < n; i++) {
    const c = predicted[i] as number;
    const t = truth[i] as string;
    pc.set(c, (pc.get(c) ?? 0) + 1);
    pt.set(t, (pt.get(t) ?? 0) + 1);
    const key = `${c}\u0000${t}`;
    const entry = joint.get(key) ?? { c, t, count: 0 };
    entry.count++;
    joint.set(key, entry);
  }
  let mi = 0;
  for (const { c, t, count } of joint.values()) {
    mi += (count / n) * Math.log((count * n) / ((pc.get(c) ?? 1) * (pt.get(t) ?? 1)));
  }
  const entropy = (m: Map<unknown, number>) => {
    let h = 0;
    for (const v of m.values()) h -= (v / n) * Math.log(v / n);
    return h;
  };
  const hc = entropy(pc);
  const ht = entropy(pt);
  if (hc === 0 && ht === 0) return 1;
  return (2 * mi) / (hc + ht);
}

function harmonic(a: number, b: number): number {
  return a + b === 0 ? 0 : (2 * a * b) / (a + b);
}
