// The inference worker: stateless, photos in, faces and vectors out. The page starts it and
// sends it a MessagePort; only the core worker talks to it, over that port. onnxruntime-web's
// WASM threads start copies of this script as 'em-pthread' workers, so nothing here runs at the
// top level for those.
import { expose } from 'comlink';
import { registerErrorTransfer } from '../contracts/error-transfer';
import {
  INFERENCE_CONNECT_MESSAGE,
  type InferenceApi,
  type InferenceConnectMessage,
} from '../contracts/inference';
import type { InferenceRuntimeInfo } from '../contracts/photos';
import { browserImageCodec } from './browser-codec';
import { singleThreadReason, wasmThreadCount } from '../contracts/wasm-threads';
import { chooseExecutionProvider } from '../contracts/execution-provider';
import { createOrtWebModelLoader, fetchModelFile, type OrtModule } from './ort-web';
import { createPhotoInference } from './photo-inference';
import type { ModelLoader } from './runtime';
import { restartThreadWorkersThatFailToStart, THREAD_WORKER_NAME } from './thread-worker-restart';

let service: Promise<InferenceApi> | undefined;

/**
 * The page's cap on WASM threads (1 on a device where several threads once stopped
 * answering); set by the connect message, before the first model loads.
 */
let maxThreads = Number.POSITIVE_INFINITY;
const threadCount = () => Math.max(1, Math.min(maxThreads, wasmThreadCount()));

/** The plain WASM build, loaded once, with threads set before its first session. */
let wasmRuntime: Promise<OrtModule> | undefined;
const loadWasmRuntime = () =>
  (wasmRuntime ??= import('onnxruntime-web/wasm').then((ort) => {
    ort.env.wasm.numThreads = threadCount();
    return ort;
  }));

/**
 * A loader that starts on the chosen provider and falls back to WASM for good if a model fails
 * to load on WebGPU; `info` always says what is in use.
 */
function fallbackLoader(info: InferenceRuntimeInfo, webgpu: OrtModule | undefined): ModelLoader {
  const wasm = async () =>
    createOrtWebModelLoader(await loadWasmRuntime(), { executionProviders: ['wasm'] });
  return {
    fetch: (file) => fetchModelFile(file),
    async load(file) {
      if (info.provider !== 'webgpu' || !webgpu) return (await wasm()).load(file);
      try {
        return await createOrtWebModelLoader(webgpu, { executionProviders: ['webgpu'] }).load(file);
      } catch (error) {
        info.provider = 'wasm';
        info.note = `WebGPU failed (${String(error)}); using WebAssembly.`;
        return (await wasm()).load(file);
      }
    },
  };
}

/**
 * The WebGPU build, or undefined if it cannot be loaded: the offline copy keeps it only where the
 * GPU was there when Rollcall was installed (src/sw/onnxruntime-builds.ts), so a browser that has
 * gained one since has only the WASM build while it is offline.
 */
async function loadWebGpuRuntime(): Promise<OrtModule | undefined> {
  try {
    const webgpu = await import('onnxruntime-web/webgpu');
    webgpu.env.wasm.numThreads = threadCount();
    return webgpu;
  } catch {
    return undefined;
  }
}

async function start(): Promise<InferenceApi> {
  let choice = await chooseExecutionProvider();
  const webgpu = choice.provider === 'webgpu' ? await loadWebGpuRuntime() : undefined;
  if (choice.provider === 'webgpu' && !webgpu)
    choice = {
      provider: 'wasm',
      note: 'WebGPU could not be loaded (offline?); using WebAssembly.',
    };
  const info: InferenceRuntimeInfo = {
    provider: choice.provider,
    threads: threadCount(),
    isCrossOriginIsolated: globalThis.crossOriginIsolated,
    note: [
      choice.note,
      singleThreadReason(),
      threadCount() < wasmThreadCount() ? ONE_THREAD_NOTE : '',
    ]
      .filter(Boolean)
      .join(' '),
  };
  return createPhotoInference(fallbackLoader(info, webgpu), browserImageCodec, async () => {
    // Once the runtime has started, it says how many threads it really got (it falls back to
    // one by itself when it cannot share memory).
    const started = info.provider === 'wasm' && wasmRuntime ? await wasmRuntime : webgpu;
    const threads = started?.env.wasm.numThreads;
    return {
      ...info,
      threads: typeof threads === 'number' && threads > 0 ? threads : info.threads,
    };
  });
}

/** Said when the page capped threads because face analysis once hung with several. */
const ONE_THREAD_NOTE =
  'Face analysis once stopped answering with several threads on this device, so it uses one.';

const inference = () => (service ??= start());

const api: InferenceApi = {
  getRuntimeInfo: async () => (await inference()).getRuntimeInfo(),
  analyzePhoto: async (request, onProgress) =>
    (await inference()).analyzePhoto(request, onProgress),
  embedFaces: async (request) => (await inference()).embedFaces(request),
  cancel: async (jobId) => (await inference()).cancel(jobId),
};

if (!self.name.startsWith(THREAD_WORKER_NAME)) {
  registerErrorTransfer();
  restartThreadWorkersThatFailToStart(self, (restarts) =>
    console.warn(`A WASM thread worker failed to start; started again (${restarts}).`),
  );
  self.addEventListener('message', (event: MessageEvent<InferenceConnectMessage>) => {
    const port = event.ports[0];
    if (event.data?.type !== INFERENCE_CONNECT_MESSAGE || !port) return;
    if (event.data.maxThreads >= 1) maxThreads = event.data.maxThreads;
    expose(api, port);
  });
}
