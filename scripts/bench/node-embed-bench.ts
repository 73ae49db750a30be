// The Node half of browser-embed-speed.mjs: onnxruntime-node on the same crops.
import { readFile } from 'node:fs/promises';
import { loadPipelineModels } from '../../src/ml/analyze';
import { nodeImageCodec } from '../lib/node-inference';
import { createNodeModelLoader, RUNTIME_NAME } from '../lib/node-models';
import { timeEmbedding } from './embed-timing';

export async function runNodeEmbedBench(options: { faces: number; batch: number; warmup: number }) {
  const threads = 2;
  const loader = createNodeModelLoader({ intraOpNumThreads: threads });
  const models = await loadPipelineModels(loader, ['arcface', 'facenet']);
  const photo = await readFile(new URL('../../test/fixtures/photos/bbt4.jpg', import.meta.url));
  const image = await nodeImageCodec.decode(photo);
  return { runtime: RUNTIME_NAME, threads, ...(await timeEmbedding(image, models, options)) };
}
