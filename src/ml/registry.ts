// The model registry, as data: every model the pipeline runs, its file under public/models/
// (built and SHA-256 checked by scripts/models/install-models.mjs), its input geometry and
// preprocessing, and for embedding models the alignment template (their ids, versions and
// thresholds are the domain's recognition vocabulary, src/domain/recognition/models.ts).
// Every file's SHA-256 is pinned here too (equal to scripts/models/model-files.json, checked by
// test/models/model-integrity.test.ts) so both runtimes refuse a tampered or stale file.
import type { Point } from '../domain/face/geometry';
import {
  RECOGNITION_MODELS,
  type EmbeddingModelId,
  type RecognitionModel,
} from '../domain/recognition/models';
import { MlError } from './errors';

export type ColorOrder = 'RGB' | 'BGR';

/** Pixel value fed to the model = (channel value - mean) / std. */
export interface Normalisation {
  mean: number;
  std: number;
}

/**
 * Ultra-Light-Fast-Generic-Face-Detector (RFB-320), from faceplugin-face-recognition-js, trained
 * at 320x240. Installed with its in-graph prior decoding cut off and its height and width made
 * symbolic (scripts/models/transforms.mjs, `detector-any-size`), so one run covers a whole
 * pyramid level or a large tile; src/ml/detect-priors.ts decodes `locations` for any size.
 */
export const DETECTOR = {
  id: 'ulfd-rfb320',
  file: 'ulfd-rfb320-any-size.onnx',
  sha256: '357663067663109a33427c38d0c04f72207bcecbed27b041252921c3aee938fd',
  /** The size the net was trained at: the coarsest pyramid level fits it. */
  inputWidth: 320,
  inputHeight: 240,
  inputName: 'input',
  colorOrder: 'RGB' as ColorOrder,
  normalisation: { mean: 127, std: 128 },
  layout: 'NCHW',
  /** [1, anchors, 2]: background / face probabilities (softmax inside the graph). */
  scoresOutput: 'scores',
  /** [1, anchors, 4]: raw centre offsets and log sizes against the priors. */
  locationsOutput: 'locations',
  /** ULFD's prior boxes: per feature map stride, the prior sizes in input pixels. */
  priors: {
    strides: [8, 16, 32, 64],
    minBoxes: [
      [10, 16, 24],
      [32, 48],
      [64, 96],
      [128, 192, 256],
    ],
    centerVariance: 0.1,
    sizeVariance: 0.2,
  },
} as const;

/** 68-point (iBUG) landmarks from a 64x64 grey crop of the square around a detection. */
export const LANDMARKER = {
  id: 'faceplugin-landmark68',
  file: 'fr_landmark.onnx',
  sha256: 'f10b0ba1d2a8a099adefede1ebf3733e44fe370715e7303dbeb7f59c02142258',
  inputSize: 64,
  inputName: 'input',
  /** Grey = 0.299 R + 0.587 G + 0.114 B, fed as grey / 256. */
  normalisation: { mean: 0, std: 256 },
  outputName: 'output',
  /** 136 values: x0, y0, x1, y1, ... in 0..1 of the crop. */
  points: 68,
} as const;

export interface EmbeddingModelSpec extends RecognitionModel {
  file: string;
  /** SHA-256 of the served file (unknown while the model is not shipped). */
  sha256: string | null;
  /** False while the model file is not shipped: using it throws 'model-unavailable'. */
  isAvailable: boolean;
  inputName: string;
  outputName: string;
  /** Square input side in pixels. */
  inputSize: number;
  colorOrder: ColorOrder;
  normalisation: Normalisation;
  layout: 'NCHW';
  /** Where the five alignment points (eyes, nose tip, mouth corners) go in the input crop. */
  alignmentTemplate: readonly Point[];
  /** Faces per inference call (the ONNX batch dimension is symbolic). */
  maxBatch: number;
  /**
   * Whether a face's vector is the mean of the aligned crop's and its mirror image's (two runs
   * per face). Changes every vector: bump `version` with it.
   */
  flipAverage: boolean;
}

/** The ArcFace / InsightFace 5-point template for 112x112 crops. */
export const ARCFACE_TEMPLATE_112: readonly Point[] = [
  [38.2946, 51.6963],
  [73.5318, 51.5014],
  [56.0252, 71.7366],
  [41.5493, 92.3655],
  [70.7299, 92.2041],
];

/**
 * face-api's descriptor net wants more forehead than ArcFace: the mean five points of face-api
 * style crops (68-point min box + 20%, square, 150 px) on lfw-dev images, symmetrised.
 */
export const FACEAPI_TEMPLATE_150: readonly Point[] = [
  [49.21, 39.05],
  [100.79, 39.05],
  [75, 68.79],
  [54.43, 94.5],
  [95.57, 94.5],
];

export const EMBEDDING_MODELS: Readonly<Record<EmbeddingModelId, EmbeddingModelSpec>> = {
  arcface: {
    ...RECOGNITION_MODELS.arcface,
    file: 'arcface-fr-feature-batch.onnx',
    sha256: 'e9beef4d98460fdf2fdeb65d091bf54f836ffb86a7a2c8425a4365924fd1b555',
    isAvailable: true,
    inputName: 'input',
    outputName: 'output',
    inputSize: 112,
    colorOrder: 'RGB',
    normalisation: { mean: 127, std: 128 },
    layout: 'NCHW',
    alignmentTemplate: ARCFACE_TEMPLATE_112,
    maxBatch: 8,
    flipAverage: false,
  },
  facenet: {
    ...RECOGNITION_MODELS.facenet,
    // face-api's dlib ResNet, converted at install by scripts/models/convert-facenet.mjs.
    file: 'facenet-dlib128.onnx',
    sha256: 'a3c66ed0aa74b683b9925398f67fce30c4b411e89bcef09276af6b7cf7474298',
    isAvailable: true,
    inputName: 'input',
    outputName: 'descriptor',
    inputSize: 150,
    colorOrder: 'RGB',
    // The converted graph subtracts face-api's mean RGB and divides by 255 itself.
    normalisation: { mean: 0, std: 1 },
    layout: 'NCHW',
    alignmentTemplate: FACEAPI_TEMPLATE_150,
    maxBatch: 8,
    flipAverage: true,
  },
};

/** The spec of a model that can run now, or a 'model-unavailable' error. */
export function requireEmbeddingModel(id: EmbeddingModelId): EmbeddingModelSpec {
  const spec = EMBEDDING_MODELS[id];
  if (!spec.isAvailable) {
    throw new MlError(
      'model-unavailable',
      `The ${id} face model is not available in this version of Rollcall.`,
    );
  }
  return spec;
}

/** The pinned SHA-256 of a model file the app serves, or undefined for an unknown file. */
export function expectedSha256(file: string): string | undefined {
  if (file === DETECTOR.file) return DETECTOR.sha256;
  if (file === LANDMARKER.file) return LANDMARKER.sha256;
  return Object.values(EMBEDDING_MODELS).find((spec) => spec.file === file)?.sha256 ?? undefined;
}
