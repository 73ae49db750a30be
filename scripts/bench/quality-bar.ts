// Do low-quality faces need a stricter bar? The assign task (its split and scoring, seeds 1..S)
// on cached embeddings (cluster-cache.ts records each image's canStartCluster), with queries that
// cannot start a cluster (tiny, blurred, strong pose, doubtful: src/domain/face/quality.ts) scored
// under a stricter rule: the preset's, or never assigned (left to the teacher). One face per
// query photo, so the two groups' counts add up exactly.
// Usage: node scripts/lib/run-ts.mjs --entry /scripts/bench/quality-bar.ts --cache FILE[,FILE2]
//          [--model arcface|facenet] [--seeds 5]
import { presetParameters, type AssignmentParameters } from '../../src/domain/recognition/presets';
import { isEmbeddingModelId } from '../../src/domain/recognition/models';
import { EMBEDDING_MODELS } from '../../src/ml/registry';
import { OptionReader, parseArgs } from '../eval/args';
import {
  assignSplit,
  prepareQueries,
  scoreAssignment,
  type AssignCounts,
  type AssignSplit,
} from '../eval/tasks/assign';
import { embeddingLookup, readEmbeddingCache } from './cached-embeddings';

const PROTOCOL = { minImages: 5, maxPerIdentity: 20, enroll: 3, unknownFraction: 0.2 };

export function main(argv: string[]): Promise<number> {
  const reader = new OptionReader(parseArgs(['quality-bar', ...argv]).options);
  const cache = readEmbeddingCache(reader.requiredString('cache'));
  const model = reader.string('model') ?? 'arcface';
  if (!isEmbeddingModelId(model)) throw new Error(`unknown model ${model}`);
  const seeds = reader.number('seeds', 5);
  reader.finish('quality-bar');
  const embeddingOf = embeddingLookup(cache, model, EMBEDDING_MODELS[model].flipAverage);
  const isGood = (image: string) => cache.faces.get(image)?.canStart ?? false;
  const balanced = presetParameters('balanced', model).assignment;
  const strict = presetParameters('high-precision', model).assignment;
  const rules: [string, AssignmentParameters | null][] = [
    ['same bar', balanced],
    [
      'high-precision bar',
      { ...balanced, similarityThreshold: strict.similarityThreshold, minMargin: strict.minMargin },
    ],
    ['left to the teacher', null],
  ];
  const subset = (split: AssignSplit, good: boolean): AssignSplit => ({
    ...split,
    queries: split.queries.filter((q) => isGood(q.image) === good),
  });
  type Tally = {
    known: number;
    strangers: number;
    correct: number;
    wrong: number;
    rejected: number;
  };
  const tally = (c: AssignCounts): Tally => ({
    known: c.knownQueries,
    strangers: c.strangerQueries,
    correct: c.knownCorrect * c.knownQueries,
    wrong: c.knownWrong * c.knownQueries,
    rejected: c.unknownRejected * c.strangerQueries,
  });
  /** Nothing assigned: every known face unassigned, every stranger rejected. */
  const leftToTeacher = (split: AssignSplit): Tally => {
    const strangers = split.queries.filter((q) => q.isStranger).length;
    const known = split.queries.length - strangers;
    return { known, strangers, correct: 0, wrong: 0, rejected: strangers };
  };
  let poorShare = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const split = assignSplit(cache.identities, PROTOCOL, seed);
    poorShare += subset(split, false).queries.length / split.queries.length / seeds;
  }
  for (const [label, poorRule] of rules) {
    const rows: { knownCorrect: number; knownWrong: number; unknownRejected: number }[] = [];
    for (let seed = 1; seed <= seeds; seed++) {
      const split = assignSplit(cache.identities, PROTOCOL, seed);
      const goodSplit = subset(split, true);
      const poorSplit = subset(split, false);
      const good = tally(
        scoreAssignment(prepareQueries(goodSplit, embeddingOf, balanced.k), balanced),
      );
      const poor = poorRule
        ? tally(scoreAssignment(prepareQueries(poorSplit, embeddingOf, poorRule.k), poorRule))
        : leftToTeacher(poorSplit);
      const known = good.known + poor.known;
      const strangers = good.strangers + poor.strangers;
      rows.push({
        knownCorrect: (good.correct + poor.correct) / known,
        knownWrong: (good.wrong + poor.wrong) / known,
        unknownRejected: (good.rejected + poor.rejected) / strangers,
      });
    }
    const shown = (['knownCorrect', 'knownWrong', 'unknownRejected'] as const).map((k) => {
      const values = rows.map((r) => r[k]);
      const worst = k === 'knownWrong' ? Math.max(...values) : Math.min(...values);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      return `${k} ${mean.toFixed(4)} (worst ${worst.toFixed(4)})`;
    });
    process.stdout.write(`${model} poor-quality queries, ${label}: ${shown.join(', ')}\n`);
  }
  process.stdout.write(
    `share of queries that cannot start a cluster (mean over seeds): ${poorShare.toFixed(4)}\n`,
  );
  return Promise.resolve(0);
}
