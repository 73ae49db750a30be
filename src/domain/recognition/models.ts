// The recognition vocabulary every layer shares: which embedding models exist, the version
// stored with each embedding (an older version's vectors are recomputed, never compared with the
// current ones), and each model's calibrated thresholds. The files, input geometry and
// preprocessing that run these models are the ML layer's (src/ml/registry.ts).
export type EmbeddingModelId = 'arcface' | 'facenet';
export const EMBEDDING_MODEL_IDS: readonly EmbeddingModelId[] = ['arcface', 'facenet'];

export interface ModelThresholds {
  /** Cosine similarity at or above which two faces are called the same person. */
  verification: number;
  /** Cosine similarity for joining a cluster (clustering service default). */
  clustering: number;
  /**
   * Assignment default (src/domain/assignment): minimum student score (the mean of the student's
   * two nearest gallery similarities among the k neighbours) to assign a face to a known student.
   */
  assignment: number;
  /** Assignment default: minimum lead of the best student's score over the next student's. */
  assignmentMargin: number;
  /** How each number was obtained, so nobody mistakes a guess for a measurement. */
  derivation: string;
}

export function isEmbeddingModelId(value: unknown): value is EmbeddingModelId {
  return typeof value === 'string' && (EMBEDDING_MODEL_IDS as readonly string[]).includes(value);
}

/** The app's default embedding model. */
export const DEFAULT_EMBEDDING_MODEL: EmbeddingModelId = 'arcface';

export interface RecognitionModel {
  id: EmbeddingModelId;
  /** Bumped whenever the file or the preprocessing changes: stored with every embedding. */
  version: string;
  /** Length of the model's (unit) vectors. */
  outputDim: number;
  thresholds: ModelThresholds;
}

// How `assignment` and `assignmentMargin` were chosen (src/domain/assignment, top-2 mean per
// student over k = 5 neighbours): the pair with the best mean of min(knownCorrect,
// unknownRejected) over seeds 1-10 of the assign eval task on lfw-dev (all 213 identities with
// >= 5 images, 2,166 images; each seed draws other strangers), among pairs whose mean knownWrong
// is <= 0.002. The sweep ran the task's own split and scoring code on cached central-face
// embeddings of this pipeline.
const ASSIGNMENT_SWEEP =
  'assignment/assignmentMargin: best mean min(knownCorrect, unknownRejected) over ' +
  '`npm run eval -- assign --data lfw-dev --seed S --similarity-threshold T --min-margin M` ' +
  'for S = 1..10 (mean knownWrong <= 0.002)';
// How `clustering` was chosen (ClusteringService, src/domain/clustering): the threshold with the
// best mean BCubed F over three lfw-dev runs of the cluster eval task, together covering the
// whole folder, with the cap lifted (--max-clusters 100000) so only the grouping is measured.
const CLUSTERING_SWEEP =
  'mean bcubedF of `npm run eval -- cluster --data lfw-dev --max-clusters 100000 ' +
  '--similarity-threshold T` with (a) defaults, (b) --distractors 500, (c) --min-images 1 ' +
  '--max-per-identity 1000 (all 5,023 images); the sweep (scripts/bench/cluster-sweep.ts) ran ' +
  'the same selections on embeddings cached by scripts/bench/cluster-cache.ts, equal to the ' +
  'eval command at the chosen values';

// How flip-averaging was judged, and the one script that derives the thresholds now.
const FLIP_MEASURE =
  'the same protocols on the same cached images with and without, ' +
  '`scripts/bench/calibrate.ts --flip true|false` and `preset-sweep.ts --flip true|false`';
const CALIBRATE =
  '`node scripts/lib/run-ts.mjs --entry /scripts/bench/calibrate.ts --cache <cluster-cache ' +
  'files> --model M --selections a,b --max-known-wrong W` on central-face embeddings of every ' +
  'lfw-dev identity with >= 5 images (first 20 each) and the first 500 one-image identities ' +
  '(2,666 images; the other 2,357 were not cached in time)';

