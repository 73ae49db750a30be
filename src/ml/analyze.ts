// The whole per-photo face pipeline: detect every face, find its 68 landmarks, measure its
// quality, align it to each requested model's template and embed it. Runtime-agnostic: the
// models come in as TensorRunners (onnxruntime-web in the browser, onnxruntime-node in Node).
import type { RgbaImage } from '../domain/face/align';
import type { Box, Point } from '../domain/face/geometry';
import { fivePointsFrom68 } from '../domain/face/landmarks';
import { laplacianVariance, poseFromFivePoints, type FaceQuality } from '../domain/face/quality';
import {
  DEFAULT_DETECTION_OPTIONS,
  detectFaces,
  type Detection,
  type DetectionOptions,
} from './detect';
import { alignFace, embedAlignedFaces } from './embed';
import { throwIfAborted } from './errors';
import { detectLandmarks } from './landmark';
import { type EmbeddingModelId } from '../domain/recognition/models';
import { DETECTOR, EMBEDDING_MODELS, LANDMARKER, requireEmbeddingModel } from './registry';
import type { ModelLoader, TensorRunner } from './runtime';

export interface PipelineModels {
  detector: TensorRunner;
  landmarker: TensorRunner;
  embedders: Partial<Record<EmbeddingModelId, TensorRunner>>;
}

/**
 * Loads the detector, the landmarker and the given embedding models. `onFilesReady` hears when
 * every model file is downloaded and checked, before the models start.
 */
export async function loadPipelineModels(
  loader: ModelLoader,
  embeddingModels: readonly EmbeddingModelId[],
  onFilesReady?: () => void,
): Promise<PipelineModels> {
  const specs = embeddingModels.map(requireEmbeddingModel);
  const fetchFile = loader.fetch?.bind(loader);
  if (fetchFile) {
    const files = [DETECTOR.file, LANDMARKER.file, ...specs.map((spec) => spec.file)];
    await Promise.all(files.map((file) => fetchFile(file)));
  }
  onFilesReady?.();
  const [detector, landmarker, ...runners] = await Promise.all([
    loader.load(DETECTOR.file),
    loader.load(LANDMARKER.file),
    ...specs.map((spec) => loader.load(spec.file)),
  ]);
  const embedders: Partial<Record<EmbeddingModelId, TensorRunner>> = {};
  specs.forEach((spec, i) => (embedders[spec.id] = runners[i] as TensorRunner));
  return { detector: detector, landmarker: landmarker, embedders };
}

export interface FaceAnalysis {
  /** Detection box in photo pixels. */
  box: Box;
  detectionScore: number;
  /** 68 iBUG landmarks in photo pixels. */
  landmarks: Point[];
  /** Eye centres, nose tip, mouth corners (the alignment points), photo pixels. */
  fivePoints: Point[];
  quality: FaceQuality;
  /** One L2-normalised vector per requested model. */
  embeddings: Partial<Record<EmbeddingModelId, Float32Array>>;
}

export type AnalyzeStage = 'detecting' | 'embedding';

export interface AnalyzeProgress {
  stage: AnalyzeStage;
  completed: number;
  total: number;
}

export interface AnalyzeOptions {
  embeddingModels: readonly EmbeddingModelId[];
  detection?: Partial<DetectionOptions>;
  /** Keeps only some detections (e.g. the face nearest the centre) before landmarks/embedding. */
  selectDetections?: (detections: Detection[], image: RgbaImage) => Detection[];
  onProgress?: (progress: AnalyzeProgress) => void;
  signal?: AbortSignal;
}

/** The detection whose box centre is nearest the image centre (none if there is none). */
export function centralDetection(detections: Detection[], image: RgbaImage): Detection[] {
  let best: Detection | undefined;
  let bestDistance = Infinity;
  for (const d of detections) {
    const dx = d.x + d.width / 2 - image.width / 2;
    const dy = d.y + d.height / 2 - image.height / 2;
    const distance = dx * dx + dy * dy;
    if (distance < bestDistance) {
      best = d;
      bestDistance = distance;
    }
  }
  return best ? [best] : [];
}

/** Sharpness is measured on the ArcFace 112 crop whatever the models, so it is comparable. */
const QUALITY_CROP = EMBEDDING_MODELS.arcface;

/** Detects, measures and embeds every face in `image`, best detection first. */
export async function analyzeImage(
  image: RgbaImage,
  models: PipelineModels,
  options: AnalyzeOptions,
): Promise<FaceAnalysis[]> {
  const { signal, onProgress } = options;
  const specs = options.embeddingModels.map(requireEmbeddingModel);
  const runners = specs.map((spec) => {
    const runner = models.embedders[spec.id];
    if (!runner) throw new Error(`embedding model ${spec.id} was not loaded`);
    return runner;
  });
  const detectionOptions = { ...DEFAULT_DETECTION_OPTIONS, ...options.detection };
  const found = await detectFaces(
    image,
    models.detector,
    detectionOptions,
    (p) => onProgress?.({ stage: 'detecting', ...p }),
    signal,
  );
  const detections = options.selectDetections ? options.selectDetections(found, image) : found;

  // Progress counts embeddings (faces x models); landmarks and quality are cheap by comparison.
  const grandTotal = detections.length * specs.length;
  onProgress?.({ stage: 'embedding', completed: 0, total: grandTotal });
  const faces: FaceAnalysis[] = [];
  const qualityCrops: RgbaImage[] = [];
  for (const detection of detections) {
    throwIfAborted(signal);
    const landmarks = await detectLandmarks(image, detection, models.landmarker);
    const fivePoints = fivePointsFrom68(landmarks);
    const qualityCrop = alignFace(image, fivePoints, QUALITY_CROP);
    qualityCrops.push(qualityCrop);
    const [leftEye, rightEye] = fivePoints as [Point, Point];
    const box = {
      x: detection.x,
      y: detection.y,
      width: detection.width,
      height: detection.height,
    };
    faces.push({
      box,
      detectionScore: detection.score,
      landmarks,
      fivePoints,
      quality: {
        interEyePx: Math.hypot(rightEye[0] - leftEye[0], rightEye[1] - leftEye[1]),
        sizePx: Math.min(box.width, box.height),
        sharpness: laplacianVariance(qualityCrop),
        ...poseFromFivePoints(fivePoints),
        detectionScore: detection.score,
      },
      embeddings: {},
    });
  }

  let completed = 0;
  for (const [m, spec] of specs.entries()) {
    throwIfAborted(signal);
    const crops =
      spec.id === QUALITY_CROP.id
        ? qualityCrops
        : faces.map((face) => alignFace(image, face.fivePoints, spec));
    const base = completed;
    const vectors = await embedAlignedFaces(crops, runners[m] as TensorRunner, spec, (done) => {
      completed = base + done;
      onProgress?.({ stage: 'embedding', completed, total: grandTotal });
    });
    vectors.forEach((vector, i) => ((faces[i] as FaceAnalysis).embeddings[spec.id] = vector));
  }
  return faces;
}
