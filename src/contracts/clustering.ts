// The clustering operations' options and results (the seed's cluster-crops endpoints).
import type { PresetName } from '../ml/presets';
import type { CropId, StudentId } from './ids';

export interface FaceCropClusteringOptions {
  embeddingModel?: string;
  /** Named parameter set (src/ml/presets.ts); explicit parameters below win over it. */
  preset?: PresetName;
  maxClusters?: number;
  similarityThreshold?: number;
}

export interface ClusterCropsOptions {
  /** Turn each new cluster into an auto-created student (default true). */
  createStudents?: boolean;
  /** Assign the clustered faces to their cluster's student (default true). */
  assignCrops?: boolean;
}

export interface ClusterSummary {
  size: number;
  /** The student the cluster belongs to: an existing one (anchored) or the one created. */
  studentId: StudentId | null;
  isNewStudent: boolean;
  /** Average pairwise cosine of the cluster's faces. */
  cohesion: number;
  /** In [0, 1], the same for every model: 0.5 at the clustering threshold (see clusterConfidence). */
  confidence: number;
  /**
   * Whether the cluster may become a student: maxClusters caps how many new clusters do (the
   * largest first). A surplus cluster keeps its faces together, unassigned, for review.
   */
  withinCap: boolean;
  cropIds: CropId[];
}

export interface ClusterCropsResult {
  modelName: string;
  numClusters: number;
  clusterSizes: number[];
  clusters: ClusterSummary[];
  studentsCreated: { id: StudentId; name: string }[];
  cropsAssigned: number;
  /** Faces left without a student: surplus clusters beyond maxClusters, or faces that joined nothing. */
  unclusteredCropIds: CropId[];
}
