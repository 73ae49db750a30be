import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import {
  CONTENT_SECURITY_POLICY,
  CROSS_ORIGIN_ISOLATION_HEADERS,
  DEV_CONTENT_SECURITY_POLICY,
  META_CONTENT_SECURITY_POLICY,
  PRIVACY_HEADERS,
} from './src/sw/security-headers.ts';
import type { Plugin } from 'vite';
import { databaseSnapshot, databaseSnapshotModule } from './scripts/db/database-snapshot-plugin.ts';
import { looksLikeOrtFile, ortBuildOf } from './src/sw/onnxruntime-builds.ts';

// Cross-origin isolation lets onnxruntime-web use WASM threads (SharedArrayBuffer). The dev
// server and `vite preview` send it with the Content-Security-Policy; the service worker adds
// the same headers to what it serves (src/sw/service-worker.ts), for hosts that set none.
const headers = {
  ...CROSS_ORIGIN_ISOLATION_HEADERS,
  ...PRIVACY_HEADERS,
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
};

/** The largest file the service worker precaches: onnxruntime-web's WASM is ~26 MB. */
const MAX_PRECACHED_FILE_BYTES = 40 * 1024 * 1024;

/**
 * Build warnings we have read and judged harmless, silenced so that a newcomer's build prints
 * nothing that looks like an error (anything else still shows):
 * - `eval`: PGlite's Emscripten glue uses direct eval in code paths the browser build never runs;
 *   the page's CSP forbids eval anyway ('wasm-unsafe-eval' only).
 * - `bundlerTimings`: timing advice about the worker and PWA plugins, not a problem in the output.
 */
const checks = { eval: false, bundlerTimings: false };

/** PGlite's Node-only branch imports `node:module`; the browser build never takes it. */
const isHarmlessNodeBuiltinNotice = (log: { message: string }) =>
  log.message.includes('Module "node:module" has been externalized for browser compatibility');

const rolldownOptions = {
  checks,
  onLog(
    level: 'info' | 'debug' | 'warn',
    log: { message: string },
    handler: (level: 'info' | 'debug' | 'warn', log: { message: string }) => void,
  ) {
    if (isHarmlessNodeBuiltinNotice(log)) return;
    handler(level, log);
  },
};

/** The dev server relaxes index.html's policy for Vite's inline scripts and styles (HMR). */
const devContentSecurityPolicy: Plugin = {
  name: 'rollcall-dev-csp',
  apply: 'serve',
  transformIndexHtml: (html) =>
    html.replace(
      META_CONTENT_SECURITY_POLICY,
      DEV_CONTENT_SECURITY_POLICY.replace(/; frame-ancestors 'none'$/, ''),
    ),
};

export default defineConfig({
  plugins: [
    react(),
    devContentSecurityPolicy,
    // The pre-initialised database a fresh profile starts from (src/db/database-snapshot.ts).
    databaseSnapshot(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'service-worker.ts',
      registerType: 'prompt',
      // Registered by src/app/pwa/UpdatePrompt.tsx (virtual:pwa-register/react); no inline script.
      injectRegister: false,
      injectManifest: {
        rollupFormat: 'iife',
        maximumFileSizeToCacheInBytes: MAX_PRECACHED_FILE_BYTES,
        // The app shell, the WASM runtimes (onnxruntime-web; PGlite's .wasm, .data and the
        // pgvector .tar.gz), the pre-initialised database (database/rollcall.tar.gz), the face
        // models in public/models/ and the icons.
        globPatterns: ['**/*.{html,js,css,wasm,data,gz,onnx,png,svg,webmanifest}'],
        // Each file's size goes into the list, so the service worker can say how far the
        // offline copy has got in bytes (workbox-build drops its own `size` field); each of
        // onnxruntime-web's files gets its build, so the service worker keeps only the builds
        // this browser loads (src/sw/onnxruntime-builds.ts).
        manifestTransforms: [
          (entries) => ({
            manifest: entries.map((entry) => {
              const ortBuild = ortBuildOf(entry.url);
              if (!ortBuild && looksLikeOrtFile(entry.url))
                throw new Error(
                  `${entry.url}: which onnxruntime-web build is it? See onnxruntime-builds.ts`,
                );
              return { ...entry, bytes: entry.size, ...(ortBuild ? { ortBuild } : {}) };
            }),
            warnings: [],
          }),
        ],
      },
      manifest: {
        name: 'Rollcall',
        short_name: 'Rollcall',
        description:
          'Class attendance from photos. Faces, names and records stay on this device: nothing is sent anywhere.',
        id: '/',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: '#1f5fbf',
        background_color: '#ffffff',
        lang: 'en',
        categories: ['education', 'productivity'],
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          {
            src: 'icons/maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
        ],
      },
    }),
  ],
  server: {
    headers: { ...headers, 'Content-Security-Policy': DEV_CONTENT_SECURITY_POLICY },
  },
  preview: { headers },
  worker: { format: 'es', rolldownOptions, plugins: () => [databaseSnapshotModule()] },
  // Pre-bundling these makes the first dev-server visit reload the page (see stack notes).
  optimizeDeps: {
    exclude: ['onnxruntime-web', '@electric-sql/pglite', '@electric-sql/pglite-pgvector'],
  },
  build: { target: 'es2022', rolldownOptions },
  test: {
    // App tests (test/), and the eval's and benchmarks' own tests beside them (scripts/).
    include: [
      'test/unit/**/*.test.ts',
      'test/integration/**/*.test.ts',
      'test/models/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
