// onnxruntime-web comes in builds the inference worker may load (src/ml/inference.worker.ts):
// the WASM-only one ('onnxruntime-web/wasm': its JavaScript and ort-wasm-simd-threaded.wasm,
// 14 MB), which runs the models on WebAssembly, and the WebGPU one ('onnxruntime-web/webgpu': its
// JavaScript and ort-wasm-simd-threaded.asyncify.wasm, 27 MB), loaded only where the browser has
// a real GPU. The offline copy keeps only the builds this browser loads: the build
// (vite.config.ts) marks each of their files with its build, the service worker keeps the marked
// files of the builds `buildsToKeep` names.

export type OrtBuild = 'wasm' | 'webgpu';

/** The files of each build, by their name in the production build (Vite adds a hash). */
const BUILD_FILES: Record<OrtBuild, readonly RegExp[]> = {
  wasm: [/(^|\/)ort\.wasm\.bundle\.min-[\w-]+\.js$/, /(^|\/)ort-wasm-simd-threaded-[\w-]+\.wasm$/],
  webgpu: [
    /(^|\/)ort\.webgpu\.bundle\.min-[\w-]+\.js$/,
    /(^|\/)ort-wasm-simd-threaded\.asyncify-[\w-]+\.wasm$/,
  ],
};

/** Which build a file of the production build belongs to; undefined for every other file. */
export function ortBuildOf(path: string): OrtBuild | undefined {
  for (const [build, patterns] of Object.entries(BUILD_FILES) as [OrtBuild, readonly RegExp[]][])
    if (patterns.some((pattern) => pattern.test(path))) return build;
  return undefined;
}

/**
 * Whether a file looks like onnxruntime-web's own: the build fails on such a file that
 * `ortBuildOf` does not place (a new onnxruntime-web naming its files differently), rather than
 * keeping it in every browser's offline copy unnoticed.
 */
export const looksLikeOrtFile = (path: string): boolean =>
  /(^|\/)ort[.-][^/]*\.(js|mjs|wasm)$/.test(path);

/**
 * The builds the offline copy keeps when the inference worker will use `provider`: the WebGPU
 * build only with a real GPU, and the WASM build always, since the worker falls back to it
 * (when a model fails on the GPU, or the WebGPU build is not at hand offline).
 */
export const buildsToKeep = (provider: 'webgpu' | 'wasm'): OrtBuild[] =>
  provider === 'webgpu' ? ['webgpu', 'wasm'] : ['wasm'];
