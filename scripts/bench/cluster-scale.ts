// How ClusteringService scales: synthetic "class over a term" embeddings (K identities, each a
// random unit centre plus noise so that same-person cosines average about `--same` (ArcFace on
// real faces: ~0.6) and different people ~0.0), n = 1k .. 20k faces; prints msCluster per n, its
// growth against the previous n, and quality (pairwise / BCubed F) on the synthetic labels.
// Usage: node scripts/lib/run-ts.mjs --entry /scripts/bench/cluster-scale.ts
//          [--sizes 1000,2000,5000,10000,20000] [--identities 45] [--dim 512] [--same 0.6]
//          [--threshold 0.42] [--seed 1]
import { ClusteringService } from '../../src/domain/clustering/clustering';
import { EMBEDDING_MODELS } from '../../src/ml/registry';
import { OptionReader, parseArgs } from '../eval/args';
import { bcubedScores, pairwiseScores } from '../eval/metrics';
import { createRandom } from '../eval/random';
import { singletonsForUnclustered } from '../eval/tasks/cluster';

function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

function unit(v: Float32Array): Float32Array {
  let s = 0;
  for (const x of v) s += x * x;
  const k = 1 / Math.sqrt(s);
  for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) * k;
  return v;
}

/**
 * n faces of `identities` people (sizes uneven, as attendance is), each face = centre + noise,
 * with noise scaled so two faces of one person have cosine ~`same`: for unit centre c and noise
 * e of norm r, cos(c + e1, c + e2) ~ 1 / (1 + r^2), so r^2 = 1 / same - 1.
 */
export function syntheticClass(
  n: number,
  identities: number,
  dim: number,
  same: number,
  random: () => number,
): { embeddings: Float32Array[]; truth: string[] } {
  const centres = Array.from({ length: identities }, () =>
    unit(Float32Array.from({ length: dim }, () => gaussian(random))),
  );
  // Attendance weights: some students come to nearly every session, some rarely.
  const weights = centres.map(() => 0.3 + random());
  const total = weights.reduce((a, b) => a + b, 0);
  const sigma = Math.sqrt((1 / same - 1) / dim);
  const embeddings: Float32Array[] = [];
  const truth: string[] = [];
  for (let i = 0; i < n; i++) {
    let r = random() * total;
    let id = 0;
    while (id < identities - 1 && r > (weights[id] as number)) r -= weights[id++] as number;
    const c = centres[id] as Float32Array;
    // Faces differ in quality: noise from 0.8x to 1.3x the typical level.
    const s = sigma * (0.8 + 0.5 * random());
    embeddings.push(unit(Float32Array.from(c, (x) => x + s * gaussian(random))));
    truth.push(`id${id}`);
  }
  return { embeddings, truth };
}

export function main(argv: string[]): Promise<number> {
  const reader = new OptionReader(parseArgs(['bench', ...argv]).options);
  const sizes = (reader.string('sizes') ?? '1000,2000,5000,10000,20000').split(',').map(Number);
  const identities = reader.number('identities', 45);
  const dim = reader.number('dim', 512);
  const same = reader.number('same', 0.6);
  const threshold = reader.number('threshold', EMBEDDING_MODELS.arcface.thresholds.clustering);
  const seed = reader.number('seed', 1);
  reader.finish('cluster-scale');
  console.log(
    `synthetic class: ${identities} identities, dim ${dim}, same-person cosine ~${same}, ` +
      `threshold ${threshold}, maxClusters unlimited`,
  );
  console.log('n\tmsCluster\tcpuMs\tx cpu / x n\tclusters\tpairwiseF\tbcubedF\tunclustered');
  let previous: { n: number; ms: number } | null = null;
  for (const n of sizes) {
    const { embeddings, truth } = syntheticClass(n, identities, dim, same, createRandom(seed));
    const service = new ClusteringService({ maxClusters: 100000, similarityThreshold: threshold });
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const result = service.clusterEmbeddings(embeddings);
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const predicted = singletonsForUnclustered(result.labels);
    const growth = previous
      ? `${(cpuMs / previous.ms).toFixed(2)} / ${(n / previous.n).toFixed(1)}`
      : '-';
    console.log(
      [
        n,
        ms.toFixed(0),
        cpuMs.toFixed(0),
        growth,
        result.numClusters,
        pairwiseScores(predicted, truth).f.toFixed(4),
        bcubedScores(predicted, truth).f.toFixed(4),
        result.unclustered,
      ].join('\t'),
    );
    previous = { n, ms: cpuMs };
  }
  return Promise.resolve(0);
}
