// After one visit, Rollcall works with no network at all: the app shell, PGlite's WASM and data,
// onnxruntime-web's WASM and the face models all come from the service worker's cache.
import { expect, test, type Response } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { ClassesPage, DevicePage, waitForServiceWorker } from './support/rollcall';

const GROUP_PHOTO = fileURLToPath(new URL('../fixtures/photos/bbt4.jpg', import.meta.url));
const PROCESSING = { timeout: 120_000 };

test('after the first visit, the whole workflow runs offline', async ({ page, context }) => {
  test.setTimeout(300_000);
  page.on('pageerror', (error) => console.log(`[page error] ${error.message}`));
  const classes = new ClassesPage(page);
  await classes.open();
  await waitForServiceWorker(page);

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
});
