import { describe, expect, test } from 'vitest';
import { ClusteringService } from '../../src/domain/clustering/clustering';
import { averageLinkage, type Unit } from '../../src/domain/clustering/linkage';
import { bcubedScores, pairwiseScores } from '../../scripts/eval/metrics';
import { createRandom } from '../../scripts/eval/random';
import { syntheticClass } from '../../scripts/bench/cluster-scale';

const DIM = 64;

/** `people` identities with `each` faces: same-person cosine ~0.6, different ~0. */
function faces(people: number, each: number, seed = 1, same = 0.6) {
  const random = createRandom(seed);
  const gauss = () =>
    Math.sqrt(-2 * Math.log(Math.max(random(), 1e-12))) * Math.cos(6.2832 * random());
  const unit = (v: number[]) => {
    const n = Math.hypot(...v);
    return v.map((x) => x / n);
  };
  const sigma = Math.sqrt((1 / same - 1) / DIM);
  const embeddings: number[][] = [];
  const truth: string[] = [];
  for (let p = 0; p < people; p++) {
    const centre = unit(Array.from({ length: DIM }, gauss));
    for (let f = 0; f < each; f++) {
      embeddings.push(unit(centre.map((x) => x + sigma * gauss())));
      truth.push(`p${p}`);
    }
  }
  return { embeddings, truth };
}

const labelsOf = (truth: string[], labels: number[], who: string) =>
  labels.filter((_, i) => truth[i] === who);

