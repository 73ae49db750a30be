// The Node halves of `npm run bench` (scripts/bench/run-bench.mjs): the whole photo pipeline per
// stage and the embedding models' ms per face on onnxruntime-node + sharp (the same code as the
// browser half, scripts/bench/pipeline-timing.ts); clustering against scikit-learn on the same
// embeddings; exact kNN per face, pgvector in SQL against the class's gallery in memory.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClusteringService } from '../../src/domain/clustering/clustering';
import { loadPipelineModels } from '../../src/ml/analyze';
import { EMBEDDING_MODELS } from '../../src/ml/registry';
import { createRandom } from '../eval/random';
import { nodeImageCodec } from '../lib/node-inference';
import { createNodeModelLoader } from '../lib/node-models';
import { syntheticClass } from './cluster-scale';
import {
  timeEmbeddingModels,
  timePhoto,
  type EmbedSpeed,
  type PhotoTiming,
} from './pipeline-timing';

const cpuNow = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

export async function runNodePipeline(options: {
  photos: string[];
  repeat: number;
  embedPhoto: string;
  embedFaces: number;
  batches: number[];
}): Promise<{ runtime: string; threads: number; photos: PhotoTiming[]; embedding: EmbedSpeed[] }> {
  const threads = 2;
  const models = await loadPipelineModels(createNodeModelLoader({ intraOpNumThreads: threads }), [
    'arcface',
    'facenet',
  ]);
  const host = { ...nodeImageCodec, cpuNow };
  const photos: PhotoTiming[] = [];
  const first = options.photos[0];
  if (first) await timePhoto(first, readFileSync(first), models, host);
  for (let r = 0; r < options.repeat; r++) {
    for (const photo of options.photos) {
      photos.push(await timePhoto(photo, readFileSync(photo), models, host));
    }
  }
  const image = await nodeImageCodec.decode(readFileSync(options.embedPhoto));
  const embedding = await timeEmbeddingModels(image, models, {
    faces: options.embedFaces,
    batches: options.batches,
    modelIds: ['arcface', 'facenet'],
  });
  return { runtime: 'onnxruntime-node', threads, photos, embedding };
}

/** Debian's python3 (where python3-sklearn installs), unless PYTHON names another. */
export const PYTHON =
  process.env.PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

export interface ClusteringRow {
  faces: number;
  rollcallMs: number;
  rollcallClusters: number;
  sklearnMs: number | null;
  sklearnClusters: number | null;
  note: string;
}

/**
 * ClusteringService against scikit-learn's AgglomerativeClustering (average linkage, cosine,
 * distance threshold 1 - similarity threshold) on the same synthetic ArcFace-like embeddings.
 * scikit-learn needs the n x n distance matrix: sizes above `sklearnMax` are not run there.
 */
export function runClustering(options: {
  sizes: number[];
  sklearnMax: number;
  sklearnMissing?: boolean;
}): ClusteringRow[] {
  const threshold = EMBEDDING_MODELS.arcface.thresholds.clustering;
  const dir = mkdtempSync(join(tmpdir(), 'rollcall-bench-'));
  const rows: ClusteringRow[] = [];
  try {
    for (const n of options.sizes) {
      const { embeddings } = syntheticClass(n, 45, 512, 0.6, createRandom(1));
      const service = new ClusteringService({
        maxClusters: 100000,
        similarityThreshold: threshold,
      });
      const t0 = performance.now();
      const result = service.clusterEmbeddings(embeddings);
      const rollcallMs = performance.now() - t0;
      let sklearnMs: number | null = null;
      let sklearnClusters: number | null = null;
      let note = '';
      if (n <= options.sklearnMax) {
        const file = join(dir, `e${n}.f32`);
        const flat = new Float32Array(n * 512);
        embeddings.forEach((e, i) => flat.set(e, i * 512));
        writeFileSync(file, new Uint8Array(flat.buffer));
        try {
          const out = execFileSync(
            PYTHON,
            [join(import.meta.dirname, 'sklearn-cluster.py'), file, '512', String(1 - threshold)],
            { encoding: 'utf8', maxBuffer: 1 << 20 },
          );
          const parsed = JSON.parse(out) as { ms: number; clusters: number };
          sklearnMs = parsed.ms;
          sklearnClusters = parsed.clusters;
        } catch (error) {
          note = `scikit-learn failed: ${String(error).split('\n')[0]}`;
        }
      } else if (options.sklearnMissing) {
        note = 'scikit-learn not installed (apt-get install -y python3-sklearn)';
      } else {
        note = `scikit-learn not run: its ${n}x${n} distance matrix needs ${((n * n * 8) / 1e9).toFixed(1)} GB`;
      }
      rows.push({
        faces: n,
        rollcallMs,
        rollcallClusters: result.numClusters,
        sklearnMs,
        sklearnClusters,
        note,
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

/** kNN per face, the app's SQL query against the class's gallery in memory (knn-index.ts). */
export { compareKnn, type KnnRow } from './knn-index';
