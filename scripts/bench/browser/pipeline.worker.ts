// The browser half of `npm run bench`: the whole photo pipeline per stage and the embedding
// models' ms per face, in a worker on onnxruntime-web (WASM, threads when cross-origin isolated)
// with the app's model loader and codec, as the inference worker runs them.
import { expose } from 'comlink';
import * as ort from 'onnxruntime-web/wasm';
import { loadPipelineModels } from '../../../src/ml/analyze';
import { browserImageCodec } from '../../../src/ml/browser-codec';
import { wasmThreadCount } from '../../../src/contracts/wasm-threads';
import { createOrtWebModelLoader } from '../../../src/ml/ort-web';
import {
  timeEmbeddingModels,
  timePhoto,
  type EmbedSpeed,
  type PhotoTiming,
} from '../pipeline-timing';

export interface PipelineBenchResult {
  runtime: string;
  threads: number;
  crossOriginIsolated: boolean;
  photos: PhotoTiming[];
  embedding: EmbedSpeed[];
}

export interface PipelineBenchApi {
  run(options: {
    photos: string[];
    repeat: number;
    embedPhoto: string;
    embedFaces: number;
    batches: number[];
  }): Promise<PipelineBenchResult>;
}

const fetchBytes = async (url: string) => new Uint8Array(await (await fetch(url)).arrayBuffer());

const api: PipelineBenchApi = {
  async run({ photos, repeat, embedPhoto, embedFaces, batches }) {
    ort.env.wasm.numThreads = wasmThreadCount();
    const loader = createOrtWebModelLoader(ort, { executionProviders: ['wasm'] });
    const models = await loadPipelineModels(loader, ['arcface', 'facenet']);
    const timings: PhotoTiming[] = [];
    const first = photos[0];
    // Warm-up (WASM compilation, first allocations), not measured.
    if (first) await timePhoto(first, await fetchBytes(first), models, browserImageCodec);
    for (let r = 0; r < repeat; r++) {
      for (const photo of photos) {
        timings.push(await timePhoto(photo, await fetchBytes(photo), models, browserImageCodec));
      }
    }
    const image = await browserImageCodec.decode(await fetchBytes(embedPhoto));
    const embedding = await timeEmbeddingModels(image, models, {
      faces: embedFaces,
      batches,
      modelIds: ['arcface', 'facenet'],
    });
    return {
      runtime: 'onnxruntime-web (wasm)',
      threads: ort.env.wasm.numThreads,
      crossOriginIsolated: globalThis.crossOriginIsolated,
      photos: timings,
      embedding,
    };
  },
};

if (!self.name.startsWith('em-pthread')) expose(api);
