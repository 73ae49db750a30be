import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Cross-origin isolation lets onnxruntime-web use WASM threads (SharedArrayBuffer).
// The same headers are set for the dev server and for `vite preview`.
const crossOriginIsolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react()],
  server: { headers: crossOriginIsolation },
  preview: { headers: crossOriginIsolation },
  worker: { format: 'es' },
  // Pre-bundling these makes the first dev-server visit reload the page (see stack notes).
  optimizeDeps: {
    exclude: ['onnxruntime-web', '@electric-sql/pglite', '@electric-sql/pglite-pgvector'],
  },
  build: { target: 'es2022' },
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
