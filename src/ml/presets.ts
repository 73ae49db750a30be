// The seed's three named configurations ("Configuration Examples": High Precision, Fast
// Processing, Balanced) as one definition, and the one place the services' defaults come from.
//
// The seed's raw numbers (similarity_threshold 0.7 / 0.5 / 0.6) cannot be copied: a cosine of
// 0.6 is a near-certain match for ArcFace and a near-certain stranger for our FaceNet (whose
// cosines run high for everyone; see the registry's derivations). So each preset is defined
// relative to the model's calibrated thresholds (src/ml/registry.ts):
// - balanced = the calibrated defaults exactly (the seed's "Recommended").
// - high-precision tightens every threshold by a fraction of the room left above it,
//   t' = t + f * (1 - t), the same device the clustering strict pass uses, so it means the same
//   for a model whose cosines run high (FaceNet: 0.935 -> 0.945) as for one whose do not
//   (ArcFace: 0.42 -> 0.507). The seed goes 0.6 -> 0.7 for clustering (a quarter of the room);
//   we take less (CLUSTERING_TIGHTEN) because the calibrated threshold is already the best
//   BCubed F, and every step above it only splits people. Assignment: threshold +10% of the
//   room and a 1.5x margin; k 7 and voting as the seed.
// - fast keeps the calibrated thresholds (the seed's lower 0.5 buys no speed, only wrong
//   matches), and takes the seed's k 3 and no voting, and prefers FaceNet as the seed does.
// maxClusters are the seed's own: 30 / 50 / 40 (it caps how many new clusters become students,
// never the grouping, so it needs no per-model translation).
import {
  DEFAULT_PRESET,
  isPresetName,
  PRESET_NAMES,
  type PresetName,
} from '../contracts/recognition-choices';
import { DEFAULT_EMBEDDING_MODEL, EMBEDDING_MODELS, type EmbeddingModelId } from './registry';

// The names (and their plain-words descriptions) are part of the UI contract.
export { DEFAULT_PRESET, isPresetName, PRESET_NAMES, type PresetName };

export interface ClusteringParameters {
  maxClusters: number;
  similarityThreshold: number;
}

export interface AssignmentParameters {
  k: number;
  similarityThreshold: number;
  minMargin: number;
  useVoting: boolean;
}

export interface PresetParameters {
  preset: PresetName;
  embeddingModel: EmbeddingModelId;
  clustering: ClusteringParameters;
  assignment: AssignmentParameters;
}

/** How a preset moves the calibrated numbers; documented above. */
interface PresetRule {
  /** The seed's model for this configuration, used when nobody chose one. */
  preferredModel: EmbeddingModelId;
  maxClusters: number;
  /** Fraction of the room above the calibrated clustering threshold added to it. */
  clusteringTighten: number;
  /** Fraction of the room above the calibrated assignment threshold added to it. */
  assignmentTighten: number;
  /** Multiplier of the calibrated assignment margin. */
  marginFactor: number;
  k: number;
  useVoting: boolean;
}

const CLUSTERING_TIGHTEN = 0.15;

const RULES: Record<PresetName, PresetRule> = {
  balanced: {
    preferredModel: DEFAULT_EMBEDDING_MODEL,
    maxClusters: 40,
    clusteringTighten: 0,
    assignmentTighten: 0,
    marginFactor: 1,
    k: 5,
    useVoting: true,
  },
  'high-precision': {
    preferredModel: 'arcface',
    maxClusters: 30,
    clusteringTighten: CLUSTERING_TIGHTEN,
    assignmentTighten: 0.1,
    marginFactor: 1.5,
    k: 7,
    useVoting: true,
  },
  fast: {
    preferredModel: 'facenet',
    maxClusters: 50,
    clusteringTighten: 0,
    assignmentTighten: 0,
    marginFactor: 1,
    k: 3,
    useVoting: false,
  },
};

/** t + f * (1 - t), rounded to 4 decimals so the numbers read cleanly in the UI and the audit. */
function tighten(threshold: number, fraction: number): number {
  return Math.round((threshold + fraction * (1 - threshold)) * 10_000) / 10_000;
}

/** The model a preset uses when neither the caller nor the class chose one. */
export function preferredModel(preset: PresetName): EmbeddingModelId {
  return RULES[preset].preferredModel;
}

/** Every parameter of a preset for one model. */
export function presetParameters(
  preset: PresetName = DEFAULT_PRESET,
  model: EmbeddingModelId = preferredModel(preset),
): PresetParameters {
  const rule = RULES[preset];
  const { thresholds } = EMBEDDING_MODELS[model];
  return {
    preset,
    embeddingModel: model,
    clustering: {
      maxClusters: rule.maxClusters,
      similarityThreshold: tighten(thresholds.clustering, rule.clusteringTighten),
    },
    assignment: {
      k: rule.k,
      similarityThreshold: tighten(thresholds.assignment, rule.assignmentTighten),
      minMargin: Math.round(thresholds.assignmentMargin * rule.marginFactor * 10_000) / 10_000,
      useVoting: rule.useVoting,
    },
  };
}
