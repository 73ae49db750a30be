// The assignment operations' options and results (the card's assign-crops endpoints).
import type { PresetName } from '../domain/recognition/presets';
import type { CropId, DismissedId, StudentId } from './ids';
import type { ClassId, SessionId } from './ids';

export interface FaceCropAssignmentOptions {
  embeddingModel?: string;
  /** Named parameter set (src/domain/recognition/presets.ts); explicit parameters below win over it. */
  preset?: PresetName;
  /** Gallery neighbours per face that take part in the decision (default 5). */
  k?: number;
  /** Minimum student score to assign (default: the model's calibrated threshold). */
  similarityThreshold?: number;
  /** Minimum lead of the best student over the next (default: the model's calibrated margin). */
  minMargin?: number;
  /** Top-2 mean per student (true, default) or nearest neighbour only. */
  useVoting?: boolean;
}

export interface AssignCropsOptions {
  /** Write the assignments (status 'auto'); false (default) returns proposals only. */
  autoCommit?: boolean;
}

export interface AssignmentNeighbour {
  cropId: CropId;
  studentId: StudentId;
  /** Cosine similarity to the face. */
  similarity: number;
}

export type CropAssignmentReason =
  /** A student was chosen. */
  | 'assigned'
  /** The class has no identified faces of this model to compare with. */
  | 'no-neighbours'
  /** The best student is not similar enough (open set: maybe someone not enrolled). */
  | 'below-threshold'
  /** The best student does not lead the next one by the margin. */
  | 'ambiguous'
  /** The best student is another face's in the same photo. */
  | 'taken-in-photo'
  /** The face has no embedding of this model yet. */
  | 'no-embedding'
  /** The face already has a student (auto or confirmed): never changed here. */
  | 'already-identified'
  /** The teacher marked the face "not a student": never changed here. */
  | 'not-a-student'
  /** The face matches someone the teacher said is not in this class: dismissed with them. */
  | 'dismissed'
  /** "Low quality, not counted" (cut by the edge, far too small, blurred, doubtful): skipped. */
  | 'low-quality';

export interface CropAssignmentResult {
  cropId: CropId;
  /** The student assigned (or already holding the face), or null. */
  studentId: StudentId | null;
  /** The best free student, even when not assigned (for review), or null. */
  candidateId: StudentId | null;
  /** The dismissed person the face matched (reason 'dismissed'), or null. */
  dismissedId: DismissedId | null;
  /** In [0, 1]: >= 0.5 when assigned; reflects the margin over the next student. */
  confidence: number;
  reason: CropAssignmentReason;
  /** The students' faces among the neighbours that decided it, nearest first. */
  neighbours: AssignmentNeighbour[];
}

export interface AssignCropsResult {
  modelName: string;
  results: CropAssignmentResult[];
  /** Faces given a student by this call. */
  assigned: number;
  /** Faces dismissed with someone the teacher said is not in this class. */
  dismissed: number;
  /** Whether the assignments were written. */
  committed: boolean;
}

/** The card's assign-crops endpoints (service parameters and call options together). */
export interface AssignmentApi {
  assignCrop(
    cropId: CropId,
    options?: FaceCropAssignmentOptions & AssignCropsOptions,
  ): Promise<CropAssignmentResult>;
  assignSessionCrops(
    sessionId: SessionId,
    options?: FaceCropAssignmentOptions & AssignCropsOptions,
  ): Promise<AssignCropsResult>;
  assignClassCrops(
    classId: ClassId,
    options?: FaceCropAssignmentOptions & AssignCropsOptions,
  ): Promise<AssignCropsResult>;
}
