// Caches the central-face embeddings (both models, of the aligned crop and of its mirror image)
// and whether each face can start a cluster, of an LFW-layout folder as JSON lines, for cluster-sweep.ts, preset-sweep.ts
// and calibrate.ts. Same pipeline and defaults as the eval command; the images
// the default cluster selections need come first, so a partial file is already useful.
// Usage: node scripts/lib/run-ts.mjs --entry /scripts/bench/cluster-cache.ts <lfw-dir> <out.jsonl>
//          [from] [to]   (only images from..to-1 of that order, e.g. to fill a cache in parallel)
import { appendFile, writeFile } from 'node:fs/promises';
import { canStartCluster } from '../../src/domain/face/quality';
import { analyzeImage, centralDetection, loadPipelineModels } from '../../src/ml/analyze';
import { alignFace, embedAlignedFaces, mirrorImage } from '../../src/ml/embed';
import { EMBEDDING_MODELS } from '../../src/ml/registry';
import type { TensorRunner } from '../../src/ml/runtime';
import { decodeImageFile } from '../lib/decode-node';
import { createNodeModelLoader } from '../lib/node-models';
import { readIdentityFolders } from '../eval/datasets';

export interface CachedFace {
  name: string;
  path: string;
  /**
   * canStartCluster of the face (false when there is none). Caches written before this name
   * call it `seed` (readEmbeddingCache reads both).
   */
  canStart: boolean;
  /** ArcFace and FaceNet embeddings of the aligned crop, null when no face was found. */
  a: number[] | null;
  f: number[] | null;
  /** The same of the crop's mirror image (absent in caches written before they were added). */
  am?: number[] | null;
  fm?: number[] | null;
}

export async function main(argv: string[]): Promise<number> {
  const [dir, out, from, to] = argv;
  if (!dir || !out) {
    console.error('usage: cluster-cache.ts <lfw-dir> <out.jsonl>');
    return 2;
  }
  const ids = await readIdentityFolders(dir);
  const pick = (keep: (n: number) => boolean, from = 0, to = Infinity) =>
    ids
      .filter((i) => keep(i.images.length))
      .flatMap((i) => i.images.slice(from, to).map((path) => ({ name: i.name, path })));
  const order = [
    ...pick((n) => n >= 5, 0, 20),
    ...pick((n) => n === 1),
    ...pick((n) => n >= 2 && n < 5),
    ...pick((n) => n > 20, 20),
  ].slice(Number(from ?? 0), to === undefined ? undefined : Number(to));
  const models = await loadPipelineModels(createNodeModelLoader(), ['arcface', 'facenet']);
  await writeFile(out, '');
  let lines = '';
  const t0 = performance.now();
  for (const [k, { name, path }] of order.entries()) {
    const image = await decodeImageFile(path);
    // Detection and landmarks only; each model's crop and its mirror embedded one by one here.
    const [face] = await analyzeImage(image, models, {
      embeddingModels: [],
      selectDetections: centralDetection,
    });
    const round = (v: Float32Array | undefined) =>
      v ? Array.from(v, (x) => Number(x.toFixed(6))) : null;
    const embed = async (id: 'arcface' | 'facenet') => {
      if (!face) return [undefined, undefined];
      const spec = EMBEDDING_MODELS[id];
      const crop = alignFace(image, face.fivePoints, spec);
      const runner = models.embedders[id] as TensorRunner;
      return embedAlignedFaces([crop, mirrorImage(crop)], runner, spec, undefined, false);
    };
    const [a, am] = await embed('arcface');
    const [f, fm] = await embed('facenet');
    const record: CachedFace = {
      name,
      path,
      canStart: face ? canStartCluster(face.quality) : false,
      a: round(a),
      f: round(f),
      am: round(am),
      fm: round(fm),
    };
    lines += `${JSON.stringify(record)}\n`;
    if ((k + 1) % 100 === 0 || k + 1 === order.length) {
      await appendFile(out, lines);
      lines = '';
      const ms = (performance.now() - t0) / (k + 1);
      console.error(`${k + 1}/${order.length} images, ${ms.toFixed(0)} ms/image`);
    }
  }
  return 0;
}
