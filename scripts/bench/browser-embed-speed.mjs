#!/usr/bin/env node
// Embedding speed, browser vs Node, on the same model and the same faces:
//   node scripts/bench/browser-embed-speed.mjs [--faces 48] [--batch 8] [--port 5199]
// Serves the repo with Vite (cross-origin isolated, so WASM threads are on), drives
// scripts/bench/browser/index.html in Debian's headless Chromium, then runs the same crops
// through onnxruntime-node. Prints one JSON line per runtime.
import { chromium } from '@playwright/test';
import { createServer } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from '../lib/chromium.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const faces = Number(arg('faces', 48));
const batch = Number(arg('batch', 8));
const port = Number(arg('port', 5199));
const root = new URL('../..', import.meta.url).pathname;

const server = await createServer({
  root,
  configFile: `${root}vite.config.ts`,
  logLevel: 'error',
  server: { port, strictPort: true },
});
await server.listen();
const browser = await chromium.launch({
  executablePath: CHROMIUM_EXECUTABLE,
  args: CHROMIUM_ARGS,
});
try {
  const page = await browser.newPage();
  await page.goto(
    `http://localhost:${port}/scripts/bench/browser/index.html?faces=${faces}&batch=${batch}`,
  );
  await page.waitForFunction(() => window.benchResult !== undefined, null, { timeout: 300_000 });
  const result = await page.evaluate(() => window.benchResult);
  console.log(JSON.stringify({ where: 'headless Chromium', ...result }));
} finally {
  await browser.close();
  await server.close();
}

const node = await await createServer({
  root,
  configFile: `${root}vite.config.ts`,
  logLevel: 'error',
  server: { middlewareMode: true, hmr: false, ws: false },
  appType: 'custom',
});
try {
  const { runNodeEmbedBench } = await node.ssrLoadModule('/scripts/bench/node-embed-bench.ts');
  console.log(
    JSON.stringify({ where: 'Node', ...(await runNodeEmbedBench({ faces, batch, warmup: 12 })) }),
  );
} finally {
  await node.close();
}
