// Counts a model's runs and their time, for the pipeline benchmarks. No runtime imports: the
// Node comparison (pipeline-node.ts) loads each checkout's pipeline itself.
import type { TensorRunner } from '../../src/ml/runtime';

export interface Counter {
  runs: number;
  ms: number;
}

export function counted(runner: TensorRunner, counter: Counter): TensorRunner {
  return {
    async run(feeds) {
      const t0 = performance.now();
      try {
        return await runner.run(feeds);
      } finally {
        counter.ms += performance.now() - t0;
        counter.runs++;
      }
    },
  };
}