export const RECOGNITION_MODELS: Readonly<Record<EmbeddingModelId, RecognitionModel>> = {
  arcface: {
    id: 'arcface',
    version: 'faceplugin-fr_feature-0.0.1+batch.1',
    outputDim: 512,
    thresholds: {
      verification: 0.33,
      clustering: 0.42,
      assignment: 0.41,
      assignmentMargin: 0.1,
      derivation:
        `flip-averaged embeddings, measured (${FLIP_MEASURE}) and NOT kept: at these ` +
        'thresholds assign seeds 1-5 mean knownCorrect 0.9906 -> 0.9894, knownWrong 0 -> 0, ' +
        'unknownRejected 0.9886 -> 0.9889; cluster (a) bcubedF 0.9932 -> 0.9929; verify ' +
        'accuracy 0.9946 -> 0.9953 on the cached images: no gain worth twice the embedding ' +
        'cost. ' +
        'verification: bestThreshold (0.331) of `npm run eval -- verify --data lfw-dev ' +
        '--pairs 3000 --seed 1` (all of lfw-dev, 6000 pairs), rounded; ' +
        `clustering: ${CLUSTERING_SWEEP}, T from 0.40 to 0.48 in 0.02 steps: best at 0.42 ` +
        '(bcubedF a 0.993, b 0.988, c 0.983; 0.40: 0.993/0.983/0.975; 0.44: 0.989/0.989/0.985); ' +
        `first ${ASSIGNMENT_SWEEP}, T 0.34-0.46 x M 0-0.16 in 0.01 steps: T 0.39, M 0.10 (the ` +
        "card's rule, nearest neighbour >= 0.6, gave 0.864 / 0 / 1.000); now assignment / " +
        'assignmentMargin have the best WORST-seed min(knownCorrect, unknownRejected) over seeds ' +
        '1-5 (strangers must be refused on every draw, not on average): ' +
        `${CALIBRATE} (T 0.28-0.44 x M 0-0.08), then \`scripts/bench/preset-sweep.ts --pairs ` +
        'T:M` around it: T 0.41, M 0.10 (seeds 1-5 mean knownCorrect 0.9863 (worst 0.9812), ' +
        'knownWrong 0 (0), unknownRejected 0.9930 (worst 0.9832); 0.39/0.10: 0.9906 (0.9861) ' +
        '/ 0 / 0.9886 (0.9726); 0.42/0: 0.9845 (0.9804) / 0 / 0.9950 (0.9895); 0.42/0.10: ' +
        '0.9835 (0.9788) / 0 / 0.9960 (0.9906)).',
    },
  },
  facenet: {
    id: 'facenet',
    version: 'face-api-1.7.15-dlib128-onnx.1+flip.1',
    outputDim: 128,
    thresholds: {
      verification: 0.912,
      clustering: 0.9335,
      assignment: 0.9337,
      assignmentMargin: 0.012,
      derivation:
        `flip-averaged embeddings (${FLIP_MEASURE}): verify accuracy 0.9853 -> 0.9869 (mean of ` +
        "seeds 1-5 on the cached images), assign at each variant's best pair below: worst-seed " +
        'min(knownCorrect, unknownRejected) 0.925 -> 0.936, mean knownWrong 0.0010 -> 0.0003; ' +
        'cluster (a) bcubedF 0.969 -> 0.973 at each best threshold: kept, at twice the ' +
        'embedding cost. All numbers below are of flip-averaged vectors. ' +
        `Every threshold from ${CALIBRATE}: verification: mean bestThreshold of the verify ` +
        "task's pairs over seeds 1-5, 0.9117 (this net's cosines are high for everyone: impostor " +
        "mean 0.839, genuine 0.955, so the card's defaults are far too low for it); clustering: " +
        'best mean bcubedF of selections (a) and (b) (T 0.9037-0.9357 in 0.002, then 0.936-0.942): ' +
        '0.9337 (a 0.9731, b 0.9474; 0.9297: 0.972/0.928; 0.936: 0.966/-), rounded to 0.9335; ' +
        'assignment: T 0.9117-0.9437 in 0.002 x M 0-0.016 in 0.001, knownWrong <= 0.002 on every ' +
        'seed: T 0.9337, M 0.012 (seeds 1-5 mean knownCorrect 0.939 (worst 0.936), knownWrong ' +
        '0.0003 (worst 0.0008), unknownRejected 0.956 (worst 0.939)).',
    },
  },
};
