// Runs the pipeline benchmark worker and publishes its result for scripts/bench/run-bench.mjs.
import { wrap } from 'comlink';
import type { PipelineBenchApi, PipelineBenchResult } from './pipeline.worker';

declare global {
  interface Window {
    pipelineBench?: (
      options: Parameters<PipelineBenchApi['run']>[0],
    ) => Promise<PipelineBenchResult>;
  }
}

const worker = new Worker(new URL('./pipeline.worker.ts', import.meta.url), {
  type: 'module',
  name: 'rollcall-bench',
});
const bench = wrap<PipelineBenchApi>(worker);
window.pipelineBench = (options) => bench.run(options);
(document.getElementById('status') as HTMLElement).textContent = 'ready';
