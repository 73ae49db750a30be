#!/usr/bin/env node
// Photo processing throughput with the session page open, against the Device page open:
//   npm run build && node scripts/bench/session-throughput.mjs [--photos 200] [--pages session,device]
//        [--dist dist] [--port 5198] [--photo test/fixtures/photos/bbt4.jpg]
// Serves the production build (vite preview: cross-origin isolated, CSP), and for each page, in a
// fresh headless Chromium profile: creates a class and a session through the UI, adds N distinct
// copies of one photo in one selection, leaves the named page open while they are processed,
// and prints one JSON line: photos/min over the first 20 and the last 20 photos, core calls and
// face thumbnails asked for per photo, and the main thread's long tasks (over 50 ms) from when
// the photos were added to when the last one finished. Not part of npm test.
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { preview } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from '../lib/chromium.mjs';
import { distinctJpegCopy, installPageProbes, readPageProbes } from '../lib/page-probes.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const root = new URL('../..', import.meta.url).pathname;
const photoCount = Number(arg('photos', 200));
const pages = arg('pages', 'session,device').split(',');
const dist = arg('dist', 'dist');
const port = Number(arg('port', 5198));
const photoPath = arg('photo', `${root}test/fixtures/photos/bbt4.jpg`);
const WINDOW = Math.min(20, Math.floor(photoCount / 2));
const MINUTE = 60_000;

const server = await preview({
  root,
  configFile: `${root}vite.config.ts`,
  logLevel: 'error',
  build: { outDir: dist },
  preview: { port, strictPort: true },
});
const browser = await chromium.launch({ executablePath: CHROMIUM_EXECUTABLE, args: CHROMIUM_ARGS });
const original = readFileSync(photoPath);
const files = Array.from({ length: photoCount }, (_, i) => ({
  name: `copy-${String(i + 1).padStart(3, '0')}.jpg`,
  mimeType: 'image/jpeg',
  buffer: distinctJpegCopy(original, i + 1),
}));

try {
  for (const where of pages) console.log(JSON.stringify(await run(where)));
} finally {
  await browser.close();
  await server.httpServer.close();
}

async function run(where) {
  const context = await browser.newContext({ baseURL: `http://localhost:${port}` });
  const page = await context.newPage();
  // A fresh profile's first open builds the database: slow on a loaded machine.
  page.setDefaultTimeout(300_000);
  await page.addInitScript(installPageProbes);
  const loadBefore = loadavg()[0];
  await page.goto('/');
  await page.getByLabel('Class name', { exact: true }).fill('Bench class');
  await page.getByRole('button', { name: 'Create class' }).click();
  await page
    .getByRole('list', { name: 'Classes' })
    .getByRole('link', { name: 'Bench class', exact: true })
    .click();
  const lessons = page.getByRole('region', { name: 'Lessons' });
  const form = lessons.getByRole('form', { name: 'New lesson' });
  await form.getByLabel('Date and time').fill('2024-03-05T09:30');
  await form.getByLabel('Title').fill('Bench lesson');
  // Creating a lesson opens it at its Photos step.
  await form.getByRole('button', { name: 'Create lesson' }).click();
  await page.waitForURL(/#\/sessions\/[^/]+\/photos$/);
  const photos = page.getByRole('region', { name: 'Photos' });
  await photos.getByLabel('Photo files').setInputFiles(files);
  await photos.getByRole('status', { name: 'Result of adding photos' }).waitFor();
  // Long tasks are counted from here: before, the harness itself hands the files to the page.
  const processingFrom = await page.evaluate(() => performance.now());
  if (where === 'device') await page.getByRole('link', { name: 'Device & privacy' }).click();
  else if (where !== 'session') throw new Error(`unknown page ${where}`);

  // The probes are read every 5 s (a cheap evaluate), until every photo has finished.
  const started = Date.now();
  let probes = await page.evaluate(readPageProbes);
  while (probes.finished.length < photoCount) {
    if (Date.now() - started > 4 * 3600_000) throw new Error('gave up after 4 hours');
    await page.waitForTimeout(5000);
    probes = await page.evaluate(readPageProbes);
  }
  const loadAfter = loadavg()[0];
  const times = probes.finished.map((f) => f.at).sort((a, b) => a - b);
  // The first window is timed from when the first photo finished, so it holds WINDOW - 1
  // intervals, like the last window (which starts at the photo before it).
  const perMinute = (count, from, to) => count / ((to - from) / MINUTE);
  const first = perMinute(WINDOW - 1, times[0], times[WINDOW - 1]);
  const last = perMinute(WINDOW, times[times.length - 1 - WINDOW], times[times.length - 1]);
  const calls = Object.values(probes.coreCalls).reduce((a, b) => a + b, 0);
  const longTasks = probes.longTasks.filter((t) => t.at >= processingFrom);
  const longest = longTasks.reduce((max, t) => Math.max(max, t.ms), 0);
  await context.close();
  return {
    page: where,
    photos: photoCount,
    failed: probes.finished.filter((f) => f.stage === 'failed').length,
    minutes: +((times[times.length - 1] - times[0]) / MINUTE).toFixed(2),
    photosPerMinFirst: +first.toFixed(1),
    photosPerMinLast: +last.toFixed(1),
    coreCallsPerPhoto: +(calls / photoCount).toFixed(1),
    thumbnailCallsPerPhoto: +((probes.coreCalls.getFaceThumbnails ?? 0) / photoCount).toFixed(2),
    thumbnailsAskedPerPhoto: +(probes.thumbnailsAsked / photoCount).toFixed(1),
    longTasksOver50ms: longTasks.length,
    longestTaskMs: Math.round(longest),
    coreCalls: probes.coreCalls,
    coreCallSeconds: Object.fromEntries(
      Object.entries(probes.coreCallMs).map(([name, ms]) => [name, +(ms / 1000).toFixed(1)]),
    ),
    // The longest tasks, with when they ran in seconds from the first photo finished.
    longestTasks: [...longTasks]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 5)
      .map((t) => ({ ms: Math.round(t.ms), atSeconds: +((t.at - times[0]) / 1000).toFixed(1) })),
    loadAverage1m: { before: +loadBefore.toFixed(2), after: +loadAfter.toFixed(2) },
  };
}