describe('ClusteringService', () => {
  test('groups a small synthetic class perfectly, largest cluster first', () => {
    const { embeddings, truth } = faces(6, 8);
    embeddings.push(...faces(1, 12, 9).embeddings);
    truth.push(...new Array<string>(12).fill('big'));
    const result = new ClusteringService({
      maxClusters: 50,
      similarityThreshold: 0.4,
    }).clusterEmbeddings(embeddings);
    expect(result.numClusters).toBe(7);
    expect(result.clusterSizes).toEqual([12, 8, 8, 8, 8, 8, 8]);
    expect(new Set(labelsOf(truth, result.labels, 'big'))).toEqual(new Set([0]));
    expect(pairwiseScores(result.labels, truth).f).toBe(1);
    expect(bcubedScores(result.labels, truth).f).toBe(1);
    expect(result.clusterCohesion[0]).toBeGreaterThan(0.5);
    expect(result.unclustered).toBe(0);
  });

  test('is deterministic and does not depend on the input container', () => {
    const { embeddings } = faces(5, 6, 3, 0.45);
    const service = new ClusteringService({ maxClusters: 50, similarityThreshold: 0.35 });
    const a = service.clusterEmbeddings(embeddings);
    const b = service.clusterEmbeddings(embeddings.map((e) => Float32Array.from(e)));
    const c = service.clusterEmbeddings(embeddings);
    expect(b.labels).toEqual(a.labels);
    expect(c).toEqual(a);
  });

  test('a stricter threshold never gives fewer clusters', () => {
    const { embeddings } = faces(5, 6, 4, 0.5);
    const counts = [0.1, 0.3, 0.45, 0.6, 0.8].map(
      (t) =>
        new ClusteringService({ maxClusters: 1000, similarityThreshold: t }).clusterEmbeddings(
          embeddings,
        ).numClusters,
    );
    for (let i = 1; i < counts.length; i++) {
      expect(counts[i]).toBeGreaterThanOrEqual(counts[i - 1] as number);
    }
    expect(counts[0]).toBeLessThan(counts[counts.length - 1] as number);
    expect(counts[4]).toBe(30); // nothing is that similar: every face alone
  });

  test('maxClusters lets only the largest new clusters become students, never merges people', () => {
    const sizes = [9, 7, 5, 3];
    const embeddings: number[][] = [];
    const truth: string[] = [];
    sizes.forEach((size, p) => {
      embeddings.push(...faces(1, size, 20 + p).embeddings);
      truth.push(...new Array<string>(size).fill(`p${p}`));
    });
    const capped = new ClusteringService({
      maxClusters: 2,
      similarityThreshold: 0.4,
    }).clusterEmbeddings(embeddings);
    // Every person is still their own group; only the two largest may become students.
    expect(capped.clusterSizes).toEqual([9, 7, 5, 3]);
    expect(capped.withinCap).toEqual([true, true, false, false]);
    expect(capped.surplusClusters).toBe(2);
    expect(capped.unclustered).toBe(0);
    for (const person of ['p0', 'p1', 'p2', 'p3']) {
      expect(new Set(labelsOf(truth, capped.labels, person)).size).toBe(1);
    }
    // The grouping does not depend on the cap.
    const free = new ClusteringService({
      maxClusters: 50,
      similarityThreshold: 0.4,
    }).clusterEmbeddings(embeddings);
    expect(free.labels).toEqual(capped.labels);
    expect(free.withinCap).toEqual([true, true, true, true]);
  });

  test('faces of the same photo (cannot-link) are never in one cluster', () => {
    const { embeddings } = faces(1, 6, 5);
    const result = new ClusteringService({
      maxClusters: 50,
      similarityThreshold: 0.3,
    }).clusterEmbeddings(embeddings, {
      cannotLink: [
        [0, 1],
        [2, 3, 4],
      ],
    });
    expect(result.labels[0]).not.toBe(result.labels[1]);
    expect(new Set([result.labels[2], result.labels[3], result.labels[4]]).size).toBe(3);
    // Without the constraint they are one person.
    const free = new ClusteringService({
      maxClusters: 50,
      similarityThreshold: 0.3,
    }).clusterEmbeddings(embeddings);
    expect(free.numClusters).toBe(1);
  });

  test('anchors: same key always together, different keys never merged', () => {
    const { embeddings } = faces(1, 8, 6);
    const other = faces(1, 3, 7).embeddings;
    const all = [...embeddings, ...other];
    const anchors = new Map<number, string>([
      [0, 'alice'],
      [1, 'bob'],
      [8, 'alice'], // a face of another person confirmed as alice by the teacher
    ]);
    const result = new ClusteringService({
      maxClusters: 50,
      similarityThreshold: 0.3,
    }).clusterEmbeddings(all, { anchors });
    expect(result.labels[0]).toBe(result.labels[8]);
    expect(result.labels[0]).not.toBe(result.labels[1]);
    expect(result.clusterAnchors[result.labels[0] as number]).toBe('alice');
    expect(result.clusterAnchors[result.labels[1] as number]).toBe('bob');
    const keys = result.clusterAnchors.filter((k) => k !== null);
    expect(new Set(keys).size).toBe(keys.length);
  });

  test('a rejected (face, key) pair is never put together', () => {
    const { embeddings } = faces(1, 6, 8);
    const anchors = new Map<number, string>([[0, 'alice']]);
    const result = new ClusteringService({
      maxClusters: 50,
      similarityThreshold: 0.3,
    }).clusterEmbeddings(embeddings, { anchors, rejected: [{ index: 3, key: 'alice' }] });
    expect(result.labels[3]).not.toBe(result.labels[0]);
    expect(result.labels[1]).toBe(result.labels[0]);
  });

  test('low-quality faces do not start clusters but may join one', () => {
    const { embeddings } = faces(2, 4, 10);
    // Person 0: all low quality; person 1: one good face.
    const canStart = [false, false, false, false, false, false, true, false];
    const result = new ClusteringService({
      maxClusters: 50,
      similarityThreshold: 0.3,
    }).clusterEmbeddings(embeddings, { canStart });
    expect(result.labels.slice(0, 4)).toEqual([-1, -1, -1, -1]);
    const joined = result.labels.slice(4);
    expect(joined.every((l) => l === joined[0] && l >= 0)).toBe(true);
    expect(result.numClusters).toBe(1);
  });

  test('splits large inputs into blocks and still finds every person', () => {
    const { embeddings, truth } = syntheticClass(1500, 12, DIM, 0.6, createRandom(2));
    const result = new ClusteringService(
      { maxClusters: 50, similarityThreshold: 0.4 },
      { maxBlock: 200, blockSize: 100 },
    ).clusterEmbeddings(embeddings);
    expect(result.numClusters).toBe(12);
    expect(bcubedScores(result.labels, truth).f).toBeGreaterThan(0.999);
  });

  test('lone faces join the cluster of their nearest members', () => {
    const { embeddings, truth } = faces(4, 10, 12, 0.45);
    const run = (reassignTopK: number) =>
      new ClusteringService(
        { maxClusters: 50, similarityThreshold: 0.42 },
        { reassignTopK },
      ).clusterEmbeddings(embeddings);
    const without = run(0);
    const withIt = run(3);
    const alone = (labels: number[]) =>
      labels.filter((l) => labels.filter((m) => m === l).length === 1).length;
    expect(alone(withIt.labels)).toBeLessThan(alone(without.labels));
    expect(pairwiseScores(withIt.labels, truth).precision).toBe(1);
    expect(bcubedScores(withIt.labels, truth).recall).toBeGreaterThan(
      bcubedScores(without.labels, truth).recall,
    );
  });

  test('rejects bad input', () => {
    const service = new ClusteringService({ maxClusters: 5, similarityThreshold: 0.5 });
    expect(service.clusterEmbeddings([]).numClusters).toBe(0);
    expect(() =>
      service.clusterEmbeddings([
        [1, 0],
        [1, 0, 0],
      ]),
    ).toThrow(RangeError);
    expect(() => service.clusterEmbeddings([[1, 0]], { cannotLink: [[0, 3]] })).toThrow(RangeError);
    expect(() => new ClusteringService({ maxClusters: -1 })).toThrow(RangeError);
  });
});

describe('averageLinkage', () => {
  const unit = (i: number, v: number[]): Unit => ({
    sum: Float64Array.from(v),
    members: [i],
    first: i,
    anchor: null,
    rejects: null,
    groups: null,
    canStart: true,
  });

  test('merges on the average pairwise cosine, not the closest pair', () => {
    // a-b close (0.9); c is 0.5 from b but 0.3 from a: average 0.4 (single linkage: 0.5).
    const a = unit(0, [1, 0, 0]);
    const b = unit(1, [0.9, Math.sqrt(1 - 0.81), 0]);
    const cx = 0.3;
    const cy = (0.5 - 0.9 * cx) / Math.sqrt(1 - 0.81);
    const c = unit(2, [cx, cy, Math.sqrt(1 - cx * cx - cy * cy)]);
    expect(averageLinkage([a, b, c], 0.45).map((u) => u.members.sort())).toEqual([[0, 1], [2]]);
    expect(averageLinkage([a, b, c], 0.35).map((u) => u.members.sort())).toEqual([[0, 1, 2]]);
  });
});
