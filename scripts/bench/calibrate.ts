// The one calibration script: every default threshold of a model, with its derivation, from the
// whole of lfw-dev, on embeddings cached once by cluster-cache.ts (the eval tasks' own selections,
// split and scoring code, so each number equals the eval command at the chosen values):
//   verification  the mean over seeds of the verify task's bestThreshold (3000 + 3000 pairs)
//   clustering    the threshold with the best mean BCubed F over three cluster selections that
//                 together cover the folder: (a) defaults, (b) --distractors 500, (c) every image
//                 (--min-images 1 --max-per-identity 1000); the cap lifted (--max-clusters 100000)
//   assignment    threshold and margin with the best WORST-seed min(knownCorrect,
//                 unknownRejected) of the assign task over seeds 1..S, among pairs whose
//                 knownWrong stays <= --max-known-wrong on every seed
// and the per-model "Parameter Guidelines" table (what low / medium / high mean on the model's
// own similarity scale; docs/PARAMETERS.md).
// Usage: node scripts/lib/run-ts.mjs --entry /scripts/bench/calibrate.ts --cache FILE[,FILE2]
//          [--model arcface|facenet] [--flip true|false] [--seeds 5] [--max-known-wrong 0.001]
//          [--skip verify,cluster,assign] [--selections a,b,c] [--fuse W]
// --fuse W: score fusion of both models instead of one (fusedLookup in cached-embeddings.ts):
// each model's similarity on its own scale (from its verify pairs here), weighted W for ArcFace
// and 1 - W for FaceNet, each model at its registry flip setting; --model and --flip are ignored.
import { ClusteringService } from '../../src/domain/clustering/clustering';
import { cosineSimilarity } from '../../src/domain/embedding/vectors';
import { presetParameters } from '../../src/domain/recognition/presets';
import { isEmbeddingModelId } from '../../src/domain/recognition/models';
import { EMBEDDING_MODELS } from '../../src/ml/registry';
import { OptionReader, parseArgs } from '../eval/args';
import {
  bcubedScores,
  bestThreshold,
  crossValidatedAccuracy,
  pairwiseScores,
  tarAtFar,
} from '../eval/metrics';
import { createRandom } from '../eval/random';
import {
  assignSplit,
  prepareQueries,
  scoreAssignment,
  type AssignCounts,
} from '../eval/tasks/assign';
import { selectClusterItems, singletonsForUnclustered } from '../eval/tasks/cluster';
import { samplePairs } from '../eval/tasks/verify';
import {
  embeddingLookup,
  fusedLookup,
  readEmbeddingCache,
  type EmbeddingCache,
} from './cached-embeddings';

/** The largest cohort the per-student bars are swept with. */
const MAX_COHORT = 10;
const ASSIGN_PROTOCOL = { minImages: 5, maxPerIdentity: 20, enroll: 3, unknownFraction: 0.2 };
const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const range = (from: number, to: number, step: number) => {
  const out: number[] = [];
  for (let x = from; x <= to + step / 2; x += step) out.push(r4(x));
  return out;
};

