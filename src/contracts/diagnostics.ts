// The card's "Debugging" recipes as core calls: check a face's embeddings, test the similarity
// of two faces, and verify clustering on real faces without writing anything.
import type { ClusteringParameters, PresetName } from '../domain/recognition/presets';
import type { ClassId, CropId, SessionId } from './ids';

export interface StoredEmbeddingInfo {
  modelName: string;
  modelVersion: string;
  dimension: number;
  /** False when the embedding came from an older version of the model (recompute it). */
  isCurrentVersion: boolean;
  createdAt: string;
}

export interface CropEmbeddingsReport {
  cropId: CropId;
  /** The face model of the face's class. */
  classModel: string;
  /** Whether the face has an embedding of its class's model (what clustering and assignment use). */
  hasEmbedding: boolean;
  embeddings: StoredEmbeddingInfo[];
}

/**
 * same-person: at or above the model's clustering and assignment thresholds (Rollcall would put
 * them together); different-people: below the model's verification threshold; uncertain: between.
 */
export type SimilarityVerdict = 'same-person' | 'different-people' | 'uncertain';

export interface ModelSimilarity {
  modelName: string;
  similarity: number;
  thresholds: { verification: number; clustering: number; assignment: number };
  verdict: SimilarityVerdict;
  /** The verdict in plain words, with the numbers. */
  explanation: string;
}

export interface CropSimilarityReport {
  cropIdA: CropId;
  cropIdB: CropId;
  /** One entry per model both faces have (or the one model asked for). */
  comparisons: ModelSimilarity[];
}

export type ClusteringCheckScope = { sessionId: SessionId } | { classId: ClassId };

export interface ClusteringCheckOptions extends Partial<ClusteringParameters> {
  embeddingModel?: string;
  preset?: PresetName;
  /** Class scope: let faces that already have a student anchor their clusters. */
  includeIdentified?: boolean;
}

export interface ClusteringCheckResult {
  modelName: string;
  maxClusters: number;
  similarityThreshold: number;
  /** Faces that took part (unassigned ones, plus identified ones when included). */
  faces: number;
  numClusters: number;
  clusterSizes: number[];
  /** Clusters that clustering would turn into new students (the rest wait for review). */
  clustersWithinCap: number;
  /** Faces that joined no cluster. */
  unclustered: number;
}

export interface DiagnosticsApi {
  inspectCropEmbeddings(cropId: CropId): Promise<CropEmbeddingsReport>;
  /** Cosine similarity of the stored embeddings; an unknown model or one a face lacks is a validation error. */
  compareCrops(
    cropIdA: CropId,
    cropIdB: CropId,
    options?: { modelName?: string },
  ): Promise<CropSimilarityReport>;
  /** Runs clustering on the scope's faces and writes nothing. */
  verifyClustering(
    scope: ClusteringCheckScope,
    options?: ClusteringCheckOptions,
  ): Promise<ClusteringCheckResult>;
}
