// A fresh profile starts from the build's pre-initialised database (src/db/database-snapshot.ts)
// instead of running initdb in the browser; the service worker keeps it for offline use; a
// damaged download is never loaded: the database is then made with initdb, as before.
//
// The app is served here by a small server of the test's own, which counts (and can damage)
// what it sends: Playwright does not reliably see the core worker's requests.
import { expect, test, type Page } from '@playwright/test';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CONTENT_SECURITY_POLICY,
  CROSS_ORIGIN_ISOLATION_HEADERS,
  PRIVACY_HEADERS,
} from '../../src/sw/security-headers';
import { DIST, serveDist, type DistServer } from './support/dist-server';
import { ClassesPage, DevicePage, ortBuildsToKeep, waitForServiceWorker } from './support/rollcall';
import { ortBuildOf, type OrtBuild } from '../../src/sw/onnxruntime-builds';

const SNAPSHOT_PATH = '/database/rollcall.tar.gz';
/** Shown once the database is open and the (empty) class list read from it. */
const NO_CLASSES = 'No classes yet. Create your first class to start taking attendance.';

let server: DistServer;
let origin: string;
/** How many times the snapshot was sent to the app (not the precache), and whether to damage it. */
const snapshot = { sent: 0, damaged: false };

test.beforeAll(async () => {
  server = await serveDist({
    headers: {
      ...CROSS_ORIGIN_ISOLATION_HEADERS,
      ...PRIVACY_HEADERS,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    },
    transform: (path, bytes, request) => {
      if (path === SNAPSHOT_PATH) {
        // The service worker's precache asks for it too, past or through the HTTP cache
        // (Cache-Control: no-cache, or max-age=0 when revalidating); the app asks plainly.
        if (request.headers['cache-control'] === undefined) snapshot.sent++;
        // One byte changed in the middle: still gzip, no longer this build's snapshot.
        if (snapshot.damaged) bytes[bytes.length >> 1] = (bytes[bytes.length >> 1] ?? 0) ^ 0xff;
      }
      return bytes;
    },
  });
  origin = server.origin;
});

test.afterAll(() => server.close());

test.beforeEach(() => {
  snapshot.sent = 0;
  snapshot.damaged = false;
});

/**
 * A fresh profile's first open (the snapshot sent once), then a class made and still there after
 * a reload: the database works, whichever way it was made.
 */
async function firstOpenKeepsAClass(
  page: Page,
  className: string,
  openTimeout: number,
): Promise<void> {
  const classes = new ClassesPage(page);
  await page.goto(`${origin}/`);
  await expect(page.getByText(NO_CLASSES)).toBeVisible({ timeout: openTimeout });
  expect(snapshot.sent).toBe(1);
  await classes.createClass(className);
  await page.reload();
  await classes.expectShown();
  await expect(classes.classItem(className)).toHaveCount(1);
}

test('a fresh profile starts from the pre-initialised database, offline too', async ({
  page,
  context,
}) => {
  test.setTimeout(180_000);
  await firstOpenKeepsAClass(page, 'Year 5 Oak', 60_000);
  // Only a first open needs it: a store that exists is opened as it is.
  expect(snapshot.sent).toBe(1);

  // Precached with the rest of the app...
  await waitForServiceWorker(page);
  const precached = await page.evaluate(async (path) => {
    for (const name of await caches.keys()) {
      const keys = await (await caches.open(name)).keys();
      if (keys.some((request) => new URL(request.url).pathname === path)) return true;
    }
    return false;
  }, SNAPSHOT_PATH);
  expect(precached).toBe(true);

  // ...so a database made anew with no network starts from it. Without initdb's WebAssembly
  // (taken out of the offline copy here) only the snapshot can make it.
  await context.setOffline(true);
  const removed = await page.evaluate(async () => {
    let count = 0;
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys())
        if (/\/assets\/initdb-.*\.wasm/.test(request.url) && (await cache.delete(request))) count++;
    }
    return count;
  });
  expect(removed).toBe(1);
  // A new tab whose store is deleted before the app starts (the first tab closed, so nothing
  // holds it): the app must make a new database offline.
  await page.close();
  await context.addInitScript(() => {
    if (new URLSearchParams(location.search).has('fresh'))
      indexedDB.deleteDatabase('/pglite/rollcall');
  });
  const fresh = await context.newPage();
  const freshClasses = new ClassesPage(fresh);
  await fresh.goto(`${origin}/?fresh`);
  await expect(fresh.getByText(NO_CLASSES)).toBeVisible({ timeout: 60_000 });
  await freshClasses.createClass('Offline 5B');
  await fresh.goto(`${origin}/`);
  await freshClasses.expectShown();
  await expect(freshClasses.classItem('Offline 5B')).toHaveCount(1);
  await expect(freshClasses.classItem('Year 5 Oak')).toHaveCount(0);
});

