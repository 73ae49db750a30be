// Which onnxruntime-web execution provider to use in this browser. WebGPU when the browser has
// a real GPU adapter; WASM otherwise. A software "fallback" adapter (SwiftShader, as headless
// Chromium offers) runs the models about 50 times slower than WASM, so it is never chosen.
export interface ProviderChoice {
  provider: 'webgpu' | 'wasm';
  note: string;
}

interface AdapterLike {
  isFallbackAdapter?: boolean;
  info?: { isFallbackAdapter?: boolean };
}

export async function chooseExecutionProvider(): Promise<ProviderChoice> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<AdapterLike | null> } })
    .gpu;
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
