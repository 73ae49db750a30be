// Calibration sweep for the clustering threshold: the eval task's selections (see
// scripts/eval/tasks/cluster.ts) scored at many thresholds on embeddings cached once by
// cluster-cache.ts, so a sweep takes seconds instead of an embedding run per threshold.
// The numbers equal `npm run eval -- cluster ... --max-clusters 100000` on the same images
// (checked at the chosen thresholds).
// Usage: node scripts/eval/run.mjs --entry /scripts/bench/cluster-sweep.ts --cache FILE
//          [--model arcface|facenet] [--thresholds 0.40,0.42] [--distractors 0]
//          [--min-images 5] [--max-per-identity 20] [--tuning '{"reassignTopK":0}']
//          [--max-clusters 100000] [--splits true]
import { readFileSync } from 'node:fs';
import { ClusteringService, type ClusteringTuning } from '../../src/domain/clustering/clustering';
import { OptionReader, parseArgs } from '../eval/args';
import { bcubedScores, normalizedMutualInformation, pairwiseScores } from '../eval/metrics';
import { selectClusterItems, singletonsForUnclustered } from '../eval/tasks/cluster';
import type { CachedFace } from './cluster-cache';

export function main(argv: string[]): Promise<number> {
  const reader = new OptionReader(parseArgs(['sweep', ...argv]).options);
  const cache = reader.requiredString('cache');
  const model = reader.string('model') ?? 'arcface';
  const thresholds = (reader.string('thresholds') ?? '0.42').split(',').map(Number);
  const distractors = reader.number('distractors', 0);
  const minImages = reader.number('minImages', 5);
  const maxPerIdentity = reader.number('maxPerIdentity', 20);
  const maxClusters = reader.number('maxClusters', 100000);
  const tuning = JSON.parse(reader.string('tuning') ?? '{}') as Partial<ClusteringTuning>;
  const splits = reader.boolean('splits', false);
  reader.finish('cluster-sweep');

  const faces = readFileSync(cache, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as CachedFace);
  const byPath = new Map(faces.map((f) => [f.path, f]));
  const imagesOf = new Map<string, string[]>();
  for (const f of faces) imagesOf.set(f.name, [...(imagesOf.get(f.name) ?? []), f.path]);
  const identities = [...imagesOf.keys()]
    .sort()
    .map((name) => ({ name, images: (imagesOf.get(name) ?? []).sort() }));
  const items = selectClusterItems(identities, minImages, maxPerIdentity, distractors);
  const truth = items.map((i) => i.identity);
  const withFace: { vector: Float32Array; canSeed: boolean; item: number }[] = [];
  items.forEach((item, i) => {
    const f = byPath.get(item.path);
    const v = model === 'facenet' ? f?.f : f?.a;
    if (f && v) withFace.push({ vector: Float32Array.from(v), canSeed: f.seed, item: i });
  });
  for (const t of thresholds) {
    const service = new ClusteringService({ maxClusters, similarityThreshold: t }, tuning);
    const t0 = performance.now();
    const result = service.clusterEmbeddings(
      withFace.map((f) => f.vector),
      { canSeed: withFace.map((f) => f.canSeed) },
    );
    const ms = performance.now() - t0;
    const labels = new Array<number>(items.length).fill(-1);
    withFace.forEach((f, k) => (labels[f.item] = result.labels[k] as number));
    const predicted = singletonsForUnclustered(labels);
    if (splits) {
      const per = new Map<string, Map<number, number>>();
      predicted.forEach((l, i) => {
        const m = per.get(truth[i] as string) ?? new Map<number, number>();
        m.set(l, (m.get(l) ?? 0) + 1);
        per.set(truth[i] as string, m);
      });
      const split = [...per]
        .filter(([, m]) => m.size > 1)
        .map(([n, m]) => `${n}:${[...m.values()].sort((a, b) => b - a).join('/')}`);
      console.log(`split identities ${split.length}: ${split.join(' ')}`);
    }
    const pw = pairwiseScores(predicted, truth);
    const bc = bcubedScores(predicted, truth);
    const r = (x: number) => Number(x.toFixed(4));
    console.log(
      JSON.stringify({
        t,
        faces: items.length,
        identities: new Set(truth).size,
        clusters: result.numClusters,
        pairwiseP: r(pw.precision),
        pairwiseR: r(pw.recall),
        pairwiseF: r(pw.f),
        bcubedP: r(bc.precision),
        bcubedR: r(bc.recall),
        bcubedF: r(bc.f),
        nmi: r(normalizedMutualInformation(predicted, truth)),
        msCluster: Math.round(ms),
      }),
    );
  }
  return Promise.resolve(0);
}
