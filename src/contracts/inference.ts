// The inference worker's contract: stateless, pixels in, faces and vectors out. The core worker
// is its only caller (over a MessagePort), so photos and vectors never cross the main thread.
import type { InferenceRuntimeInfo, PhotoAnalysis, PhotoStage } from './photos';

export interface AnalyzePhotoRequest {
  /** Lets the caller cancel this request with `cancel(jobId)`. */
  jobId: string;
  /** The photo file's bytes (JPEG, PNG, WebP, ...). */
  bytes: Uint8Array;
  /** Embedding models to run on every face, e.g. ['arcface']. */
  embeddingModels: string[];
  /**
   * The caller will not use `bytes` again: they are moved to the inference worker instead of
   * copied (a 3-10 MB photo), and are empty afterwards on the caller's side.
   */
  handOverBytes?: boolean;
}

export interface EmbedFacesRequest {
  jobId: string;
  bytes: Uint8Array;
  /** 68 landmarks per face, flat, in photo pixels (as stored with the crop). */
  faces: { landmarks: number[] }[];
  modelId: string;
}

export type ProgressCallback = (stage: PhotoStage, completed: number, total: number) => void;

export interface InferenceApi {
  getRuntimeInfo(): Promise<InferenceRuntimeInfo>;
  analyzePhoto(request: AnalyzePhotoRequest, onProgress?: ProgressCallback): Promise<PhotoAnalysis>;
  /** Embeds already-located faces of a photo (re-embedding stored crops with a model). */
  embedFaces(request: EmbedFacesRequest): Promise<Float32Array[]>;
  cancel(jobId: string): Promise<void>;
}
