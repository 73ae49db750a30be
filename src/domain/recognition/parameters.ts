// The one place a clustering or assignment run's parameters are resolved and checked: the
// caller's explicit numbers win, then the chosen preset for the chosen model (the preset's own
// model when none is chosen; src/domain/recognition/presets.ts). The result is a frozen value
// branded as resolved, so the services take it as it is and never check or default it again.
// The core fills in a class's own model and preset before this (src/core/settings).
import { invalidInput } from '../errors';
import {
  EMBEDDING_MODEL_IDS,
  isEmbeddingModelId,
  RECOGNITION_MODELS,
  type EmbeddingModelId,
} from './models';
import {
  DEFAULT_PRESET,
  isPresetName,
  PRESET_NAMES,
  preferredModel,
  presetParameters,
  type PresetName,
} from './presets';

declare const resolvedBrand: unique symbol;
type Resolved<Kind extends string> = { readonly [resolvedBrand]: Kind };

/** What a caller may choose for a run (every field optional, any type: it is checked here). */
export interface ModelChoice {
  embeddingModel?: unknown;
  preset?: unknown;
}
export interface ClusteringChoice extends ModelChoice {
  maxClusters?: unknown;
  similarityThreshold?: unknown;
}
export interface AssignmentChoice extends ModelChoice {
  k?: unknown;
  similarityThreshold?: unknown;
  minMargin?: unknown;
  useVoting?: unknown;
}

interface ModelParameters {
  readonly embeddingModel: EmbeddingModelId;
  /** Only embeddings of this version of the model are compared. */
  readonly modelVersion: string;
  readonly preset: PresetName;
}

/** A clustering run's checked parameters. */
export type ClusteringRun = ModelParameters &
  Readonly<{ maxClusters: number; similarityThreshold: number }> &
  Resolved<'clustering'>;

/** An assignment run's checked parameters. */
export type AssignmentRun = ModelParameters &
  Readonly<{ k: number; similarityThreshold: number; minMargin: number; useVoting: boolean }> &
  Resolved<'assignment'>;

export function unknownModelMessage(model: unknown): string {
  return `There is no face model called “${String(model)}”. Use ${EMBEDDING_MODEL_IDS.join(' or ')}.`;
}

/** The model id, or a validation error naming the models there are. */
export function checkEmbeddingModel(model: unknown, field = 'embeddingModel'): EmbeddingModelId {
  if (!isEmbeddingModelId(model)) throw invalidInput(unknownModelMessage(model), { field });
  return model;
}

export function checkPreset(preset: unknown): PresetName {
  if (!isPresetName(preset)) {
    throw invalidInput(
      `There is no preset called “${String(preset)}”. Use ${PRESET_NAMES.join(', ')}.`,
      { field: 'preset' },
    );
  }
  return preset;
}

function resolveModel(choice: ModelChoice): ModelParameters {
  const preset = checkPreset(choice.preset ?? DEFAULT_PRESET);
  const embeddingModel = checkEmbeddingModel(choice.embeddingModel ?? preferredModel(preset));
  return { embeddingModel, modelVersion: RECOGNITION_MODELS[embeddingModel].version, preset };
}

const isSimilarity = (value: unknown): value is number =>
  typeof value === 'number' && value > -1 && value < 1;

/** Checks the clustering numbers themselves (also used by the domain ClusteringService). */
export function checkClusteringNumbers(maxClusters: unknown, similarityThreshold: unknown): void {
  if (typeof maxClusters !== 'number' || !Number.isInteger(maxClusters) || maxClusters < 1) {
    throw invalidInput(
      'The most new students (maxClusters) must be a whole number of at least 1.',
      { field: 'maxClusters' },
    );
  }
  if (!isSimilarity(similarityThreshold)) {
    throw invalidInput(
      'The similarity needed (similarityThreshold) must be a number between -1 and 1.',
      { field: 'similarityThreshold' },
    );
  }
}

export function resolveClustering(choice: ClusteringChoice = {}): ClusteringRun {
  if (isClusteringRun(choice)) return choice;
  const model = resolveModel(choice);
  const defaults = presetParameters(model.preset, model.embeddingModel).clustering;
  const maxClusters = choice.maxClusters ?? defaults.maxClusters;
  const similarityThreshold = choice.similarityThreshold ?? defaults.similarityThreshold;
  checkClusteringNumbers(maxClusters, similarityThreshold);
  return brand<ClusteringRun>({
    ...model,
    maxClusters: maxClusters as number,
    similarityThreshold: similarityThreshold as number,
  });
}

export function resolveAssignment(choice: AssignmentChoice = {}): AssignmentRun {
  if (isAssignmentRun(choice)) return choice;
  const model = resolveModel(choice);
  const defaults = presetParameters(model.preset, model.embeddingModel).assignment;
  const { k = defaults.k, minMargin = defaults.minMargin, useVoting = defaults.useVoting } = choice;
  const similarityThreshold = choice.similarityThreshold ?? defaults.similarityThreshold;
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || k > 100) {
    throw invalidInput('k must be a whole number between 1 and 100.', { field: 'k' });
  }
  if (!isSimilarity(similarityThreshold)) {
    throw invalidInput('similarityThreshold must be between -1 and 1.', {
      field: 'similarityThreshold',
    });
  }
  if (typeof minMargin !== 'number' || !(minMargin >= 0 && minMargin < 1)) {
    throw invalidInput('minMargin must be at least 0 and below 1.', { field: 'minMargin' });
  }
  if (typeof useVoting !== 'boolean') {
    throw invalidInput('useVoting must be true or false.', { field: 'useVoting' });
  }
  return brand<AssignmentRun>({ ...model, k, similarityThreshold, minMargin, useVoting });
}

// Resolved values are recognised by identity: only this module creates them.
const resolvedRuns = new WeakSet<object>();

function brand<T extends object>(value: Omit<T, typeof resolvedBrand>): T {
  const frozen = Object.freeze(value);
  resolvedRuns.add(frozen);
  return frozen as T;
}

function isClusteringRun(value: object): value is ClusteringRun {
  return resolvedRuns.has(value) && 'maxClusters' in value;
}

function isAssignmentRun(value: object): value is AssignmentRun {
  return resolvedRuns.has(value) && 'k' in value;
}
