// The Node half of browser-embed-speed.mjs: onnxruntime-node on the same crops.
import { readFile } from 'node:fs/promises';
import { analyzeImage, loadPipelineModels } from '../../src/ml/analyze';
import { alignFace, embedAlignedFaces } from '../../src/ml/embed';
import { EMBEDDING_MODELS } from '../../src/ml/registry';
import { nodeImageCodec } from '../lib/node-inference';
import { createNodeModelLoader, RUNTIME_NAME } from '../lib/node-models';

export async function runNodeEmbedBench({
  faces,
  batch,
  warmup,
}: {
  faces: number;
  batch: number;
  warmup: number;
}) {
  const threads = 2;
  const models = await loadPipelineModels(createNodeModelLoader({ intraOpNumThreads: threads }), [
    'arcface',
  ]);
  const image = await nodeImageCodec.decode(
    await readFile(new URL('../../test/fixtures/photos/bbt4.jpg', import.meta.url)),
  );
  const found = await analyzeImage(image, models, { embeddingModels: ['arcface'] });
  const spec = EMBEDDING_MODELS.arcface;
  const crops = Array.from({ length: faces }, (_, i) =>
    alignFace(image, found[i % found.length]!.fivePoints, spec),
  );
  const runner = models.embedders.arcface!;
  await embedAlignedFaces(crops.slice(0, warmup), runner, { ...spec, maxBatch: 1 });
  let start = performance.now();
  await embedAlignedFaces(crops, runner, { ...spec, maxBatch: 1 });
  const single = (performance.now() - start) / faces;
  start = performance.now();
  await embedAlignedFaces(crops, runner, { ...spec, maxBatch: batch });
  const batched = (performance.now() - start) / faces;
  return {
    runtime: RUNTIME_NAME,
    threads,
    faces,
    batch,
    msPerFaceSingle: single,
    msPerFaceBatched: batched,
  };
}
