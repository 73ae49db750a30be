// Embedding speed with onnxruntime-node on real aligned faces: ms per face for one face per
// run and for full batches, warm-up runs discarded.
// Usage: node scripts/lib/run-ts.mjs --entry /scripts/bench/embed-speed.ts [photo ...]
//        (default: test/fixtures/faces/*.jpg and test/fixtures/photos/bbt4.jpg)
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RgbaImage } from '../../src/domain/face/align';
import { analyzeImage, loadPipelineModels } from '../../src/ml/analyze';
import { alignFace, embedAlignedFaces } from '../../src/ml/embed';
import { type EmbeddingModelId } from '../../src/domain/recognition/models';
import { EMBEDDING_MODELS } from '../../src/ml/registry';
import { decodeImageFile } from '../lib/decode-node';
import { createNodeModelLoader, RUNTIME_NAME } from '../lib/node-models';

const WARM_UP_RUNS = 10;
const ROUNDS = 5;

export async function main(argv: string[]): Promise<number> {
  const fixtures = join(import.meta.dirname, '..', '..', 'test', 'fixtures');
  const photos = argv.length
    ? argv
    : [
        ...readdirSync(join(fixtures, 'faces'))
          .filter((f) => f.endsWith('.jpg'))
          .map((f) => join(fixtures, 'faces', f)),
        join(fixtures, 'photos', 'bbt4.jpg'),
      ];
  const ids: EmbeddingModelId[] = ['arcface', 'facenet'];
  const models = await loadPipelineModels(createNodeModelLoader(), ids);
  const faces: { image: RgbaImage; fivePoints: [number, number][] }[] = [];
  for (const photo of photos) {
    const image = await decodeImageFile(photo);
    for (const face of await analyzeImage(image, models, { embeddingModels: [] })) {
      faces.push({ image, fivePoints: face.fivePoints as [number, number][] });
    }
  }
  console.log(`${faces.length} faces from ${photos.length} photos, ${RUNTIME_NAME}, 2 threads`);
  for (const id of ids) {
    const spec = EMBEDDING_MODELS[id];
    const runner = models.embedders[id];
    if (!runner) continue;
    const crops = faces.map((f) => alignFace(f.image, f.fivePoints, spec));
    for (let i = 0; i < WARM_UP_RUNS; i++) {
      await embedAlignedFaces(crops.slice(0, 1), runner, spec);
    }
    for (const batch of [1, spec.maxBatch]) {
      const t0 = performance.now();
      for (let r = 0; r < ROUNDS; r++) {
        await embedAlignedFaces(crops, runner, { ...spec, maxBatch: batch });
      }
      const ms = (performance.now() - t0) / (ROUNDS * crops.length);
      console.log(
        `${id}: ${ms.toFixed(2)} ms/face (batch ${batch}, ${ROUNDS * crops.length} faces)`,
      );
    }
  }
  return 0;
}
