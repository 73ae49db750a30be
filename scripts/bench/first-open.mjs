#!/usr/bin/env node
// First open of a fresh browser profile, and reopen, in the production build (issue 14's
// targets: < 2 s and < 1 s). Time from navigation start to the classes list being usable: the
// "Your classes" heading with the class list or its empty state drawn (no "Loading…"), read in
// the page as performance.now(), whose origin is the navigation.
//   - first open: a new browser context (an empty profile: no IndexedDB, no service worker);
//   - reopen: the same context once its service worker has precached everything, a new tab
//     after the first one is closed (the database is in IndexedDB by then).
// Also the bytes the first visit downloads, counted by the server: the page, its workers and the
// service worker's precache (the offline copy).
// Usage: node scripts/bench/first-open.mjs [--runs 3] [--dist dist] [--port N]
//   serves --dist (default: dist/, from `npm run build`) with `vite preview`.
import { chromium } from '@playwright/test';
import { join, resolve } from 'node:path';
import { preview } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from '../lib/chromium.mjs';

/** Resolves with ms since navigation start once the classes list is usable. */
async function untilClassesUsable(page) {
  const handle = await page.waitForFunction(
    () => {
      const heading = document.querySelector('h1');
      const listDrawn =
        document.querySelector('.empty-state') !== null ||
        document.querySelector('ul[aria-label="Classes"]') !== null;
      const form = document.querySelector('main input') !== null;
      return heading?.textContent?.includes('Your classes') && listDrawn && form
        ? performance.now()
        : false;
    },
    null,
    { polling: 'raf', timeout: 120_000 },
  );
  return Number(await handle.jsonValue());
}

/**
 * Waits until the page's service worker is active (its precache, the offline copy, complete): it
 * then claims the page. A synchronous check: waitForFunction takes the Promise an async predicate
 * returns for a true value, so the check this replaces passed at once, before the offline copy was
 * complete (and counted 31-40 MB of the first visit's 95).
 */
async function untilOfflineReady(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
    polling: 500,
    timeout: 300_000,
  });
}

/**
 * One fresh profile: first open, then (after the offline copy is complete) reopen in a new tab.
 * Returns { firstMs, reopenMs, firstVisitBytes }.
 */
async function measureOnce(browser, baseUrl, sent) {
  const context = await browser.newContext();
  try {
    const bytesBefore = sent.bytes;
    const page = await context.newPage();
    await page.goto(baseUrl, { waitUntil: 'commit' });
    const firstMs = await untilClassesUsable(page);
    await untilOfflineReady(page);
    const bytes = sent.bytes - bytesBefore;
    await page.close();
    const again = await context.newPage();
    await again.goto(baseUrl, { waitUntil: 'commit' });
    const reopenMs = await untilClassesUsable(again);
    await again.close();
    return { firstMs, reopenMs, firstVisitBytes: bytes };
  } finally {
    await context.close();
  }
}

const summary = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    min: sorted[0],
    median: sorted[Math.floor(sorted.length / 2)],
    max: sorted.at(-1),
    runs: values,
  };
};

/**
 * Measures `runs` fresh profiles against an app served at `baseUrl`; `sent.bytes` is the server's
 * running count of bytes sent.
 */
export async function measureFirstOpen({ baseUrl, runs = 3, sent }) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_EXECUTABLE,
    args: CHROMIUM_ARGS,
  });
  const results = [];
  try {
    for (let i = 0; i < runs; i++) results.push(await measureOnce(browser, baseUrl, sent));
  } finally {
    await browser.close();
  }
  return {
    firstOpenMs: summary(results.map((r) => r.firstMs)),
    reopenMs: summary(results.map((r) => r.reopenMs)),
    firstVisitBytes: summary(results.map((r) => r.firstVisitBytes)),
  };
}

/** Serves a production build with `vite preview` and measures it. */
export async function measureBuild({ root, dist = 'dist', port = 0, runs = 3 }) {
  const sent = { bytes: 0 };
  const countBytes = {
    name: 'count-bytes-sent',
    configurePreviewServer(server) {
      server.middlewares.use((_request, response, next) => {
        const { write, end } = response;
        const add = (chunk) => {
          if (chunk && typeof chunk !== 'function') sent.bytes += Buffer.byteLength(chunk);
        };
        response.write = (chunk, ...rest) => (add(chunk), write.call(response, chunk, ...rest));
        response.end = (chunk, ...rest) => (add(chunk), end.call(response, chunk, ...rest));
        next();
      });
    },
  };
  const server = await preview({
    root,
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'error',
    plugins: [countBytes],
    build: { outDir: resolve(root, dist) },
    preview: { port, strictPort: port !== 0 },
  });
  try {
    const baseUrl = server.resolvedUrls?.local[0] ?? `http://localhost:${port}/`;
    return await measureFirstOpen({ baseUrl, runs, sent });
  } finally {
    await server.close();
  }
}

export function firstOpenTable(result) {
  const f = (n) => Math.round(n).toLocaleString('en');
  const mb = (n) => (n / 1e6).toFixed(1);
  const row = (label, s, fmt, unit) =>
    `| ${label} | ${fmt(s.min)} | ${fmt(s.median)} | ${fmt(s.max)} | ${unit} |`;
  return [
    '| measure | min | median | max | unit |',
    '| ------- | --- | ------ | --- | ---- |',
    row('first open of a fresh profile', result.firstOpenMs, f, 'ms'),
    row('reopen (new tab, offline copy complete)', result.reopenMs, f, 'ms'),
    row(
      'bytes sent by the server for a first visit (offline copy included)',
      result.firstVisitBytes,
      mb,
      'MB',
    ),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const root = new URL('../..', import.meta.url).pathname;
  const result = await measureBuild({
    root,
    dist: arg('dist', 'dist'),
    port: Number(arg('port', 0)),
    runs: Number(arg('runs', 3)),
  });
  console.log(firstOpenTable(result));
  console.log(JSON.stringify(result));
  process.exit(0);
}
