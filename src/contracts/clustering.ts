// The clustering operations' options and results (the card's cluster-crops endpoints).
import type { PresetName } from '../domain/recognition/presets';
import type { CropId, GroupId, StudentId } from './ids';
import type { ClassId, SessionId } from './ids';

export interface FaceCropClusteringOptions {
  embeddingModel?: string;
  /** Named parameter set (src/domain/recognition/presets.ts); explicit parameters below win over it. */
  preset?: PresetName;
  maxClusters?: number;
  similarityThreshold?: number;
}

export interface ClusterCropsOptions {
  /**
   * Store each cluster with no known student as a question group for the teacher (default
   * true). Clustering never creates a student: only the teacher's answer does.
   */
  formGroups?: boolean;
  /** Assign the unknown faces of a cluster anchored to a student to that student (default true). */
  assignCrops?: boolean;
}

export interface ClusterSummary {
  size: number;
  /** The student the cluster belongs to (anchored by their identified faces), or null. */
  studentId: StudentId | null;
  /** The question group the cluster was stored as (formGroups), or null. */
  groupId: GroupId | null;
  /** Average pairwise cosine of the cluster's faces. */
  cohesion: number;
  /** In [0, 1], the same for every model: 0.5 at the clustering threshold (see clusterConfidence). */
  confidence: number;
  /**
   * Whether the cluster is among the maxClusters largest new ones (the card's cap). Every
   * cluster is asked about: the cap only tells which the card would have kept.
   */
  withinCap: boolean;
  cropIds: CropId[];
}

export interface ClusterCropsResult {
  modelName: string;
  numClusters: number;
  clusterSizes: number[];
  clusters: ClusterSummary[];
  /** Question groups stored (clusters with no known student). */
  groupsFormed: number;
  cropsAssigned: number;
  /** Faces left without a student: the question groups' faces, and faces that joined nothing. */
  unclusteredCropIds: CropId[];
}

/** The card's cluster-crops endpoints (service parameters and call options together). */
export interface ClusteringApi {
  clusterSessionCrops(
    sessionId: SessionId,
    options?: FaceCropClusteringOptions & ClusterCropsOptions,
  ): Promise<ClusterCropsResult>;
  clusterClassCrops(
    classId: ClassId,
    options?: FaceCropClusteringOptions & ClusterCropsOptions & { includeIdentified?: boolean },
  ): Promise<ClusterCropsResult>;
}
