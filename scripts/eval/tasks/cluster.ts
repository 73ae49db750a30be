// cluster: clustering faces of known identities (eval contract). Identities with >= M images
// (their first C images in name order), plus D distractor identities with exactly one image (in
// name order); the central face of each image is embedded with the app's pipeline, then the
// app's ClusteringService groups them with the model's registry defaults unless overridden.
//
// maxClusters keeps its app meaning: it caps how many new clusters become students, never the
// grouping, so every cluster found is scored; `surplusClusters` says how many clusters the cap
// would leave for the teacher's review instead of making them students. Faces with no detection
// (and any the algorithm leaves unclustered, `unclustered`) count as singleton clusters.
import { ClusteringService } from '../../../src/domain/clustering/clustering';
import { canStartCluster } from '../../../src/domain/face/quality';
import { DEFAULT_DETECTION_OPTIONS } from '../../../src/ml/detect';
import { presetParameters } from '../../../src/domain/recognition/presets';
import { UsageError } from '../args';
import { readIdentityFolders } from '../datasets';
import { bcubedScores, normalizedMutualInformation, pairwiseScores } from '../metrics';
import { EvalPipeline } from '../pipeline';
import type { EvalTask } from './types';

export interface ClusterItem {
  identity: string;
  path: string;
}

/** The contract's selection: identities with >= minImages (first maxPerIdentity images), then
 *  `distractors` identities with exactly one image, all in name order. */
export function selectClusterItems(
  identities: readonly { name: string; images: string[] }[],
  minImages: number,
  maxPerIdentity: number,
  distractors: number,
): ClusterItem[] {
  const items: ClusterItem[] = [];
  for (const id of identities) {
    if (id.images.length < minImages) continue;
    for (const path of id.images.slice(0, maxPerIdentity)) items.push({ identity: id.name, path });
  }
  const singles = identities.filter((id) => id.images.length === 1);
  if (distractors > singles.length) {
    throw new UsageError(
      `--distractors ${distractors}: only ${singles.length} identities have exactly one image`,
    );
  }
  // An identity with one image already counted (min-images 1) is not a distractor twice.
  for (const id of singles.slice(0, distractors)) {
    if (minImages <= 1) continue;
    items.push({ identity: id.name, path: id.images[0] as string });
  }
  return items;
}

/** Predicted labels with every unclustered face (-1) turned into its own singleton cluster. */
export function singletonsForUnclustered(labels: readonly number[]): number[] {
  let next = Math.max(-1, ...labels) + 1;
  return labels.map((l) => (l < 0 ? next++ : l));
}

export const clusterTask: EvalTask = async ({ task, data, model, preset, options, log }) => {
  const positiveInt = (n: number) => Number.isInteger(n) && n > 0;
  const minImages = options.number('minImages', 5, positiveInt);
  const maxPerIdentity = options.number('maxPerIdentity', 20, positiveInt);
  const distractors = options.number('distractors', 0, (n) => Number.isInteger(n) && n >= 0);
  const params = options.overrides({ ...presetParameters(preset, model).clustering });
  if (!Number.isInteger(params.maxClusters) || params.maxClusters < 0) {
    throw new UsageError(`--max-clusters must be a non-negative integer`);
  }
  const detection = options.overrides(DEFAULT_DETECTION_OPTIONS);
  options.finish(task);

  const identities = await readIdentityFolders(data);
  const items = selectClusterItems(identities, minImages, maxPerIdentity, distractors);
  if (items.length === 0) throw new UsageError(`no identity in ${data} has >= ${minImages} images`);
  const truth = items.map((item) => item.identity);
  const identityCount = new Set(truth).size;
  log(
    `cluster: ${identityCount} identities, ${items.length} images ` +
      `(min ${minImages}, max ${maxPerIdentity} per identity, ${distractors} distractors), ` +
      `threshold ${params.similarityThreshold}, maxClusters ${params.maxClusters}`,
  );

  const pipeline = await EvalPipeline.create(model, detection);
  const embeddings: Float32Array[] = [];
  const faceOf: number[] = [];
  const canStart: boolean[] = [];
  let noFace = 0;
  for (const [i, item] of items.entries()) {
    const [face] = await pipeline.analyse(item.path, true);
    const vector = face?.embeddings[model];
    if (!face || !vector) {
      noFace++;
      log(`  no face: ${item.path}`);
    } else {
      faceOf.push(i);
      embeddings.push(vector);
      // As in the app: low-quality faces may join a cluster but never start one.
      canStart.push(canStartCluster(face.quality));
    }
    if ((i + 1) % 250 === 0 || i + 1 === items.length) {
      log(`  ${i + 1}/${items.length} images, ${pipeline.msPerImage().toFixed(1)} ms/image`);
    }
  }

  const service = new ClusteringService(params);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = service.clusterEmbeddings(embeddings, { canStart });
  const msCluster = performance.now() - t0;
  // CPU time too: on a shared machine wall time also counts other processes' turns.
  const cpu = process.cpuUsage(cpu0);
  const cpuMsCluster = (cpu.user + cpu.system) / 1000;

  // Faces with no detection are misses: unclustered, i.e. singletons.
  const score = (faceLabels: readonly number[]) => {
    const labels = new Array<number>(items.length).fill(-1);
    faceOf.forEach((item, k) => (labels[item] = faceLabels[k] as number));
    const predicted = singletonsForUnclustered(labels);
    return {
      pairwise: pairwiseScores(predicted, truth),
      bcubed: bcubedScores(predicted, truth),
      nmi: normalizedMutualInformation(predicted, truth),
    };
  };
  const { pairwise, bcubed, nmi } = score(result.labels);
  return {
    faces: items.length,
    identities: identityCount,
    clusters: result.numClusters,
    pairwiseP: pairwise.precision,
    pairwiseR: pairwise.recall,
    pairwiseF: pairwise.f,
    bcubedP: bcubed.precision,
    bcubedR: bcubed.recall,
    bcubedF: bcubed.f,
    nmi,
    msCluster,
    cpuMsCluster,
    noFace,
    unclustered: result.unclustered,
    surplusClusters: result.surplusClusters,
    lowQualityFaces: canStart.filter((ok) => !ok).length,
    similarityThreshold: params.similarityThreshold,
    maxClusters: params.maxClusters,
    minImages,
    maxPerIdentity,
    distractors,
    msPerImage: pipeline.msPerImage(),
  };
};
