// The offline copy keeps onnxruntime-web's files by build (src/sw/onnxruntime-builds.ts). If a
// new onnxruntime-web changed which WebAssembly file a build loads, a browser could go offline
// without the file it needs: each build the inference worker imports must load only files
// placed in that build.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildsToKeep, looksLikeOrtFile, ortBuildOf } from '../../src/sw/onnxruntime-builds';

const PACKAGE = new URL('../../node_modules/onnxruntime-web/', import.meta.url);

/** The browser module a package entry resolves to, as Vite resolves it (`import` condition). */
function browserModule(entry: string): string {
  const pkg = JSON.parse(readFileSync(new URL('package.json', PACKAGE), 'utf8')) as {
    exports: Record<string, { import?: { default?: string } }>;
  };
  const file = pkg.exports[entry]?.import?.default;
  if (!file) throw new Error(`onnxruntime-web has no ${entry}`);
  return readFileSync(new URL(file, PACKAGE), 'utf8');
}

/** The WebAssembly files a build's module asks for, named as in the production build. */
const wasmFiles = (source: string) =>
  [...new Set(source.match(/ort-wasm-simd-threaded[\w.]*\.wasm/g))].map((name) =>
    name.replace(/\.wasm$/, '-Ab1_2-xY.wasm'),
  );

describe('onnxruntime-web builds in the offline copy', () => {
  it('places the files each build the inference worker imports loads in that build', () => {
    // src/ml/inference.worker.ts: import('onnxruntime-web/wasm') and import('onnxruntime-web/webgpu').
    for (const [entry, build] of [
      ['./wasm', 'wasm'],
      ['./webgpu', 'webgpu'],
    ] as const) {
      const files = wasmFiles(browserModule(entry));
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) expect(ortBuildOf(`assets/${file}`)).toBe(build);
    }
    expect(ortBuildOf('assets/ort.wasm.bundle.min-Ab1_2-xY.js')).toBe('wasm');
    expect(ortBuildOf('assets/ort.webgpu.bundle.min-Ab1_2-xY.js')).toBe('webgpu');
  });

  it('places nothing else, and notices an onnxruntime-web file it cannot place', () => {
    expect(ortBuildOf('assets/pglite-Busfj2jm.wasm')).toBeUndefined();
    expect(ortBuildOf('assets/inference.worker-BytIbFem.js')).toBeUndefined();
    expect(looksLikeOrtFile('assets/ort.jspi.bundle.min-Ab1_2-xY.js')).toBe(true);
    expect(ortBuildOf('assets/ort.jspi.bundle.min-Ab1_2-xY.js')).toBeUndefined();
    expect(looksLikeOrtFile('assets/pglite-Busfj2jm.wasm')).toBe(false);
  });

  it('keeps the WebGPU build only with a real GPU, the WASM build always', () => {
    expect(buildsToKeep('wasm')).toEqual(['wasm']);
    expect(buildsToKeep('webgpu')).toEqual(['webgpu', 'wasm']);
  });
});
