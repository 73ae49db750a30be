// How many WASM threads onnxruntime-web can get on this page. Both sides of the inference
// connection need it: the page's inference host (src/client) tells the worker its limit, and the
// worker (src/ml) starts onnxruntime-web with it; so the rule lives here, beside the connect
// message, where both may import it.

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
