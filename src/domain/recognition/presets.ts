// The card's three named configurations ("Configuration Examples": High Precision, Fast
// Processing, Balanced) as one definition, and the one place the services' defaults come from.
//
// The card's raw numbers (similarity_threshold 0.7 / 0.5 / 0.6) cannot be copied: a cosine of
// 0.6 is a near-certain match for ArcFace and a near-certain stranger for our FaceNet (whose
// cosines run high for everyone; see the registry's derivations). So each preset is defined
// relative to the model's calibrated thresholds (src/domain/recognition/models.ts):
// - balanced = the calibrated defaults exactly (the card's "Recommended").
// - high-precision tightens every threshold by a fraction of the room left above it,
//   t' = t + f * (1 - t), the same device the clustering strict pass uses, so it means the same
//   for a model whose cosines run high (FaceNet: 0.935 -> 0.9448) as for one whose do not
//   (ArcFace: 0.42 -> 0.507). The card goes 0.6 -> 0.7 for clustering (a quarter of the room);
//   we take less (CLUSTERING_TIGHTEN) because the calibrated threshold is already the best
//   BCubed F, and every step above it only splits people. Assignment: threshold +10% of the
//   room and a 1.5x margin; k 7 and voting as the card.
// - fast takes the card's k 3 and no voting (the nearest identified face alone decides), and
//   prefers FaceNet as the card does. The card also lowers the threshold (0.5); we do the
//   opposite, because one nearest face scores higher than the mean of a student's two nearest,
//   so at the calibrated threshold nearest-only names far more strangers (FaceNet: 13.6% of
//   strangers named vs 6.7% for balanced). The threshold is raised by the fraction of the room
//   that brings stranger rejection back to balanced's: ArcFace +5%, FaceNet +10% (measured below).
// maxClusters: high-precision 30 and fast 50 as the card's examples; balanced, the default of
// every service, keeps the card's endpoint default 50 (its "balanced" example says 40; the
// endpoint default wins, since unset parameters must mean what the card's endpoints mean). It
// caps how many new clusters become students, never the grouping, so it needs no per-model
// translation.
//
// Measured (assign task protocol, lfw-dev, mean of seeds 1-5, scripts/bench/preset-sweep.ts on
// cached embeddings; knownCorrect / knownWrong / unknownRejected / precision):
//   arcface balanced        0.986 / 0     / 0.993 / 0.997   (seeds 1-5 at T 0.41; worst
//                                                             seed 0.981 / 0 / 0.983)
//   arcface high-precision  0.964 / 0     / 0.999 / 1.000
//   arcface fast (+5%)      0.984 / 0     / 0.990 / 0.996
//   facenet balanced        0.939 / 0.0003 / 0.956 / 0.983   (flip-averaged, seeds 1-5;
//   facenet high-precision  0.886 / 0.0003 / 0.994 / 0.997    plain vectors at the old
//   facenet fast (+10%)     0.929 / 0.0003 / 0.958 / 0.983    thresholds: 0.941/0.002/0.933)
// Clustering (`npm run eval -- cluster --data lfw-dev --preset high-precision`): arcface at 0.507
// gives pairwise precision 1.000, BCubed F 0.966 (balanced, 0.42: BCubed F 0.993): no two people
// ever merged, at the cost of splitting some people into several groups for the teacher to join.
import { DEFAULT_EMBEDDING_MODEL, RECOGNITION_MODELS, type EmbeddingModelId } from './models';

/** The named presets, in the order they are offered. */
export const PRESET_NAMES = ['balanced', 'high-precision', 'fast'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];
export const DEFAULT_PRESET: PresetName = 'balanced';

export function isPresetName(value: unknown): value is PresetName {
  return typeof value === 'string' && (PRESET_NAMES as readonly string[]).includes(value);
}

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
  /** The card's model for this configuration, used when nobody chose one. */
  preferredModel: EmbeddingModelId;
  maxClusters: number;
  /** Fraction of the room above the calibrated clustering threshold added to it. */
  clusteringTighten: number;
  /** Fraction of the room above the calibrated assignment threshold added to it, per model. */
  assignmentTighten: Record<EmbeddingModelId, number>;
  /** Multiplier of the calibrated assignment margin. */
  marginFactor: number;
  k: number;
  useVoting: boolean;
}

const CLUSTERING_TIGHTEN = 0.15;

const RULES: Record<PresetName, PresetRule> = {
  balanced: {
    preferredModel: DEFAULT_EMBEDDING_MODEL,
    maxClusters: 50,
    clusteringTighten: 0,
    assignmentTighten: { arcface: 0, facenet: 0 },
    marginFactor: 1,
    k: 5,
    useVoting: true,
  },
  'high-precision': {
    preferredModel: 'arcface',
    maxClusters: 30,
    clusteringTighten: CLUSTERING_TIGHTEN,
    assignmentTighten: { arcface: 0.1, facenet: 0.1 },
    marginFactor: 1.5,
    k: 7,
    useVoting: true,
  },
  fast: {
    preferredModel: 'facenet',
    maxClusters: 50,
    clusteringTighten: 0,
    // Nearest-only scores run higher than the top-2 mean: see the header.
    assignmentTighten: { arcface: 0.05, facenet: 0.1 },
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
  const { thresholds } = RECOGNITION_MODELS[model];
  return {
    preset,
    embeddingModel: model,
    clustering: {
      maxClusters: rule.maxClusters,
      similarityThreshold: tighten(thresholds.clustering, rule.clusteringTighten),
    },
    assignment: {
      k: rule.k,
      similarityThreshold: tighten(thresholds.assignment, rule.assignmentTighten[model]),
      minMargin: Math.round(thresholds.assignmentMargin * rule.marginFactor * 10_000) / 10_000,
      useVoting: rule.useVoting,
    },
  };
}
