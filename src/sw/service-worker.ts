// Rollcall's service worker (built by vite-plugin-pwa's injectManifest strategy).
//
// 1. Precaches everything the app needs at install: the app shell, PGlite's WebAssembly (with
//    its data file and the pgvector tarball), the pre-initialised database, the face models, the
//    icons, and the onnxruntime-web build(s) this browser will load (the WebGPU build only where
//    a real GPU adapter exists: src/sw/onnxruntime-builds.ts). After the first visit the whole
//    workflow runs with no network.
// 2. Serves every same-origin request itself, from the precache when it has it, and adds the
//    cross-origin isolation, Content-Security-Policy and privacy headers to each response, so the
//    app is isolated (WASM threads) and locked down even on static hosting that sets no headers.
//    An onnxruntime-web file it did not keep (the WebGPU build, in a browser that gained a GPU
//    since) is kept the first time it is fetched.
// 3. Tells the open pages how far the offline copy has got ("Getting Rollcall ready for offline
//    use: 23 of 50 MB"), from the file sizes the build writes into the precache list.
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
import { chooseExecutionProvider } from '../contracts/execution-provider';
import { buildsToKeep, type OrtBuild } from './onnxruntime-builds';
import {
  CONTENT_SECURITY_POLICY,
  CROSS_ORIGIN_ISOLATION_HEADERS,
  PRIVACY_HEADERS,
} from './security-headers';

/**
 * A precache entry with its size in bytes, and for onnxruntime-web's files their build (both
 * added by vite.config.ts's manifest transform).
 */
type SizedEntry = PrecacheEntry & { bytes?: number; ortBuild?: OrtBuild };

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: (SizedEntry | string)[];
};

/** The message the app's OfflineCopyProgress (src/app/pwa) listens for. */
const OFFLINE_COPY_PROGRESS = 'OFFLINE_COPY_PROGRESS';
/** Where onnxruntime-web's files are kept (by URL: their names carry a hash of their bytes). */
const ORT_CACHE = 'rollcall-onnxruntime';
/** How long the service worker waits for the browser to say whether it has a GPU. */
const GPU_QUESTION_MS = 5_000;

const manifest: SizedEntry[] = self.__WB_MANIFEST.map((entry) =>
  typeof entry === 'string' ? { url: entry, revision: null } : entry,
);
const pathOf = (url: string) => new URL(url, self.location.href).pathname;
/** onnxruntime-web's files, by path: kept by this worker itself, for the builds this browser loads. */
const ortFiles = new Map(
  manifest.flatMap((entry): [string, { build: OrtBuild; bytes: number }][] =>
    entry.ortBuild ? [[pathOf(entry.url), { build: entry.ortBuild, bytes: entry.bytes ?? 0 }]] : [],
  ),
);
const precached = manifest.filter((entry) => !entry.ortBuild);
const bytesByPath = new Map(precached.map((entry) => [pathOf(entry.url), entry.bytes ?? 0]));
const precachedBytes = [...bytesByPath.values()].reduce((sum, bytes) => sum + bytes, 0);

let keptBuilds: Promise<OrtBuild[]> | undefined;
/** The onnxruntime-web builds this browser will load, by the inference worker's own rule. */
function ortBuildsToKeep(): Promise<OrtBuild[]> {
  keptBuilds ??= Promise.race([
    chooseExecutionProvider().then((choice) => choice.provider),
    // No answer: the WASM build, which every browser can run.
    new Promise<'wasm'>((resolve) => setTimeout(() => resolve('wasm'), GPU_QUESTION_MS)),
  ]).then(buildsToKeep);
  return keptBuilds;
}

/** The size of this browser's offline copy: the precache and the onnxruntime-web builds it loads. */
async function offlineCopyBytes(): Promise<number> {
  const builds = await ortBuildsToKeep();
  let total = precachedBytes;
  for (const file of ortFiles.values()) if (builds.includes(file.build)) total += file.bytes;
  return total;
}

let copiedBytes = 0;
/** Counts a file put in the offline copy and tells the open pages. */
async function reportCopied(bytes: number): Promise<void> {
  copiedBytes += bytes;
  const totalBytes = await offlineCopyBytes();
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const message = { type: OFFLINE_COPY_PROGRESS, copiedBytes, totalBytes };
  for (const client of windows) client.postMessage(message);
}

addPlugins([
  {
    // Called for each file the install puts in the offline copy.
    cacheDidUpdate: ({ request }) => reportCopied(bytesByPath.get(pathOf(request.url)) ?? 0),
    // Workbox asks for a file whose name carries no hash (index.html, the models, the database
    // snapshot) past the HTTP cache ('reload'). 'no-cache' is as safe (the server confirms the
    // copy is current, or sends the file) without sending again what the page has just fetched
    // itself: on a first open, the database snapshot.
    requestWillFetch: ({ request }) =>
      Promise.resolve(
        request.cache === 'reload' ? new Request(request, { cache: 'no-cache' }) : request,
      ),
  },
]);
precache(precached);
cleanupOutdatedCaches();

// onnxruntime-web's builds: installed beside Workbox's precache (its install waits for both).
self.addEventListener('install', (event) => event.waitUntil(keepOrtBuilds()));
self.addEventListener('activate', (event) => event.waitUntil(dropOtherVersionsOrtFiles()));

/** Puts the files of the builds this browser loads in the offline copy (once per file name). */
async function keepOrtBuilds(): Promise<void> {
  const builds = await ortBuildsToKeep();
  const cache = await caches.open(ORT_CACHE);
  for (const [path, file] of ortFiles) {
    if (!builds.includes(file.build)) continue;
    if (!(await cache.match(path))) {
      // The HTTP cache may answer, if the page has fetched the file already.
      const response = await fetch(path, { credentials: 'same-origin' });
      // A file that cannot be kept fails the install, as Workbox's precache does.
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
      await cache.put(path, response);
    }
    await reportCopied(file.bytes);
  }
}

/** Once this version is in charge, the files of earlier versions' builds go. */
async function dropOtherVersionsOrtFiles(): Promise<void> {
  const cache = await caches.open(ORT_CACHE);
  for (const request of await cache.keys())
    if (!ortFiles.has(pathOf(request.url))) await cache.delete(request);
}

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
  event.respondWith(respond(event));
});

async function respond(event: FetchEvent): Promise<Response> {
  const { request } = event;
  const path = pathOf(request.url);
  // Every page of the app is index.html: routes live in the URL's hash.
  const cached =
    request.mode === 'navigate'
      ? await matchPrecache('index.html')
      : ((await matchPrecache(request.url)) ??
        (ortFiles.has(path) ? await (await caches.open(ORT_CACHE)).match(path) : undefined));
  if (cached) return withSecurityHeaders(cached);
  const response = await fetch(request);
  // A build this browser was not expected to load (it has gained a GPU): kept from now on.
  if (ortFiles.has(path) && response.ok) {
    const copy = response.clone();
    event.waitUntil(caches.open(ORT_CACHE).then((cache) => cache.put(path, copy)));
  }
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
