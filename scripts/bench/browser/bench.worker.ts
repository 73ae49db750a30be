// Embedding speed in a browser worker: onnxruntime-web (WASM, threads when cross-origin
// isolated) on the app's ArcFace model, over aligned crops cut from a real group photo.
import { expose } from 'comlink';
import * as ort from 'onnxruntime-web/webgpu';
import { analyzeImage, loadPipelineModels } from '../../../src/ml/analyze';
import { browserImageCodec } from '../../../src/ml/browser-codec';
import { alignFace, embedAlignedFaces } from '../../../src/ml/embed';
import { wasmThreadCount } from '../../../src/ml/execution-provider';
import { createOrtWebModelLoader } from '../../../src/ml/ort-web';
import { EMBEDDING_MODELS } from '../../../src/ml/registry';

export interface BenchResult {
  runtime: string;
  threads: number;
  crossOriginIsolated: boolean;
  faces: number;
  batch: number;
  msPerFaceSingle: number;
  msPerFaceBatched: number;
}

export interface BenchApi {
  run(options: { faces: number; warmup: number; batch: number }): Promise<BenchResult>;
}

const api: BenchApi = {
  async run({ faces, warmup, batch }) {
    ort.env.wasm.numThreads = wasmThreadCount();
    const loader = createOrtWebModelLoader({ executionProviders: ['wasm'] });
    const models = await loadPipelineModels(loader, ['arcface']);
    const photo = await fetch('/test/fixtures/photos/bbt4.jpg');
    const image = await browserImageCodec.decode(new Uint8Array(await photo.arrayBuffer()));
    const found = await analyzeImage(image, models, { embeddingModels: ['arcface'] });
    const spec = EMBEDDING_MODELS.arcface;
    const crops = Array.from({ length: faces }, (_, i) =>
      alignFace(image, found[i % found.length]!.fivePoints, spec),
    );
    const runner = models.embedders.arcface!;
    // The first runs are slow while the WASM compiles and warms up: not measured.
    await embedAlignedFaces(crops.slice(0, warmup), runner, { ...spec, maxBatch: 1 });
    let start = performance.now();
    await embedAlignedFaces(crops, runner, { ...spec, maxBatch: 1 });
    const single = (performance.now() - start) / faces;
    start = performance.now();
    await embedAlignedFaces(crops, runner, { ...spec, maxBatch: batch });
    const batched = (performance.now() - start) / faces;
    return {
      runtime: 'onnxruntime-web (wasm)',
      threads: ort.env.wasm.numThreads,
      crossOriginIsolated: globalThis.crossOriginIsolated,
      faces,
      batch,
      msPerFaceSingle: single,
      msPerFaceBatched: batched,
    };
  },
};

if (!self.name.startsWith('em-pthread')) expose(api);
