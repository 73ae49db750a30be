// What the face pipeline produces and what the UI sees of photos and faces.
import type { FaceQuality } from '../domain/face/quality';
import type { CropId, ImageId, SessionId, StudentId } from './ids';
import type { AssignmentStatus } from './entities';
import type { AppErrorData } from './errors';

/** The stage of one photo's analysis, for progress display. */
export type PhotoStage =
  'queued' | 'decoding' | 'detecting' | 'embedding' | 'saving' | 'done' | 'failed';

export interface PhotoProgress {
  sessionId: SessionId;
  imageId: ImageId;
  stage: PhotoStage;
  /** Work done within the stage (tiles detected, faces embedded). */
  completed: number;
  total: number;
}

/** Where inference runs, shown to the teacher in the diagnostics. */
export interface InferenceRuntimeInfo {
  provider: 'webgpu' | 'wasm' | 'cpu';
  threads: number;
  isCrossOriginIsolated: boolean;
  /** Why WebGPU was not used, in plain words, when it was not. */
  note: string;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One face found in a photo: everything that is stored for it. */
export interface AnalyzedFace {
  box: Box;
  detectionScore: number;
  /** Flat [x0, y0, x1, y1, ...], 68 points in photo pixels. */
  landmarks: number[];
  quality: FaceQuality;
  /** A small JPEG of the face, for review grids. */
  thumbnail: Uint8Array;
  embeddings: { modelId: string; modelVersion: string; vector: Float32Array }[];
}

export interface PhotoAnalysis {
  /** Size of the upright (EXIF-rotated) photo. */
  width: number;
  height: number;
  faces: AnalyzedFace[];
}

export interface AddPhotosResult {
  /** Photos stored and queued for processing. */
  added: { imageId: ImageId; fileName: string }[];
  /** Files whose exact content is already in this session. */
  duplicates: { fileName: string; existingImageId: ImageId }[];
  /** Files refused before processing (empty, not an image), with the reason in plain words. */
  refused: { fileName: string; reason: string }[];
}

/**
 * A detected face: one row of `face_crops`. Its id keeps the card's and the database's word
 * (CropId, the card's face_crop_id); every other name says "face" (README, "Words").
 */
export interface Face {
  id: CropId;
  imageId: ImageId;
  box: Box;
  detectionScore: number;
  quality: FaceQuality;
  studentId: StudentId | null;
  assignmentStatus: AssignmentStatus;
  confidence: number | null;
  /** The open question (person not yet named) this face belongs to, if any. */
  groupId: string | null;
  /** "Low quality, not counted": never assigned or asked about unless the teacher opens it. */
  lowQuality: boolean;
  /** Embedding models this face has vectors for. */
  models: string[];
}

export interface PhotosApi {
  /** Stores the files and queues them for face processing; progress arrives as events. */
  addPhotos(
    sessionId: SessionId,
    files: { fileName: string; bytes: Uint8Array }[],
  ): Promise<AddPhotosResult>;
  /** Stops the session's processing: the photo in progress and those still waiting. */
  cancelProcessing(sessionId: SessionId): Promise<void>;
  retryPhotos(imageIds: ImageId[]): Promise<void>;
  deletePhoto(imageId: ImageId): Promise<void>;
  getPhotoFile(imageId: ImageId): Promise<{ bytes: Uint8Array; mimeType: string }>;
  listSessionFaces(sessionId: SessionId): Promise<Face[]>;
  getFaceThumbnails(cropIds: CropId[]): Promise<{ cropId: CropId; jpeg: Uint8Array }[]>;
  getInferenceInfo(): Promise<InferenceRuntimeInfo>;
}

export interface CropEmbeddingResult {
  cropId: CropId;
  modelName: string;
  dimension: number;
}

export type CropEmbeddingOutcome =
  ({ ok: true } & CropEmbeddingResult) | { ok: false; cropId: string; error: AppErrorData };

/** The card's crop-level embedding endpoints. Without a model, each face's class model is used. */
export interface EmbeddingsApi {
  generateCropEmbedding(
    cropId: CropId,
    options?: { modelName?: string },
  ): Promise<CropEmbeddingResult>;
  /** One bad id yields an error for that item; the others succeed. */
  generateCropEmbeddingsBatch(request: {
    faceCropIds: string[];
    modelName?: string;
  }): Promise<{ results: CropEmbeddingOutcome[]; succeeded: number; failed: number }>;
}