test('a damaged download of it is not loaded: the database is made as before', async ({ page }) => {
  test.setTimeout(180_000);
  snapshot.damaged = true;
  // initdb in the browser: many seconds on a loaded machine.
  await firstOpenKeepsAClass(page, 'Year 6 Elm', 90_000);
  const device = new DevicePage(page);
  await device.open();
  await expect(await device.checkData()).toContainText('All data fits together');
});

/**
 * What this browser's offline copy holds: vite.config.ts's globPatterns, without the worker
 * itself, and of onnxruntime-web's builds only `builds`.
 */
async function offlineCopyBytes(builds: OrtBuild[], dir = DIST): Promise<number> {
  const kept = /\.(html|js|css|wasm|data|gz|onnx|png|svg|webmanifest)$/;
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const build = ortBuildOf(path);
    if (entry.isDirectory()) total += await offlineCopyBytes(builds, path);
    else if (build && !builds.includes(build)) continue;
    else if (kept.test(entry.name) && path !== join(DIST, 'service-worker.js'))
      total += (await stat(path)).size;
  }
  return total;
}

test('the first visit says how far the offline copy has got, in MB, and when it is done', async ({
  page,
}) => {
  test.setTimeout(180_000);
  // Every text the notice shows, as it changes.
  await page.addInitScript(() => {
    const texts: string[] = [];
    (window as unknown as { offlineTexts: string[] }).offlineTexts = texts;
    new MutationObserver(() => {
      const text = document.querySelector('[aria-label="Offline use"]')?.textContent;
      if (text && text !== texts.at(-1)) texts.push(text);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await page.goto(`${origin}/`);
  const notice = page.getByRole('status', { name: 'Offline use' });
  await expect(notice.getByText('Rollcall is ready to work offline')).toHaveText(
    'Rollcall is ready to work offline, with no internet connection.',
    { timeout: 150_000 },
  );
  // The news goes by itself, or at once with OK; it does not stay for the whole visit.
  await expect(notice).toHaveCount(0, { timeout: 15_000 });
  const total = Math.round((await offlineCopyBytes(await ortBuildsToKeep(page))) / 1_000_000);
  const texts = await page.evaluate(
    () => (window as unknown as { offlineTexts: string[] }).offlineTexts,
  );
  const progress = texts
    .map((text) => /^Getting Rollcall ready for offline use: (\d+) of (\d+) MB$/.exec(text))
    .filter((match) => match !== null)
    .map((match) => ({ copied: Number(match[1]), total: Number(match[2]) }));
  expect(progress.length).toBeGreaterThan(0);
  expect(progress.every((step) => step.total === total)).toBe(true);
  const copied = progress.map((step) => step.copied);
  expect(copied).toEqual([...copied].sort((a, b) => a - b));

  // A later visit, with the offline copy in place, says nothing.
  await page.reload();
  await expect(page.getByText(NO_CLASSES)).toBeVisible();
  await expect(notice).toHaveCount(0);
});
