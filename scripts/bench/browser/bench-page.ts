// Runs the embedding benchmark in a worker (as the app does) and publishes the result for
// scripts/bench/browser-embed-speed.mjs, which drives this page in headless Chromium.
import { wrap } from 'comlink';
import type { BenchApi, BenchResult } from './bench.worker';

declare global {
  interface Window {
    benchResult?: BenchResult | { error: string };
  }
}

const params = new URLSearchParams(location.search);
const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module' });
const bench = wrap<BenchApi>(worker);
const status = document.getElementById('status') as HTMLElement;
try {
  window.benchResult = await bench.run({
    faces: Number(params.get('faces') ?? 48),
    warmup: Number(params.get('warmup') ?? 12),
    batch: Number(params.get('batch') ?? 8),
  });
  status.textContent = JSON.stringify(window.benchResult);
} catch (error) {
  window.benchResult = { error: String(error) };
  status.textContent = String(error);
}
