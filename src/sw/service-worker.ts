// Rollcall's service worker (built by vite-plugin-pwa's injectManifest strategy).
//
// 1. Precaches everything the app needs at install: the app shell, the onnxruntime-web and PGlite
//    WebAssembly (with PGlite's data file and the pgvector tarball), the face models and the
//    icons. After the first visit the whole workflow runs with no network.
// 2. Serves every same-origin request itself, from the precache when it has it, and adds the
//    cross-origin isolation, Content-Security-Policy and privacy headers to each response, so the
//    app is isolated (WASM threads) and locked down even on static hosting that sets no headers.
// 3. Tells the open pages how far the offline copy has got ("Getting Rollcall ready for offline
//    use: 23 of 90 MB"), from the file sizes the build writes into the precache list.
// 4. Updates wait: a new version installs in the background and takes over only when the teacher
//    chooses "Reload" in the app's prompt (SKIP_WAITING), never in the middle of a lesson.
import { clientsClaim } from 'workbox-core';
import {
  addPlugins,
  cleanupOutdatedCaches,
  matchPrecache,
  precache,
  type PrecacheEntry,
} from 'workbox-precaching';
import {
  CONTENT_SECURITY_POLICY,
  CROSS_ORIGIN_ISOLATION_HEADERS,
  PRIVACY_HEADERS,
} from './security-headers';

/** A precache entry with its size in bytes (added by vite.config.ts's manifest transform). */
type SizedEntry = PrecacheEntry & { bytes?: number };

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: (SizedEntry | string)[];
};

/** The message the app's OfflineCopyProgress (src/app/pwa) listens for. */
const OFFLINE_COPY_PROGRESS = 'OFFLINE_COPY_PROGRESS';
const manifest: (SizedEntry | string)[] = self.__WB_MANIFEST;
const bytesByPath = new Map(
  manifest.map((entry): [string, number] =>
    typeof entry === 'string'
      ? [new URL(entry, self.location.href).pathname, 0]
      : [new URL(entry.url, self.location.href).pathname, entry.bytes ?? 0],
  ),
);
const totalBytes = [...bytesByPath.values()].reduce((sum, bytes) => sum + bytes, 0);
let copiedBytes = 0;

addPlugins([
  {
    // Called for each file the install puts in the offline copy.
    cacheDidUpdate: async ({ request }) => {
      copiedBytes += bytesByPath.get(new URL(request.url).pathname) ?? 0;
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const message = { type: OFFLINE_COPY_PROGRESS, copiedBytes, totalBytes };
      for (const client of windows) client.postMessage(message);
    },
  },
]);
precache(manifest);
cleanupOutdatedCaches();

// The first install controls the open page at once (nothing older to replace). An update
// becomes active only after SKIP_WAITING, and then takes over the pages, which reload.
clientsClaim();

self.addEventListener('message', (event) => {
  const data: unknown = event.data;
  if (typeof data === 'object' && data !== null && 'type' in data && data.type === 'SKIP_WAITING')
    void self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(respond(request));
});

async function respond(request: Request): Promise<Response> {
  // Every page of the app is index.html: routes live in the URL's hash.
  const cached =
    request.mode === 'navigate'
      ? await matchPrecache('index.html')
      : await matchPrecache(request.url);
  const response = cached ?? (await fetch(request));
  return withSecurityHeaders(response);
}

/** A copy of a same-origin response with the isolation, CSP and privacy headers set. */
function withSecurityHeaders(response: Response): Response {
  // Opaque and error responses cannot be rebuilt; same-origin ones never are opaque.
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.status === 0)
    return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries({
    ...CROSS_ORIGIN_ISOLATION_HEADERS,
    ...PRIVACY_HEADERS,
  }))
    headers.set(name, value);
  const type = headers.get('Content-Type') ?? '';
  // Documents and workers get their policy from their own response; other files need none.
  if (type.includes('html') || type.includes('javascript'))
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
