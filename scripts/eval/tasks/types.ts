import type { PresetName } from '../../../src/domain/recognition/presets';
import type { EmbeddingModelId } from '../../../src/domain/recognition/models';
import type { OptionReader } from '../args';

export interface TaskContext {
  task: string;
  data: string;
  model: EmbeddingModelId;
  /** The preset whose parameters are the defaults (explicit options override them). */
  preset: PresetName;
  seed: number;
  /** Task options; a task reads its own, then calls `options.finish(task)` before working. */
  options: OptionReader;
  /** Progress line on stderr. */
  log: (message: string) => void;
}

/** Runs one task; returns the task's output keys (main adds task, model, runtime, seconds). */
export type EvalTask = (context: TaskContext) => Promise<Record<string, unknown>>;
