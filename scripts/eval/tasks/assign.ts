// assign: open-set kNN assignment on an LFW-layout folder (eval contract). Identities with >= M
// images (name order), their first C images; a seeded random U of them are strangers (never
// enrolled); the others' first E images are the gallery, the rest queries; every stranger image
// is a query. Each query is one photo with one face: exact kNN over the gallery, then the app's
// per-photo assignment (src/domain/assignment) with the model's defaults.
import {
  assignPhotoFaces,
  nearestNeighbours,
  type AssignmentOptions,
  type Neighbour,
} from '../../../src/domain/assignment/assign';
import {
  cohortScores,
  thresholdsFromCohorts,
  type StudentThresholdRule,
} from '../../../src/domain/assignment/student-thresholds';
import { DEFAULT_DETECTION_OPTIONS } from '../../../src/ml/detect';
import {
  DEFAULT_PRESET,
  presetParameters,
  type AssignmentParameters,
  type PresetName,
} from '../../../src/domain/recognition/presets';
import type { EmbeddingModelId } from '../../../src/domain/recognition/models';
import { UsageError } from '../args';
import { readIdentityFolders, type Identity } from '../datasets';
import { EvalPipeline } from '../pipeline';
import { createRandom, shuffled } from '../random';
import type { EvalTask } from './types';

/** The app's assignment defaults for a model: the preset's (balanced unless chosen). */
export function defaultAssignmentOptions(
  model: EmbeddingModelId,
  preset: PresetName = DEFAULT_PRESET,
): AssignmentParameters & StudentThresholdRule {
  // Per-student bars (student-thresholds.ts) are off in the app: the eval can try them with
  // --cohort-size N --cohort-margin M.
  const assignment = presetParameters(preset, model).assignment;
  return { ...assignment, cohortSize: 0, cohortMargin: 0 };
}

export interface AssignSplit {
  gallery: { identity: string; image: string }[];
  queries: { identity: string; image: string; isStranger: boolean }[];
  identities: number;
  strangers: number;
}

/** The contract's protocol: which images are gallery and which are queries. */
export function assignSplit(
  all: readonly Identity[],
  protocol: { minImages: number; maxPerIdentity: number; enroll: number; unknownFraction: number },
  seed: number,
): AssignSplit {
  const identities = all
    .filter((id) => id.images.length >= protocol.minImages)
    .map((id) => ({ name: id.name, images: id.images.slice(0, protocol.maxPerIdentity) }));
  const strangerCount = Math.round(protocol.unknownFraction * identities.length);
  const strangers = new Set(
    shuffled(
      identities.map((id) => id.name),
      createRandom(seed),
    ).slice(0, strangerCount),
  );
  const split: AssignSplit = {
    gallery: [],
    queries: [],
    identities: identities.length,
    strangers: strangers.size,
  };
  for (const id of identities) {
    const isStranger = strangers.has(id.name);
    id.images.forEach((image, i) => {
      if (!isStranger && i < protocol.enroll) split.gallery.push({ identity: id.name, image });
      else split.queries.push({ identity: id.name, image, isStranger });
    });
  }
  return split;
}

export interface AssignCounts {
  queries: number;
  knownQueries: number;
  strangerQueries: number;
  knownCorrect: number;
  knownUnassigned: number;
  knownWrong: number;
  unknownRejected: number;
  unknownWrong: number;
  precision: number;
  galleryFaces: number;
  /** Assignment time per query (exact kNN + decision), embeddings excluded. */
  msPerQuery: number;
}

export interface PreparedQueries {
  queries: {
    identity: string;
    isStranger: boolean;
    /** Exact k nearest gallery neighbours, or null: no face found in the query image. */
    neighbours: Neighbour[] | null;
  }[];
  galleryFaces: number;
  /** Per student, the other students' gallery faces scored against it (student-thresholds.ts). */
  cohorts: Map<string, number[]>;
  knnMs: number;
}

/**
 * Exact kNN of every query over the gallery, given each image's embedding (null: no face). A
 * gallery image without a face is simply not in the gallery.
 */
export function prepareQueries(
  split: AssignSplit,
  embeddingOf: (image: string) => Float32Array | null,
  k: number,
  cohortSize = 0,
): PreparedQueries {
  const gallery = split.gallery.flatMap(({ identity, image }) => {
    const vector = embeddingOf(image);
    return vector ? [{ studentId: identity, cropId: image, vector }] : [];
  });
  const t0 = performance.now();
  const queries = split.queries.map(({ identity, image, isStranger }) => {
    const vector = embeddingOf(image);
    return {
      identity,
      isStranger,
      neighbours: vector ? nearestNeighbours(vector, gallery, k) : null,
    };
  });
  const cohorts = cohortScores(gallery, cohortSize);
  return { queries, galleryFaces: gallery.length, cohorts, knnMs: performance.now() - t0 };
}

