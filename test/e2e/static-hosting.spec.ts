// Static hosting that sets no headers at all (no COOP/COEP, no CSP): after the first visit the
// service worker adds them, so the app is cross-origin isolated and locked down all the same.
import { expect, test } from '@playwright/test';
import { serveDist, type DistServer } from './support/dist-server';
import { ClassesPage, DevicePage, waitForServiceWorker } from './support/rollcall';

const PORT = 4180;

let server: DistServer;
/** Appended to the service worker script: changing it publishes a "new version" of the app. */
let serviceWorkerVersion = '';

test.beforeAll(async () => {
  // A host that sets no headers at all.
  server = await serveDist({
    port: PORT,
    transform: (path, bytes) =>
      path === '/service-worker.js'
        ? Buffer.concat([bytes, Buffer.from(`\n// ${serviceWorkerVersion}\n`)])
        : bytes,
  });
});

test.afterAll(() => server.close());

test('on a host that sets no headers, the service worker makes the app cross-origin isolated', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const origin = `http://localhost:${PORT}`;
  const first = await page.goto(`${origin}/`);
  expect((await first?.allHeaders())?.['cross-origin-embedder-policy']).toBeUndefined();
  const classes = new ClassesPage(page);
  await classes.expectShown();
  // Without the headers the first visit works, but is not isolated.
  expect(await page.evaluate(() => window.crossOriginIsolated)).toBe(false);
  await waitForServiceWorker(page);

  const served = await page.reload();
  expect(served?.fromServiceWorker()).toBe(true);
  const headers = (await served?.allHeaders()) ?? {};
  expect(headers['cross-origin-opener-policy']).toBe('same-origin');
  expect(headers['cross-origin-embedder-policy']).toBe('require-corp');
  expect(headers['content-security-policy']).toContain("connect-src 'self'");
  await classes.expectShown();
  expect(await page.evaluate(() => window.crossOriginIsolated)).toBe(true);

  const device = new DevicePage(page);
  await device.open();
  await expect(device.crossOriginIsolated).toHaveText(/^Yes/);
  // The inference worker is isolated too, so it may use more than one thread.
  await expect(device.inferenceInfo).toContainText('Face analysis on this device');
  await expect(device.inferenceInfo).not.toContainText('cannot use more than one');
});

test('a new version waits for the teacher: “A new version of Rollcall is ready”, then Reload', async ({
  page,
}) => {
  test.setTimeout(180_000);
  serviceWorkerVersion = 'version 1';
  await page.goto(`http://localhost:${PORT}/`);
  const classes = new ClassesPage(page);
  await classes.expectShown();
  await waitForServiceWorker(page);
  const prompt = page.getByRole('status', { name: 'Update available' });
  await expect(prompt).toHaveCount(0);

  // A new version is published; the browser finds it on its next update check.
  serviceWorkerVersion = 'version 2';
  const waiting = () =>
    page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting != null);
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
  await expect(prompt).toContainText('A new version of Rollcall is ready.', { timeout: 60_000 });
  expect(await waiting()).toBe(true);
  // Nothing changes until the teacher says so: the page keeps working on the old version.
  await page.getByRole('button', { name: 'Later' }).click();
  await expect(prompt).toHaveCount(0);
  await classes.createClass('Still here');

  await page.reload();
  await classes.expectShown();
  await expect(prompt).toBeVisible({ timeout: 30_000 });
  // Choosing Reload activates the new version and reloads the page under it.
  const reloaded = page.waitForEvent('load');
  await prompt.getByRole('button', { name: 'Reload' }).click();
  await reloaded;
  await classes.expectShown();
  await expect(prompt).toHaveCount(0);
  expect(await waiting()).toBe(false);
  await expect(classes.classItem('Still here')).toBeVisible();
});
