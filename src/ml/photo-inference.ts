// The inference service behind the InferenceApi contract, independent of where it runs: the
// browser's inference worker gives it onnxruntime-web and createImageBitmap; Node (tests, eval)
// gives it onnxruntime-node and sharp. Stateless apart from loaded models and running jobs.
import { AppError, type ErrorCode } from '../contracts/errors';
import { MODEL_FILES_READY, type InferenceApi } from '../contracts/inference';
import type { AnalyzedFace, InferenceRuntimeInfo } from '../contracts/photos';
import type { RgbaImage } from '../domain/face/align';
import type { Box, Point } from '../domain/face/geometry';
import { fivePointsFrom68 } from '../domain/face/landmarks';
import {
  analyzeImage,
  loadPipelineModels,
  type FaceAnalysis,
  type PipelineModels,
} from './analyze';
import { alignFace, embedAlignedFaces } from './embed';
import { isMlError, MlError, type MlErrorCode } from './errors';
import { resizeRegion } from './image';
import { isEmbeddingModelId, type EmbeddingModelId } from '../domain/recognition/models';
import { unknownModelMessage } from '../domain/recognition/parameters';
import { EMBEDDING_MODELS, requireEmbeddingModel } from './registry';
import type { ModelLoader } from './runtime';

/** Turns photo files into pixels and pixels into small JPEGs; one per platform. */
export interface ImageCodec {
  /** Upright (EXIF-rotated) RGBA pixels; throws MlError 'unsupported-image' when it can't. */
  decode(bytes: Uint8Array): Promise<RgbaImage>;
  encodeJpeg(image: RgbaImage, quality: number): Promise<Uint8Array>;
}

export const THUMBNAIL_SIZE = 96;

const ML_TO_APP: Record<MlErrorCode, ErrorCode> = {
  'model-unavailable': 'model-load-failed',
  'model-load-failed': 'model-load-failed',
  'model-integrity': 'model-load-failed',
  'unsupported-image': 'unsupported-image',
  cancelled: 'cancelled',
};

/** The same error as an AppError, so its code survives the worker boundary. */
export function toInferenceError(error: unknown): unknown {
  if (!isMlError(error)) return error;
  const code = ML_TO_APP[error.code];
  // The pipeline's own message names files and HTTP codes: kept in the details for whoever
  // debugs it; the teacher reads what happened and what to do.
  if (code === 'model-load-failed') {
    return new AppError(code, MODEL_LOAD_FAILED_MESSAGE, { cause: error.message });
  }
  return new AppError(code, error.message);
}

export const MODEL_LOAD_FAILED_MESSAGE =
  'A face recognition model could not be loaded on this device, so this photo was not analysed. If Rollcall has never been opened with an internet connection, connect once; then choose Retry.';

function parseModels(ids: readonly string[]): EmbeddingModelId[] {
  return ids.map((id) => {
    if (!isEmbeddingModelId(id)) throw new MlError('model-unavailable', unknownModelMessage(id));
    return requireEmbeddingModel(id).id;
  });
}

/** A square around the face, a little larger than the detection box, for the thumbnail. */
function thumbnailRegion(box: Box): Box {
  const side = Math.max(box.width, box.height) * 1.3;
  return {
    x: box.x + box.width / 2 - side / 2,
    y: box.y + box.height / 2 - side / 2,
    width: side,
    height: side,
  };
}

function flatten(points: readonly Point[]): number[] {
  return points.flatMap(([x, y]) => [x, y]);
}

function unflatten(flat: readonly number[]): Point[] {
  const points: Point[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2)
    points.push([flat[i] as number, flat[i + 1] as number]);
  return points;
}

export function createPhotoInference(
  loader: ModelLoader,
  codec: ImageCodec,
  runtimeInfo: () => Promise<InferenceRuntimeInfo>,
): InferenceApi {
  const loaded = new Map<string, Promise<PipelineModels>>();
  const jobs = new Map<string, AbortController>();

  /** The models for `ids`, loaded once; `onFilesReady` hears when a load has its files. */
  const modelsFor = (ids: EmbeddingModelId[], onFilesReady?: () => void) => {
    const key = [...ids].sort().join(',');
    let models = loaded.get(key);
    if (!models) {
      models = loadPipelineModels(loader, ids, onFilesReady);
      // A failed load is not cached: the next photo tries again.
      models.catch(() => loaded.delete(key));
      loaded.set(key, models);
    }
    return models;
  };

  const withJob = async <T>(
    jobId: string,
    work: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> => {
    const controller = new AbortController();
    jobs.set(jobId, controller);
    try {
      return await work(controller.signal);
    } catch (error) {
      throw toInferenceError(error);
    } finally {
      jobs.delete(jobId);
    }
  };

  const toAnalyzedFace = async (image: RgbaImage, face: FaceAnalysis): Promise<AnalyzedFace> => {
    const thumb = resizeRegion(image, thumbnailRegion(face.box), THUMBNAIL_SIZE, THUMBNAIL_SIZE);
    return {
      box: face.box,
      detectionScore: face.detectionScore,
      landmarks: flatten(face.landmarks),
      quality: face.quality,
      thumbnail: await codec.encodeJpeg(thumb, 0.8),
      embeddings: Object.entries(face.embeddings).map(([modelId, vector]) => ({
        modelId,
        modelVersion: EMBEDDING_MODELS[modelId as EmbeddingModelId].version,
        vector,
      })),
    };
  };

  return {
    getRuntimeInfo: runtimeInfo,

    analyzePhoto: (request, onProgress) =>
      withJob(request.jobId, async (signal) => {
        const ids = parseModels(request.embeddingModels);
        onProgress?.('decoding', 0, 1);
        const { stage, completed, total } = MODEL_FILES_READY;
        const [image, models] = await Promise.all([
          codec.decode(request.bytes),
          modelsFor(ids, () => onProgress?.(stage, completed, total)),
        ]);
        const faces = await analyzeImage(image, models, {
          embeddingModels: ids,
          signal,
          onProgress: (p) => onProgress?.(p.stage, p.completed, p.total),
        });
        // Thumbnails are encoded all at once: the browser's encoder works while we wait.
        const analyzed = await Promise.all(faces.map((face) => toAnalyzedFace(image, face)));
        return { width: image.width, height: image.height, faces: analyzed };
      }),

    embedFaces: (request) =>
      withJob(request.jobId, async () => {
        const [id] = parseModels([request.modelId]);
        const spec = requireEmbeddingModel(id as EmbeddingModelId);
        const [image, models] = await Promise.all([
          codec.decode(request.bytes),
          modelsFor([spec.id]),
        ]);
        const crops = request.faces.map((face) =>
          alignFace(image, fivePointsFrom68(unflatten(face.landmarks)), spec),
        );
        const runner = models.embedders[spec.id];
        if (!runner)
          throw new MlError('model-load-failed', `The ${spec.id} face model did not load.`);
        return embedAlignedFaces(crops, runner, spec);
      }),

    cancel: (jobId) => {
      jobs.get(jobId)?.abort();
      return Promise.resolve();
    },
  };
}
