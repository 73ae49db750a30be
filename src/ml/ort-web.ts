// onnxruntime-web implementation of the pipeline's ModelLoader, for the browser's inference
// worker. Models are the verified files the app serves under /models/ (never another host).
// The worker picks the execution providers (WebGPU when a real adapter exists, else WASM) and
// sets ort.env.wasm options before the first load.
//
// The runtime module is passed in: onnxruntime-web ships a WebGPU build ('onnxruntime-web/webgpu',
// 27 MB of WebAssembly), the default build ('onnxruntime-web': WASM plus WebGPU through
// JavaScript, 28 MB) and a WASM-only build ('onnxruntime-web/wasm', 14 MB). The worker loads the
// WebGPU build only when it will use the GPU, and the WASM-only build otherwise: the WebGPU
// build's WASM path was about 2.7 times slower than the default build's (55 vs 20 ms per
// ArcFace face), and the default build's 1.8-3x slower than the WASM-only build's (ArcFace,
// 2 threads, headless Chromium, load ~9, `npm run bench:embed -- --faces 32 --batch 8` with
// each build: 117-180 vs 51-58 ms per face one at a time, 74-127 vs 41-58 in batches of 8).
import type * as Ort from 'onnxruntime-web';
import { MlError } from './errors';
import { verifyModelBytes } from './integrity';
import type { FloatTensor, ModelLoader, TensorRunner } from './runtime';

export type OrtModule = typeof Ort;

export interface OrtWebLoaderOptions {
  executionProviders: Ort.InferenceSession.SessionOptions['executionProviders'];
  /** Where the model files are served; default `/models/`. */
  baseUrl?: string;
}

/** How long a run of models may keep the worker from reading its messages (a cancel). */
const MAX_BUSY_MS = 50;
let lastYield = 0;
let yieldChannel: MessageChannel | undefined;
let waiting: (() => void)[] = [];

/**
 * A task boundary, so messages queued meanwhile (a cancel()) are handled. A MessageChannel
 * message, not setTimeout(0): nested timers are clamped to 4 ms, and a photo used to make ~260
 * model runs. Only when the worker has been busy for MAX_BUSY_MS, so most runs do not wait.
 */
export async function yieldIfBusy(): Promise<void> {
  const now = performance.now();
  if (now - lastYield < MAX_BUSY_MS) return;
  if (!yieldChannel) {
    yieldChannel = new MessageChannel();
    yieldChannel.port1.onmessage = () => {
      const resolved = waiting;
      waiting = [];
      for (const resolve of resolved) resolve();
    };
  }
  const channel = yieldChannel;
  await new Promise<void>((resolve) => {
    // Runs of two jobs may wait at once: one message wakes everyone waiting.
    if (waiting.push(resolve) === 1) channel.port2.postMessage(null);
  });
  lastYield = performance.now();
}

class WebRunner implements TensorRunner {
  constructor(
    private readonly ort: OrtModule,
    private readonly session: Ort.InferenceSession,
  ) {}

  async run(feeds: Record<string, FloatTensor>): Promise<Record<string, FloatTensor>> {
    // A WASM run finishes in microtasks only, so a whole photo would never let the worker read
    // its messages: give it a task boundary now and then, so that a cancel() sent meanwhile is
    // heard.
    await yieldIfBusy();
    const inputs: Record<string, Ort.Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) {
      inputs[name] = new this.ort.Tensor('float32', t.data, [...t.dims]);
    }
    const outputs = await this.session.run(inputs);
    const result: Record<string, FloatTensor> = {};
    for (const [name, t] of Object.entries(outputs)) {
      if (t.type !== 'float32') throw new Error(`output ${name} is ${t.type}, expected float32`);
      result[name] = { data: (await t.getData()) as Float32Array, dims: t.dims };
    }
    return result;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

/** Model files downloaded and checked ahead of their load, by URL; dropped once loaded. */
const fetched = new Map<string, Promise<ArrayBuffer>>();

async function downloadModel(url: string, file: string): Promise<ArrayBuffer> {
  let bytes: ArrayBuffer;
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    bytes = await response.arrayBuffer();
  } catch (error) {
    throw new MlError(
      'model-load-failed',
      `Could not load the face model ${file}: ${String(error)}`,
    );
  }
  await verifyModelBytes(file, bytes);
  return bytes;
}

/** The file's checked bytes, downloading them unless a `fetch` already has. */
function modelBytes(url: string, file: string): Promise<ArrayBuffer> {
  let bytes = fetched.get(url);
  if (!bytes) {
    bytes = downloadModel(url, file);
    fetched.set(url, bytes);
    // A failed download is not kept: the next photo tries again.
    bytes.catch(() => fetched.delete(url));
  }
  return bytes;
}

/** Downloads and checks a model file ahead of its load (ModelLoader.fetch). */
export async function fetchModelFile(file: string, baseUrl = '/models/'): Promise<void> {
  await modelBytes(`${baseUrl}${file}`, file);
}

export function createOrtWebModelLoader(ort: OrtModule, options: OrtWebLoaderOptions): ModelLoader {
  const baseUrl = options.baseUrl ?? '/models/';
  return {
    fetch: (file) => fetchModelFile(file, baseUrl),
    async load(file: string): Promise<TensorRunner> {
      const url = `${baseUrl}${file}`;
      const bytes = await modelBytes(url, file);
      // The runtime keeps its own copy of the model: these bytes are not needed again.
      fetched.delete(url);
      try {
        const session = await ort.InferenceSession.create(bytes, {
          executionProviders: options.executionProviders ?? ['wasm'],
          graphOptimizationLevel: 'all',
          logSeverityLevel: 3,
        });
        return new WebRunner(ort, session);
      } catch (error) {
        throw new MlError(
          'model-load-failed',
          `The face model ${file} did not start: ${String(error)}`,
        );
      }
    },
  };
}
