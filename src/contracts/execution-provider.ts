// Which onnxruntime-web execution provider to use in this browser. WebGPU when the browser has
// a real GPU adapter; WASM otherwise. A software "fallback" adapter (SwiftShader, as headless
// Chromium offers) runs the models about 50 times slower than WASM, so it is never chosen.
// The inference worker runs it to choose; the service worker runs it too, to keep for offline
// use the onnxruntime-web build the inference worker will load (src/sw/onnxruntime-builds.ts).
export interface ProviderChoice {
  provider: 'webgpu' | 'wasm';
  note: string;
}

interface AdapterLike {
  isFallbackAdapter?: boolean;
  info?: { isFallbackAdapter?: boolean };
}

export async function chooseExecutionProvider(): Promise<ProviderChoice> {
  // Typed by hand: this runs in a dedicated worker and in the service worker.
  const gpu = (
    globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<AdapterLike | null> } } }
  ).navigator?.gpu;
  if (!gpu) return { provider: 'wasm', note: 'This browser has no WebGPU; using WebAssembly.' };
  let adapter: AdapterLike | null = null;
  try {
    adapter = await gpu.requestAdapter();
  } catch {
    adapter = null;
  }
  if (!adapter)
    return { provider: 'wasm', note: 'No GPU is available to the browser; using WebAssembly.' };
  if (adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter) {
    return {
      provider: 'wasm',
      note: 'The only GPU is a slow software one; using WebAssembly instead.',
    };
  }
  return { provider: 'webgpu', note: 'Using the GPU (WebGPU).' };
}
