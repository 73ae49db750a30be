// The eval command (../shared/docs/eval-contract.md): `npm run eval -- <task> --data <dir> ...`.
// Progress goes to stderr; the last stdout line is one JSON object.
import { access, writeFile } from 'node:fs/promises';
import { isMlError } from '../../src/ml/errors';
import {
  DEFAULT_EMBEDDING_MODEL,
  EMBEDDING_MODEL_IDS,
  isEmbeddingModelId,
} from '../../src/domain/recognition/models';
import { DEFAULT_PRESET, preferredModel } from '../../src/domain/recognition/presets';
import { RUNTIME_NAME } from '../lib/node-models';
import { OptionReader, parseArgs, UsageError } from './args';
import { assignTask } from './tasks/assign';
import { classroomTask } from './tasks/classroom';
import { clusterTask } from './tasks/cluster';
import { detectTask } from './tasks/detect';
import { rosterTask } from './tasks/roster';
import type { EvalTask } from './tasks/types';
import { verifyTask } from './tasks/verify';

const TASKS: Record<string, EvalTask> = {
  verify: verifyTask,
  detect: detectTask,
  cluster: clusterTask,
  assign: assignTask,
  classroom: classroomTask,
  roster: rosterTask,
};

const TASKS_WITHOUT_DATA = new Set(['roster']);

const USAGE =
  'usage: npm run eval -- <task> --data <dir> [--model arcface|facenet] ' +
  '[--preset balanced|high-precision|fast] [--seed N] ' +
  `[--out FILE] [task options]\n       npm run eval -- roster --enroll <dir> --sessions <dir> [options]\n` +
  `tasks: ${Object.keys(TASKS).join(', ')}`;

export async function main(argv: string[]): Promise<number> {
  const started = performance.now();
  try {
    const { task, options } = parseArgs(argv);
    const run = TASKS[task];
    if (run === undefined) throw new UsageError(`unknown task "${task}"`);
    const reader = new OptionReader(options);
    // roster reads its own two folders (--enroll, --sessions) instead of --data.
    const data = TASKS_WITHOUT_DATA.has(task) ? '' : reader.requiredString('data');
    if (data) {
      try {
        await access(data);
      } catch {
        throw new UsageError(`data folder ${data} does not exist or cannot be read`);
      }
    }
    const preset = reader.preset();
    // A preset without --model runs on the preset's own model (fast: facenet), as in the app.
    const model =
      reader.string('model') ?? (preset ? preferredModel(preset) : DEFAULT_EMBEDDING_MODEL);
    if (!isEmbeddingModelId(model)) {
      throw new UsageError(`--model must be one of ${EMBEDDING_MODEL_IDS.join(', ')}`);
    }
    const seed = reader.number('seed', 1, Number.isInteger);
    const out = reader.string('out');
    const log = (message: string) => process.stderr.write(`${message}\n`);
    const result = await run({
      task,
      data,
      model,
      preset: preset ?? DEFAULT_PRESET,
      seed,
      options: reader,
      log,
    });
    const seconds = (performance.now() - started) / 1000;
    const json = JSON.stringify({
      task,
      model,
      preset: preset ?? DEFAULT_PRESET,
      runtime: RUNTIME_NAME,
      seconds,
      ...result,
    });
    if (out) await writeFile(out, `${json}\n`);
    process.stdout.write(`${json}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`eval: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    if (isMlError(error)) {
      process.stderr.write(`eval: ${error.code}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
