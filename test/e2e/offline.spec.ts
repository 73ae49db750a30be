// After one visit, Rollcall works with no network at all: the app shell, PGlite's WASM and data,
// onnxruntime-web's WASM and the face models all come from the service worker's cache; of
// onnxruntime-web's two builds, only what this browser loads (no WebGPU build without a GPU).
import { expect, test, type Response } from '@playwright/test';
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ortBuildOf } from '../../src/sw/onnxruntime-builds';
import { DIST } from './support/dist-server';
import {
  ClassesPage,
  DevicePage,
  offlineCopyPaths,
  ortBuildsToKeep,
  waitForServiceWorker,
} from './support/rollcall';
import { failOnPageErrors } from './support/page-errors';

failOnPageErrors(test);

const GROUP_PHOTO = fileURLToPath(new URL('../fixtures/photos/bbt4.jpg', import.meta.url));
const PROCESSING = { timeout: 120_000 };

test('after the first visit, the whole workflow runs offline', async ({ page, context }) => {
  test.setTimeout(300_000);
  const classes = new ClassesPage(page);
  await classes.open();
  await waitForServiceWorker(page);

  // The offline copy holds the onnxruntime-web builds this browser loads, and no other: in
  // headless Chromium (no real GPU) the WASM build only, not the WebGPU one.
  const builds = await ortBuildsToKeep(page);
  const ortFiles = (await readdir(`${DIST}assets`))
    .filter((name) => ortBuildOf(name) !== undefined)
    .map((name) => ({ path: `/assets/${name}`, build: ortBuildOf(name) }));
  expect(new Set(ortFiles.map((file) => file.build))).toEqual(new Set(['wasm', 'webgpu']));
  const kept = (await offlineCopyPaths(page)).filter((path) => ortBuildOf(path) !== undefined);
  expect(kept.sort()).toEqual(
    ortFiles
      .filter((file) => file.build && builds.includes(file.build))
      .map((file) => file.path)
      .sort(),
  );
  console.log(`onnxruntime-web builds kept for offline use: ${builds.join(', ')}`);

  await context.setOffline(true);
  const responses: Response[] = [];
  page.on('response', (response) => responses.push(response));
  const failed: string[] = [];
  page.on('requestfailed', (request) => failed.push(request.url()));
  await page.reload();
  await classes.expectShown();
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);
  // Still isolated when served from the cache: WASM threads stay available.
  expect(await page.evaluate(() => window.crossOriginIsolated)).toBe(true);

  await classes.createClass('Offline 3B');
  const klass = await classes.openClass('Offline 3B');
  const photos = await klass.createSession('2024-03-07T08:45', 'No Wi-Fi today');
  await photos.addFiles([GROUP_PHOTO]);
  await photos.waitUntilProcessed(PROCESSING);
  await expect(photos.status('bbt4.jpg')).toHaveText('Done — 6 faces');
  await expect(photos.faceBoxes('bbt4.jpg')).toHaveCount(6);

  // Everything the page and its workers loaded was answered by the service worker.
  const fromNetwork = responses
    .filter((response) => /^https?:/.test(response.url()) && !response.fromServiceWorker())
    .map((response) => response.url());
  expect(fromNetwork).toEqual([]);
  const urls = responses.map((response) => new URL(response.url()).pathname);
  expect(urls).toContain('/');
  expect(urls.some((path) => /^\/assets\/pglite-.*\.wasm$/.test(path))).toBe(true);
  expect(urls.some((path) => /^\/assets\/ort-wasm-.*\.wasm$/.test(path))).toBe(true);
  expect(urls).toContain('/models/ulfd-rfb320-any-size.onnx');
  expect(failed).toEqual([]);

  const device = new DevicePage(page);
  await device.open();
  await expect(device.offlineReady).toContainText('Yes');
  await expect(device.crossOriginIsolated).toContainText('Yes');

  // A build it did not keep (a browser that has gained a GPU since) is kept once fetched online.
  await context.setOffline(false);
  const notKept = ortFiles.find((file) => !kept.includes(file.path) && file.path.endsWith('.js'));
  if (notKept) {
    await page.evaluate(async (path) => (await fetch(path)).arrayBuffer(), notKept.path);
    await expect.poll(() => offlineCopyPaths(page)).toContain(notKept.path);
  }
});
