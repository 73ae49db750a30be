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

/**
 * Whether onnxruntime-web can start WASM threads here: they share memory, which needs both
 * cross-origin isolation and SharedArrayBuffer. Isolation alone is not enough: WebKitGTK is
 * isolated yet hides SharedArrayBuffer, and onnxruntime-web then silently runs one thread.
 */
export function canUseWasmThreads(
  scope: { crossOriginIsolated?: boolean; SharedArrayBuffer?: unknown } = globalThis,
): boolean {
  return scope.crossOriginIsolated === true && typeof scope.SharedArrayBuffer === 'function';
}

/** The WASM threads onnxruntime-web will really get: one without shared memory, else up to 4. */
export function wasmThreadCount(
  scope: { crossOriginIsolated?: boolean; SharedArrayBuffer?: unknown } = globalThis,
  cores: number = navigator.hardwareConcurrency,
): number {
  if (!canUseWasmThreads(scope)) return 1;
  return Math.max(1, Math.min(4, cores || 1));
}

/** Why face analysis runs on one thread, in plain words; '' when it has several. */
export function singleThreadReason(
  scope: { crossOriginIsolated?: boolean; SharedArrayBuffer?: unknown } = globalThis,
): string {
  if (canUseWasmThreads(scope)) return '';
  if (scope.crossOriginIsolated !== true)
    return 'This page is not isolated, so face analysis uses one processor core.';
  return 'This browser does not share memory between threads, so face analysis uses one processor core.';
}
