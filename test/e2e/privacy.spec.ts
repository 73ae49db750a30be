// Privacy you can check: nothing but the app's own origin is ever contacted, by the page or by
// the browser on the page's behalf, the Content-Security-Policy is in place, and the page is
// cross-origin isolated.
import { expect, test, type Page, type Request } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from '../../scripts/lib/chromium.mjs';
import { readNetLog, trafficElsewhere, unmarkedFormFields } from './support/net-log';
import { ClassesPage, DevicePage, SessionPhotos, waitForServiceWorker } from './support/rollcall';

const fixture = (path: string) => fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));
const PROCESSING = { timeout: 120_000 };

/** CSP violations in the page, kept where the test can read them. */
async function recordCspViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${event.violatedDirective} ${event.blockedURI}`),
    );
  });
}

test.beforeEach(async ({ page }) => recordCspViolations(page));

test('a full workflow contacts no host but the app’s own, and breaks no content policy', async ({
  playwright,
  baseURL,
}, testInfo) => {
  test.setTimeout(300_000);
  const appOrigin = new URL(baseURL ?? 'http://localhost:4173').origin;
  // A browser of its own, writing its network log: page request events miss what the browser
  // itself sends (e.g. Chromium asking Google's autofill service about the page's forms).
  const netLog = testInfo.outputPath('net-log.json');
  const browser = await playwright.chromium.launch({
    executablePath: CHROMIUM_EXECUTABLE,
    args: [...CHROMIUM_ARGS, `--log-net-log=${netLog}`],
  });
  const context = await browser.newContext({ baseURL: appOrigin });
  const page = await context.newPage();
  await recordCspViolations(page);
  const requests: string[] = [];
  const record = (request: Request) => requests.push(request.url());
  // The context sees the service worker's own fetches too; the page sees its dedicated workers'.
  context.on('request', record);
  page.on('request', record);
  const consoleProblems: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text()))
      consoleProblems.push(message.text());
  });
  const unmarked: string[] = [];
  let fieldsChecked = 0;
  const checkFormFields = async () => {
    const found = await unmarkedFormFields(page);
    fieldsChecked += found.checked;
    unmarked.push(...found.unmarked);
  };

  const classes = new ClassesPage(page);
  await classes.open();
  await waitForServiceWorker(page);
  await checkFormFields();
  await classes.createClass('Privacy 5C');
  const klass = await classes.openClass('Privacy 5C');
  const summary = await klass.importRoster(fixture('roster.csv'));
  await expect(summary).toContainText('Added');
  await checkFormFields();
  const photos = await klass.createSession('2024-03-08T11:15', 'Checked lesson');
  await photos.addFiles([fixture('photos/bbt4.jpg')]);
  await photos.waitUntilProcessed(PROCESSING);
  await expect(photos.status('bbt4.jpg')).toHaveText('Done — 6 faces');
  for (const box of await photos.faceBoxes('bbt4.jpg').all()) await expect(box).toBeVisible();
  await page.getByRole('button', { name: 'Edit date and title' }).click();
  await checkFormFields();

  await page.reload();
  const reloaded = new SessionPhotos(page);
  await expect(reloaded.faceBoxes('bbt4.jpg')).toHaveCount(6);
  const device = new DevicePage(page);
  await device.open();
  await expect(device.storageUsage).toContainText('available to Rollcall');
  const cspViolations = await page.evaluate(
    () => (window as unknown as { cspViolations: string[] }).cspViolations,
  );
  // Closing the browser completes its network log.
  await browser.close();

  expect(requests.length).toBeGreaterThan(20);
  const elsewhere = requests.filter(
    (url) => !url.startsWith('data:') && new URL(url).origin !== appOrigin,
  );
  expect(elsewhere).toEqual([]);
  const traffic = await readNetLog(netLog);
  expect(traffic.urls.filter((url) => url.startsWith(appOrigin)).length).toBeGreaterThan(20);
  expect(trafficElsewhere(traffic, appOrigin)).toEqual([]);
  expect(fieldsChecked).toBeGreaterThan(5);
  expect(unmarked).toEqual([]);
  expect(cspViolations).toEqual([]);
  expect(consoleProblems).toEqual([]);
});

test('the Content-Security-Policy is set and the page is cross-origin isolated', async ({
  page,
}) => {
  const response = await page.goto('/');
  expect(response).not.toBeNull();
  const header = (await response?.allHeaders())?.['content-security-policy'] ?? '';
  for (const policy of [
    header,
    (await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')) ??
      '',
  ]) {
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("connect-src 'self'");
    expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).not.toMatch(/https?:/);
  }
  expect(await page.evaluate(() => window.crossOriginIsolated)).toBe(true);

  // The browser enforces it: a request to another host is refused before it leaves.
  const blocked = await page.evaluate(async () => {
    try {
      await fetch('https://example.com/');
      return false;
    } catch {
      return true;
    }
  });
  expect(blocked).toBe(true);

  await new ClassesPage(page).expectShown();
  const device = new DevicePage(page);
  await device.open();
  await expect(device.crossOriginIsolated).toHaveText(/^Yes/);
  await expect(device.inferenceInfo).toContainText('Face analysis on this device');
  await expect(device.storageUsage).toContainText(/\d.* of .*available to Rollcall/);
  await expect(device.storagePersisted).toHaveText(/^(Yes|No)/);
  await expect(page.getByRole('region', { name: 'Privacy' })).toContainText(
    'Everything stays on this device.',
  );

  // Installable: the manifest names the app and has the icons browsers ask for.
  const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
  const manifest = (await (await page.request.get(manifestHref ?? '')).json()) as {
    name: string;
    display: string;
    icons: { sizes: string; purpose?: string }[];
  };
  expect(manifest.name).toBe('Rollcall');
  expect(manifest.display).toBe('standalone');
  expect(manifest.icons.map((icon) => icon.sizes)).toEqual(
    expect.arrayContaining(['192x192', '512x512']),
  );
  expect(manifest.icons.some((icon) => icon.purpose === 'maskable')).toBe(true);
});

test('the Device & privacy page opened directly shows every fact about this device', async ({
  page,
}) => {
  await page.goto('/#/about');
  const device = new DevicePage(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Device & privacy' })).toBeVisible();
  // The technical words are folded away until asked for.
  await expect(device.crossOriginIsolated).toBeHidden();
  await expect(page.getByText('Content Security Policy')).toBeHidden();
  await device.openTechnicalDetails();
  await expect(device.crossOriginIsolated).toHaveText(/^Yes/);
  await expect(device.inferenceInfo).toContainText('Face analysis on this device: WebAssembly');
  await expect(device.storageUsage).toContainText('available to Rollcall');
  await page.getByRole('link', { name: 'All classes' }).click();
  await new ClassesPage(page).expectShown();
});
