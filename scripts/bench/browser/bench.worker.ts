// Embedding speed in a browser worker: onnxruntime-web (WASM, threads when cross-origin
// isolated) on the app's ArcFace model, over aligned crops cut from a real group photo.
import { expose } from 'comlink';
import * as ort from 'onnxruntime-web/wasm';
import { loadPipelineModels } from '../../../src/ml/analyze';
import { browserImageCodec } from '../../../src/ml/browser-codec';
import { wasmThreadCount } from '../../../src/contracts/wasm-threads';
import { createOrtWebModelLoader } from '../../../src/ml/ort-web';
import { timeEmbedding, type EmbedTiming } from '../embed-timing';

export interface BenchResult extends EmbedTiming {
  runtime: string;
  threads: number;
  crossOriginIsolated: boolean;
}

export interface BenchApi {
  run(options: { faces: number; warmup: number; batch: number }): Promise<BenchResult>;
}

const api: BenchApi = {
  async run({ faces, warmup, batch }) {
    ort.env.wasm.numThreads = wasmThreadCount();
    const loader = createOrtWebModelLoader(ort, { executionProviders: ['wasm'] });
    const models = await loadPipelineModels(loader, ['arcface', 'facenet']);
    const photo = await fetch('/test/fixtures/photos/bbt4.jpg');
    const image = await browserImageCodec.decode(new Uint8Array(await photo.arrayBuffer()));
    const timing = await timeEmbedding(image, models, { faces, warmup, batch });
    return {
      runtime: 'onnxruntime-web (wasm)',
      threads: ort.env.wasm.numThreads,
      crossOriginIsolated: globalThis.crossOriginIsolated,
      ...timing,
    };
  },
};

if (!self.name.startsWith('em-pthread')) expose(api);