export function main(argv: string[]): Promise<number> {
  const reader = new OptionReader(parseArgs(['calibrate', ...argv]).options);
  const cache = readEmbeddingCache(reader.requiredString('cache'));
  const model = reader.string('model') ?? 'arcface';
  if (!isEmbeddingModelId(model)) throw new Error(`unknown model ${model}`);
  const flip = reader.boolean('flip', EMBEDDING_MODELS[model].flipAverage);
  const seeds = reader.number('seeds', 5);
  const maxKnownWrong = reader.number('maxKnownWrong', 0.001);
  const skip = new Set((reader.string('skip') ?? '').split(','));
  const selectionLabels = (reader.string('selections') ?? 'a,b,c').split(',');
  const fuse = reader.string('fuse');
  reader.finish('calibrate');
  const say = (line: string) => process.stdout.write(`${line}\n`);
  let embeddingOf = embeddingLookup(cache, model, flip);
  // The assignment rule's other parameters (k, voting) are the model's, ArcFace's when fused.
  let ruleModel = model;
  if (fuse !== undefined) {
    const weight = Number(fuse);
    if (!(weight >= 0 && weight <= 1)) throw new Error(`--fuse ${fuse}: a weight from 0 to 1`);
    const lookups = {
      arcface: embeddingLookup(cache, 'arcface', EMBEDDING_MODELS.arcface.flipAverage),
      facenet: embeddingLookup(cache, 'facenet', EMBEDDING_MODELS.facenet.flipAverage),
    };
    const scaleOf = (lookup: typeof embeddingOf) => {
      const runs = verifyRuns(cache, lookup);
      return {
        impostor: mean(runs.map((v) => v.impostor)),
        genuine: mean(runs.map((v) => v.genuine)),
      };
    };
    const scales = { arcface: scaleOf(lookups.arcface), facenet: scaleOf(lookups.facenet) };
    embeddingOf = fusedLookup(lookups.arcface, lookups.facenet, scales, weight);
    ruleModel = 'arcface';
    say(
      `# fused: arcface weight ${weight} (scale ${JSON.stringify(mapValues(scales.arcface, r4))}), ` +
        `facenet ${r4(1 - weight)} (scale ${JSON.stringify(mapValues(scales.facenet, r4))}), ` +
        `${cache.faces.size} images`,
    );
  } else {
    say(`# ${model}, ${flip ? 'flip-averaged' : 'plain'} embeddings, ${cache.faces.size} images`);
  }

  // Verification: the verify task's pairs and metrics per seed.
  const verify = verifyRuns(cache, embeddingOf);
  if (!skip.has('verify')) {
    for (const v of verify) say(`verify ${JSON.stringify(mapValues(v, r4))}`);
    say(
      `verify mean accuracy ${r4(mean(verify.map((v) => v.accuracy)))}, worst ` +
        `${r4(Math.min(...verify.map((v) => v.accuracy)))}; mean bestThreshold ` +
        `${r4(mean(verify.map((v) => v.bestThreshold)))}`,
    );
  }
  // The model's own scale: grids are in steps of 1/40 of the genuine-impostor gap.
  const genuine = mean(verify.map((v) => v.genuine));
  const impostor = mean(verify.map((v) => v.impostor));
  const verification = mean(verify.map((v) => v.bestThreshold));
  const step = roundStep((genuine - impostor) / 40);
  say(`scale: impostor mean ${r4(impostor)}, genuine mean ${r4(genuine)}, grid step ${step}`);

  if (!skip.has('cluster')) {
    const selections = [
      { label: 'a', minImages: 5, maxPerIdentity: 20, distractors: 0 },
      { label: 'b', minImages: 5, maxPerIdentity: 20, distractors: 500 },
      { label: 'c', minImages: 1, maxPerIdentity: 1000, distractors: 0 },
    ].filter((s) => selectionLabels.includes(s.label));
    const grid = range(verification - 4 * step, verification + 12 * step, step);
    const rows = grid.map((t) => {
      const per = selections.map((s) => ({
        label: s.label,
        ...clusterScores(cache, embeddingOf, s, t),
      }));
      return { t, per, bcubedF: mean(per.map((p) => p.bcubedF)) };
    });
    for (const row of rows) {
      const shown = row.per
        .map(
          (p) =>
            `${p.label} F ${r4(p.bcubedF)} P ${r4(p.bcubedP)} R ${r4(p.bcubedR)} pwF ${r4(p.pairwiseF)}`,
        )
        .join(' | ');
      say(`cluster t ${row.t}: mean bcubedF ${r4(row.bcubedF)} | ${shown}`);
    }
    const best = rows.reduce((a, b) => (b.bcubedF > a.bcubedF ? b : a));
    const medium = rows.filter((r) => r.bcubedF >= best.bcubedF - 0.005).map((r) => r.t);
    const usable = rows.filter((r) => r.bcubedF >= best.bcubedF - 0.05).map((r) => r.t);
    say(`cluster best t ${best.t} (mean bcubedF ${r4(best.bcubedF)})`);
    say(guideline('clustering similarityThreshold', usable, medium, step));
  }

  if (!skip.has('assign')) {
    const base = presetParameters('balanced', ruleModel).assignment;
    const prepared = seedsList(seeds).map((seed) =>
      prepareQueries(
        assignSplit(cache.identities, ASSIGN_PROTOCOL, seed),
        embeddingOf,
        base.k,
        MAX_COHORT,
      ),
    );
    const evaluate = (t: number, m: number, cohortSize = 0, cohortMargin = 0) =>
      prepared.map((p) =>
        scoreAssignment(p, {
          ...base,
          similarityThreshold: t,
          minMargin: m,
          cohortSize,
          cohortMargin,
        }),
      );
    const summary = (counts: AssignCounts[]) => ({
      worst: Math.min(...counts.map((c) => Math.min(c.knownCorrect, c.unknownRejected))),
      maxWrong: Math.max(...counts.map((c) => c.knownWrong)),
      knownCorrect: mean(counts.map((c) => c.knownCorrect)),
      knownCorrectWorst: Math.min(...counts.map((c) => c.knownCorrect)),
      knownWrong: mean(counts.map((c) => c.knownWrong)),
      unknownRejected: mean(counts.map((c) => c.unknownRejected)),
      unknownRejectedWorst: Math.min(...counts.map((c) => c.unknownRejected)),
    });
    const thresholds = range(verification, verification + 16 * step, step);
    const margins = range(0, 8 * step, step / 2);
    let best: { t: number; m: number; s: ReturnType<typeof summary> } | undefined;
    for (const t of thresholds) {
      for (const m of margins) {
        const s = summary(evaluate(t, m));
        if (s.maxWrong > maxKnownWrong) continue;
        if (!best || s.worst > best.s.worst) best = { t, m, s };
      }
    }
    if (!best) {
      say(`assign: no pair keeps knownWrong <= ${maxKnownWrong} on every seed`);
      return Promise.resolve(0);
    }
    say(
      `assign best over seeds 1-${seeds}: t ${best.t}, m ${best.m}: ${JSON.stringify(mapValues(best.s, r4))}`,
    );
    const chosenMargin = best.m;
    const curve = thresholds.map((t) => ({ t, s: summary(evaluate(t, chosenMargin)) }));
    for (const { t, s } of curve)
      say(`assign t ${t} m ${chosenMargin}: ${JSON.stringify(mapValues(s, r4))}`);
    const medium = curve.filter((c) => c.s.worst >= best.s.worst - 0.005).map((c) => c.t);
    const usable = curve
      .filter((c) => c.s.unknownRejected >= 0.9 && c.s.knownCorrect >= 0.9)
      .map((c) => c.t);
    say(guideline('assignment similarityThreshold', usable, medium, step / 2));

    // Per-student bars on top: cohort size x margin, with the global threshold and margin
    // searched again around the chosen ones (the bars make a lower global bar safe).
    let bestCohort = { ...best, c: 0, cm: 0 };
    for (const c of [3, 10]) {
      for (const cm of range(-step, 3 * step, step / 2)) {
        for (const t of [best.t - step, best.t].map(r4)) {
          for (const m of [best.m]) {
            const s = summary(evaluate(t, m, c, cm));
            if (s.maxWrong <= maxKnownWrong && s.worst > bestCohort.s.worst) {
              bestCohort = { t, m, c, cm, s };
            }
          }
        }
      }
    }
    say(
      `assign with per-student bars: t ${bestCohort.t}, m ${bestCohort.m}, cohortSize ` +
        `${bestCohort.c}, cohortMargin ${bestCohort.cm}: ${JSON.stringify(mapValues(bestCohort.s, r4))}`,
    );
  }
  return Promise.resolve(0);
}

