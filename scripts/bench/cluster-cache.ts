// Caches the central-face embeddings (both models) and seed quality of an LFW-layout folder as
// JSON lines, for cluster-sweep.ts. Same pipeline and defaults as the eval command; the images
// the default cluster selections need come first, so a partial file is already useful.
// Usage: node scripts/eval/run.mjs --entry /scripts/bench/cluster-cache.ts <lfw-dir> <out.jsonl>
import { appendFile, writeFile } from 'node:fs/promises';
import { isSeedQuality } from '../../src/domain/face/quality';
import { analyzeImage, centralDetection, loadPipelineModels } from '../../src/ml/analyze';
import { decodeImageFile } from '../lib/decode-node';
import { createNodeModelLoader } from '../lib/node-models';
import { readIdentityFolders } from '../eval/datasets';

export interface CachedFace {
  name: string;
  path: string;
  /** isSeedQuality of the face (false when there is none). */
  seed: boolean;
  /** ArcFace and FaceNet embeddings, null when no face was found. */
  a: number[] | null;
  f: number[] | null;
}

export async function main(argv: string[]): Promise<number> {
  const [dir, out] = argv;
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
  ];
  const models = await loadPipelineModels(createNodeModelLoader(), ['arcface', 'facenet']);
  await writeFile(out, '');
  let lines = '';
  const t0 = performance.now();
  for (const [k, { name, path }] of order.entries()) {
    const [face] = await analyzeImage(await decodeImageFile(path), models, {
      embeddingModels: ['arcface', 'facenet'],
      selectDetections: centralDetection,
    });
    const round = (v: Float32Array | undefined) =>
      v ? Array.from(v, (x) => Number(x.toFixed(6))) : null;
    const record: CachedFace = {
      name,
      path,
      seed: face ? isSeedQuality(face.quality) : false,
      a: round(face?.embeddings.arcface),
      f: round(face?.embeddings.facenet),
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
