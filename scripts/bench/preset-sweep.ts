// The assign eval task (scripts/eval/tasks/assign.ts: its split and its scoring) for every
// preset, over seeds 1..S, on central-face embeddings cached once by cluster-cache.ts: what each
// preset trades, in seconds instead of an embedding run per preset. Equal to
// `npm run eval -- assign --data lfw-dev --preset P [--model M] --seed S` (checked at seed 1).
// With --tighten-sweep true it also scores the fast preset's rule (k 3, no voting) with the
// assignment threshold raised by a fraction of the room above it, t + f * (1 - t).
// Usage: node scripts/lib/run-ts.mjs --entry /scripts/bench/preset-sweep.ts --cache FILE
//          [--model arcface|facenet] [--seeds 10] [--tighten-sweep false] [--flip true|false]
//          [--pairs T:M,T:M]
//          (--cache takes several files, comma-separated; --flip defaults to the registry's)
import {
  PRESET_NAMES,
  presetParameters,
  type AssignmentParameters,
} from '../../src/domain/recognition/presets';
import { isEmbeddingModelId } from '../../src/domain/recognition/models';
import { EMBEDDING_MODELS } from '../../src/ml/registry';
import { OptionReader, parseArgs } from '../eval/args';
import { assignSplit, prepareQueries, scoreAssignment } from '../eval/tasks/assign';
import { embeddingLookup, readEmbeddingCache } from './cached-embeddings';

const PROTOCOL = { minImages: 5, maxPerIdentity: 20, enroll: 3, unknownFraction: 0.2 };
const KEYS = ['knownCorrect', 'knownWrong', 'unknownRejected', 'precision'] as const;

export function main(argv: string[]): Promise<number> {
  const reader = new OptionReader(parseArgs(['sweep', ...argv]).options);
  const cache = reader.requiredString('cache');
  const model = reader.string('model') ?? 'arcface';
  if (!isEmbeddingModelId(model)) throw new Error(`unknown model ${model}`);
  const seeds = reader.number('seeds', 10);
  const tightenSweep = reader.boolean('tightenSweep', false);
  const flip = reader.boolean('flip', EMBEDDING_MODELS[model].flipAverage);
  // --pairs T:M,T:M: the balanced rule at other pairs (e.g. calibrate.ts's choice).
  const pairs = (reader.string('pairs') ?? '')
    .split(',')
    .filter((p) => p !== '')
    .map((p) => p.split(':').map(Number) as [number, number]);
  reader.finish('preset-sweep');

  const embeddingOf = embeddingLookup(readEmbeddingCache(cache), model, flip);
  const { identities } = readEmbeddingCache(cache);

  const run = (label: string, options: AssignmentParameters) => {
    const sums = Object.fromEntries(KEYS.map((k) => [k, 0])) as Record<
      (typeof KEYS)[number],
      number
    >;
    const worst = Object.fromEntries(KEYS.map((k) => [k, k === 'knownWrong' ? 0 : 1])) as Record<
      (typeof KEYS)[number],
      number
    >;
    for (let seed = 1; seed <= seeds; seed++) {
      const split = assignSplit(identities, PROTOCOL, seed);
      const counts = scoreAssignment(prepareQueries(split, embeddingOf, options.k), options);
      for (const k of KEYS) sums[k] += counts[k] / seeds;
      for (const k of KEYS)
        worst[k] =
          k === 'knownWrong' ? Math.max(worst[k], counts[k]) : Math.min(worst[k], counts[k]);
    }
    const shown = KEYS.map((k) => `${k} ${sums[k].toFixed(4)} (worst ${worst[k].toFixed(4)})`).join(
      ', ',
    );
    process.stdout.write(`${model} ${label}: ${shown} (${JSON.stringify(options)})\n`);
  };

  for (const preset of PRESET_NAMES) run(preset, presetParameters(preset, model).assignment);
  for (const [threshold, margin] of pairs) {
    const balanced = presetParameters('balanced', model).assignment;
    run(`balanced at ${threshold}:${margin}`, {
      ...balanced,
      similarityThreshold: threshold,
      minMargin: margin,
    });
  }
  if (tightenSweep) {
    const fast = presetParameters('fast', model).assignment;
    for (const f of [0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3]) {
      const t =
        Math.round((fast.similarityThreshold + f * (1 - fast.similarityThreshold)) * 1e4) / 1e4;
      run(`fast +${f}`, { ...fast, similarityThreshold: t });
    }
  }
  return Promise.resolve(0);
}