/** The verify task's pairs and metrics for seeds 1-5. */
function verifyRuns(cache: EmbeddingCache, embeddingOf: (path: string) => Float32Array | null) {
  return seedsList(5).map((seed) => {
    const random = createRandom(seed);
    const pairs = samplePairs(cache.identities, 3000, random);
    const scored = pairs.map((p) => {
      const a = embeddingOf(p.a);
      const b = embeddingOf(p.b);
      return { score: a && b ? cosineSimilarity(a, b) : -1, isSame: p.isSame };
    });
    return {
      seed,
      accuracy: crossValidatedAccuracy(scored, random),
      tarAtFar1e3: tarAtFar(scored, 1e-3),
      bestThreshold: bestThreshold(scored),
      genuine: mean(scored.filter((p) => p.isSame).map((p) => p.score)),
      impostor: mean(scored.filter((p) => !p.isSame).map((p) => p.score)),
    };
  });
}

function seedsList(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

function mapValues<T extends Record<string, number>>(o: T, f: (x: number) => number): T {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)])) as T;
}

/** A readable step: 1, 2 or 5 times a power of ten, at most `raw`. */
function roundStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return r4((m >= 5 ? 5 : m >= 2 ? 2 : 1) * p);
}

/** low = usable values below the medium band, high = usable values above it. */
function guideline(name: string, usable: number[], medium: number[], step: number): string {
  const lo = Math.min(...medium);
  const hi = Math.max(...medium);
  const below = usable.filter((t) => t < lo);
  const above = usable.filter((t) => t > hi);
  const band = (xs: number[]) => (xs.length === 0 ? '-' : `${Math.min(...xs)}-${Math.max(...xs)}`);
  return `guideline ${name} (step ${step}): low ${band(below)} | medium ${band(medium)} | high ${band(above)}`;
}

function clusterScores(
  cache: EmbeddingCache,
  embeddingOf: (path: string) => Float32Array | null,
  selection: { minImages: number; maxPerIdentity: number; distractors: number },
  threshold: number,
) {
  const items = selectClusterItems(
    cache.identities,
    selection.minImages,
    selection.maxPerIdentity,
    selection.distractors,
  );
  const truth = items.map((i) => i.identity);
  const withFace: { vector: Float32Array; canStart: boolean; item: number }[] = [];
  items.forEach((item, i) => {
    const v = embeddingOf(item.path);
    if (v)
      withFace.push({
        vector: v,
        canStart: cache.faces.get(item.path)?.canStart ?? false,
        item: i,
      });
  });
  const service = new ClusteringService({ maxClusters: 100000, similarityThreshold: threshold });
  const result = service.clusterEmbeddings(
    withFace.map((f) => f.vector),
    { canStart: withFace.map((f) => f.canStart) },
  );
  const labels = new Array<number>(items.length).fill(-1);
  withFace.forEach((f, k) => (labels[f.item] = result.labels[k] as number));
  const predicted = singletonsForUnclustered(labels);
  const pw = pairwiseScores(predicted, truth);
  const bc = bcubedScores(predicted, truth);
  return { bcubedF: bc.f, bcubedP: bc.precision, bcubedR: bc.recall, pairwiseF: pw.f };
}