/** Assigns every query (a query without a face stays unassigned) and counts the outcomes. */
export function scoreAssignment(
  prepared: PreparedQueries,
  options: AssignmentOptions & Partial<StudentThresholdRule>,
): AssignCounts {
  let knownCorrect = 0;
  let knownWrong = 0;
  let knownQueries = 0;
  let unknownWrong = 0;
  let strangerQueries = 0;
  const t0 = performance.now();
  // The app's per-student bars from the gallery (prepared with at least cohortSize scores).
  const studentThresholds = thresholdsFromCohorts(prepared.cohorts, {
    similarityThreshold: options.similarityThreshold,
    cohortSize: options.cohortSize ?? 0,
    cohortMargin: options.cohortMargin ?? 0,
  });
  for (const [i, query] of prepared.queries.entries()) {
    let assigned: string | null = null;
    if (query.neighbours) {
      // One photo, one face: the per-photo joint step is trivially per query here.
      const [result] = assignPhotoFaces(
        [{ faceId: String(i), neighbours: query.neighbours }],
        options,
        { studentThresholds },
      );
      assigned = result?.studentId ?? null;
    }
    if (query.isStranger) {
      strangerQueries++;
      if (assigned !== null) unknownWrong++;
    } else {
      knownQueries++;
      if (assigned === query.identity) knownCorrect++;
      else if (assigned !== null) knownWrong++;
    }
  }
  const ms = prepared.knnMs + (performance.now() - t0);
  const fraction = (n: number, of: number) => (of === 0 ? 0 : n / of);
  const assignments = knownCorrect + knownWrong + unknownWrong;
  return {
    queries: prepared.queries.length,
    knownQueries,
    strangerQueries,
    knownCorrect: fraction(knownCorrect, knownQueries),
    knownUnassigned: fraction(knownQueries - knownCorrect - knownWrong, knownQueries),
    knownWrong: fraction(knownWrong, knownQueries),
    unknownRejected: fraction(strangerQueries - unknownWrong, strangerQueries),
    unknownWrong: fraction(unknownWrong, strangerQueries),
    precision: assignments === 0 ? 1 : knownCorrect / assignments,
    galleryFaces: prepared.galleryFaces,
    msPerQuery: fraction(ms, prepared.queries.length),
  };
}

export const assignTask: EvalTask = async ({ task, data, model, preset, seed, options, log }) => {
  const positiveInt = (n: number) => Number.isInteger(n) && n > 0;
  const protocol = {
    minImages: options.number('minImages', 5, positiveInt),
    maxPerIdentity: options.number('maxPerIdentity', 20, positiveInt),
    enroll: options.number('enroll', 3, positiveInt),
    unknownFraction: options.number('unknownFraction', 0.2, (n) => n >= 0 && n <= 1),
  };
  const assignment = options.overrides(defaultAssignmentOptions(model, preset));
  if (!positiveInt(assignment.k)) throw new UsageError('option --k: must be a positive integer');
  if (assignment.minMargin < 0) throw new UsageError('option --min-margin: must be >= 0');
  const detection = options.overrides(DEFAULT_DETECTION_OPTIONS);
  options.finish(task);

  const split = assignSplit(await readIdentityFolders(data), protocol, seed);
  if (split.identities === 0) {
    throw new UsageError(`no identity in ${data} has ${protocol.minImages} or more images`);
  }
  const images = [...split.gallery.map((g) => g.image), ...split.queries.map((q) => q.image)];
  log(
    `assign: ${split.identities} identities (${split.strangers} strangers), ` +
      `${split.gallery.length} gallery images, ${split.queries.length} queries`,
  );

  const pipeline = await EvalPipeline.create(model, detection);
  const embeddings = new Map<string, Float32Array | null>();
  let noFace = 0;
  for (const [i, path] of images.entries()) {
    const vector = await pipeline.centralEmbedding(path);
    embeddings.set(path, vector);
    if (vector === null) {
      noFace++;
      log(`  no face: ${path}`);
    }
    if ((i + 1) % 250 === 0 || i + 1 === images.length) {
      log(`  ${i + 1}/${images.length} images, ${pipeline.msPerImage().toFixed(1)} ms/image`);
    }
  }
  const prepared = prepareQueries(
    split,
    (image) => embeddings.get(image) ?? null,
    assignment.k,
    assignment.cohortSize,
  );
  const counts = scoreAssignment(prepared, assignment);
  return {
    ...counts,
    identities: split.identities,
    strangers: split.strangers,
    noFace,
    msPerImage: pipeline.msPerImage(),
    assignmentOptions: assignment,
    protocol,
    seed,
  };
};
