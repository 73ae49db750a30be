// The one typed contract between the UI and the core worker. The worker implements CoreApi;
// the UI holds a comlink Remote<CoreApi>. Renaming a method is a compile error on both sides.
import type {
  AssignCropsOptions,
  AssignCropsResult,
  CropAssignmentResult,
  FaceCropAssignmentOptions,
} from './assignment';
import type {
  ClusterCropsOptions,
  ClusterCropsResult,
  FaceCropClusteringOptions,
} from './clustering';
import type { InferenceHost } from './inference';
import type { AttendanceApi } from './attendance';
import type { BackupApi } from './backup';
import type { EnrolmentApi } from './enrolment';
import type { AppErrorData } from './errors';
import type {
  AuditEntry,
  ClassSummary,
  RosterImportResult,
  Session,
  SessionImage,
  Student,
} from './entities';
import type { CoreEvent, CoreStatus } from './events';
import type { ClassId, CropId, ImageId, SessionId, StudentId } from './ids';
import type { AddPhotosResult, FaceCrop, InferenceRuntimeInfo } from './photos';
import type { DiagnosticsApi } from './diagnostics';
import type { HistoryApi } from './history';
import type { ReviewApi } from './review';
import type { SettingsApi } from './settings';

export interface ClassesApi {
  listClasses(): Promise<ClassSummary[]>;
  getClass(classId: ClassId): Promise<ClassSummary>;
  createClass(name: string): Promise<ClassSummary>;
  renameClass(classId: ClassId, name: string): Promise<ClassSummary>;
  /** Removes the class and everything under it (students, sessions, photos, faces). */
  deleteClass(classId: ClassId): Promise<void>;
}

export interface StudentsApi {
  listStudents(classId: ClassId): Promise<Student[]>;
  addStudent(classId: ClassId, name: string): Promise<Student>;
  renameStudent(studentId: StudentId, name: string): Promise<Student>;
  deleteStudent(studentId: StudentId): Promise<void>;
  /** A CSV or plain-text file: one name per line, or a `name` column. All or nothing. */
  importRoster(
    classId: ClassId,
    file: { fileName: string; bytes: Uint8Array },
  ): Promise<RosterImportResult>;
}

export interface SessionInput {
  /** ISO 8601 date and time of the class meeting. */
  startsAt: string;
  title: string;
}

export interface SessionsApi {
  listSessions(classId: ClassId): Promise<Session[]>;
  getSession(sessionId: SessionId): Promise<Session>;
  createSession(classId: ClassId, input: SessionInput): Promise<Session>;
  updateSession(sessionId: SessionId, input: SessionInput): Promise<Session>;
  deleteSession(sessionId: SessionId): Promise<void>;
  listSessionImages(sessionId: SessionId): Promise<SessionImage[]>;
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
  listSessionFaces(sessionId: SessionId): Promise<FaceCrop[]>;
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

/** The seed's crop-level embedding endpoints. Without a model, each face's class model is used. */
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

/** The seed's cluster-crops endpoints (service parameters and call options together). */
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

/** The seed's assign-crops endpoints (service parameters and call options together). */
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

export interface AuditApi {
  listAudit(options: { classId?: ClassId; limit?: number }): Promise<AuditEntry[]>;
}

export interface SystemApi {
  /** Registers a listener for core events; returns once the current status has been sent. */
  subscribe(listener: (event: CoreEvent) => void): Promise<void>;
  getStatus(): Promise<CoreStatus>;
  /** Asks the tab that owns the database to hand it over to this one. */
  requestTakeover(): Promise<void>;
  /**
   * Photos whose processing stopped because their page unloaded (a reload, a closed tab), not
   * because they crashed it: they resume without counting a failed attempt.
   */
  notePhotosStoppedByUnload(imageIds: ImageId[]): Promise<void>;
  /** Erases every class, photo and face on this device. Works even when the data can't be opened. */
  deleteAllData(): Promise<void>;
  /** The page hands over its inference worker starter (see InferenceHost); called once. */
  attachInferenceHost(host: InferenceHost): Promise<void>;
}

export type CoreApi = ClassesApi &
  StudentsApi &
  SessionsApi &
  PhotosApi &
  EmbeddingsApi &
  ClusteringApi &
  AssignmentApi &
  ReviewApi &
  HistoryApi &
  EnrolmentApi &
  AttendanceApi &
  BackupApi &
  SettingsApi &
  DiagnosticsApi &
  AuditApi &
  SystemApi;
