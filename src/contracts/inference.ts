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

/**
 * The progress report (still 'decoding' for the teacher: "Reading the photo") that says the
 * model files are downloaded and checked: what is left before detecting is starting the models,
 * on this device's processor only. The caller's time limit can then be short.
 */
export const MODEL_FILES_READY = { stage: 'decoding', completed: 1, total: 2 } as const;

export interface InferenceApi {
  getRuntimeInfo(): Promise<InferenceRuntimeInfo>;
  analyzePhoto(request: AnalyzePhotoRequest, onProgress?: ProgressCallback): Promise<PhotoAnalysis>;
  /** Embeds already-located faces of a photo (re-embedding stored crops with a model). */
  embedFaces(request: EmbedFacesRequest): Promise<Float32Array[]>;
  cancel(jobId: string): Promise<void>;
}

/**
 * The page's side of the inference worker. The page starts the inference worker (a worker
 * started by another worker cannot run onnxruntime-web's WASM threads in Firefox: they deadlock)
 * and hands the core worker a MessagePort to it, so photos still go straight between the two
 * workers. The page also keeps this device's thread setting (see `useOneThread`).
 */
export interface InferenceHost {
  /**
   * Starts a fresh inference worker, ending any earlier one, and returns a port to its
   * InferenceApi. `onCrash` hears, in plain words, if that worker dies.
   */
  connect(onCrash: (message: string) => void): MessagePort | Promise<MessagePort>;
  /** The WASM threads the workers `connect` starts get on this device (1 after `useOneThread`). */
  threads(): number | Promise<number>;
  /**
   * Face analysis hung or crashed with several WASM threads: from the next `connect` on, and
   * on this device from now on, it runs on one thread (the settings can undo it).
   */
  useOneThread(): void | Promise<void>;
  /** Ends the inference worker (it stopped answering); the next connect starts a new one. */
  stop(): void;
}

/** The message that hands the inference worker the port it serves its API on. */
export const INFERENCE_CONNECT_MESSAGE = 'rollcall-inference-connect';

/** What the page sends the inference worker with that port. */
export interface InferenceConnectMessage {
  type: typeof INFERENCE_CONNECT_MESSAGE;
  /** The most WASM threads the worker may use (it may get fewer). */
  maxThreads: number;
}
