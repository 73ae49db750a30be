// Calibration sweep for the clustering threshold: the eval task's selections (see
// scripts/eval/tasks/cluster.ts) scored at many thresholds on embeddings cached once by
// cluster-cache.ts, so a sweep takes seconds instead of an embedding run per threshold.
// The numbers equal `npm run eval -- cluster ... --max-clusters 100000` on the same images
// (checked at the chosen thresholds).
// Usage: node scripts/lib/run-ts.mjs --entry /scripts/bench/cluster-sweep.ts --cache FILE
//          [--model arcface|facenet] [--thresholds 0.40,0.42] [--distractors 0]
//          [--min-images 5] [--max-per-identity 20] [--tuning '{"reassignTopK":0}']
//          [--max-clusters 100000] [--splits true] [--flip true|false]
//          (--cache takes several files, comma-separated; --flip defaults to the registry's)
import { ClusteringService, type ClusteringTuning } from '../../src/domain/clustering/clustering';
import { OptionReader, parseArgs } from '../eval/args';
import { bcubedScores, normalizedMutualInformation, pairwiseScores } from '../eval/metrics';
import { selectClusterItems, singletonsForUnclustered } from '../eval/tasks/cluster';
import { isEmbeddingModelId } from '../../src/domain/recognition/models';
import { EMBEDDING_MODELS } from '../../src/ml/registry';
import { embeddingLookup, readEmbeddingCache } from './cached-embeddings';

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
  if (!isEmbeddingModelId(model)) throw new Error(`unknown model ${model}`);
  const flip = reader.boolean('flip', EMBEDDING_MODELS[model].flipAverage);
  reader.finish('cluster-sweep');

  const cached = readEmbeddingCache(cache);
  const embeddingOf = embeddingLookup(cached, model, flip);
  const { identities } = cached;
  const items = selectClusterItems(identities, minImages, maxPerIdentity, distractors);
  const truth = items.map((i) => i.identity);
  const withFace: { vector: Float32Array; canStart: boolean; item: number }[] = [];
  items.forEach((item, i) => {
    const f = cached.faces.get(item.path);
    const v = embeddingOf(item.path);
    if (f && v) withFace.push({ vector: v, canStart: f.canStart, item: i });
  });
  for (const t of thresholds) {
    const service = new ClusteringService({ maxClusters, similarityThreshold: t }, tuning);
    const t0 = performance.now();
    const result = service.clusterEmbeddings(
      withFace.map((f) => f.vector),
      { canStart: withFace.map((f) => f.canStart) },
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
