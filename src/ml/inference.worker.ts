// The inference worker: stateless, photos in, faces and vectors out. Only the core worker talks
// to it. onnxruntime-web's WASM threads start copies of this script as 'em-pthread' workers,
// so nothing here runs at the top level for those.
import { expose } from 'comlink';
import * as ort from 'onnxruntime-web/webgpu';
import { registerErrorTransfer } from '../contracts/error-transfer';
import type { InferenceApi } from '../contracts/inference';
import type { InferenceRuntimeInfo } from '../contracts/photos';
import { browserImageCodec } from './browser-codec';
import { chooseExecutionProvider, wasmThreadCount } from './execution-provider';
import { createOrtWebModelLoader } from './ort-web';
import { createPhotoInference } from './photo-inference';
import type { ModelLoader } from './runtime';

let service: Promise<InferenceApi> | undefined;

/**
 * A loader that starts on the chosen provider and falls back to WASM for good if a model fails
 * to load on WebGPU; `info` always says what is in use.
 */
function fallbackLoader(info: InferenceRuntimeInfo): ModelLoader {
  const wasm = createOrtWebModelLoader({ executionProviders: ['wasm'] });
  const webgpu = createOrtWebModelLoader({ executionProviders: ['webgpu'] });
  return {
    async load(file) {
      if (info.provider !== 'webgpu') return wasm.load(file);
      try {
        return await webgpu.load(file);
      } catch (error) {
        info.provider = 'wasm';
        info.note = `WebGPU failed (${String(error)}); using WebAssembly.`;
        return wasm.load(file);
      }
    },
  };
}

async function start(): Promise<InferenceApi> {
  ort.env.wasm.numThreads = wasmThreadCount();
  const choice = await chooseExecutionProvider();
  const info: InferenceRuntimeInfo = {
    provider: choice.provider,
    threads: ort.env.wasm.numThreads,
    isCrossOriginIsolated: globalThis.crossOriginIsolated,
    note: choice.note,
  };
  return createPhotoInference(fallbackLoader(info), browserImageCodec, () =>
    Promise.resolve({ ...info }),
  );
}

const inference = () => (service ??= start());

const api: InferenceApi = {
  getRuntimeInfo: async () => (await inference()).getRuntimeInfo(),
  analyzePhoto: async (request, onProgress) =>
    (await inference()).analyzePhoto(request, onProgress),
  embedFaces: async (request) => (await inference()).embedFaces(request),
  cancel: async (jobId) => (await inference()).cancel(jobId),
};

if (!self.name.startsWith('em-pthread')) {
  registerErrorTransfer();
  expose(api);
}
