// Attendance sheets, overrides, the review queue, the "Recognise students" workflow and exports.
// The sheet is computed on read from the session's faces, so it always follows corrections;
// only the teacher's overrides are stored (the rules: src/domain/attendance/status.ts).
import type { AssignmentStatus, AttendanceSource, AttendanceStatus } from './entities';
import type { ClassId, CropId, ImageId, SessionId, StudentId } from './ids';

/** The face that shows a student was there (confirmed first, then the most confident). */
export interface AttendanceEvidence {
  cropId: CropId;
  imageId: ImageId;
  assignmentStatus: AssignmentStatus;
  /** null for faces the teacher confirmed. */
  confidence: number | null;
}

export interface AttendanceEntry {
  studentId: StudentId;
  name: string;
  isAutoCreated: boolean;
  /** What the sheet says: the teacher's override when there is one, else what the faces say. */
  status: AttendanceStatus;
  source: AttendanceSource;
  /** What the faces alone say (shown next to an override). */
  automaticStatus: AttendanceStatus;
  evidence: AttendanceEvidence | null;
  /** The student's faces in this session's photos. */
  faceCount: number;
}

export interface AttendanceCounts {
  present: number;
  absent: number;
  uncertain: number;
}

export interface SessionAttendance {
  sessionId: SessionId;
  classId: ClassId;
  startsAt: string;
  title: string;
  /** Every student of the class, alphabetically. */
  entries: AttendanceEntry[];
  counts: AttendanceCounts;
  photoCount: number;
  /** Photos waiting or being processed: while > 0 the sheet is provisional. */
  photosProcessing: number;
  photosFailed: number;
  /** Faces with no student yet (not counting dismissed or low-quality ones). */
  unassignedFaces: number;
  /**
   * Open questions: people not yet named, one per question group with a face in this session's
   * photos ("3 people not yet named"). Never rows of the sheet, never counted in its totals.
   */
  openQuestions: number;
  /** Faces of the session's photos marked "low quality, not counted". */
  lowQualityFaces: number;
}

export interface ClassAttendanceSession {
  sessionId: SessionId;
  startsAt: string;
  title: string;
  /** Whether the session counts in the totals (see src/domain/attendance/status.ts). */
  taken: boolean;
}

export interface ClassAttendanceRow {
  studentId: StudentId;
  name: string;
  /** One per session, in the order of `sessions`; null where attendance was not taken. */
  statuses: (AttendanceStatus | null)[];
  present: number;
  /** Sessions taken. */
  sessions: number;
  /** present / sessions in [0, 100], or null when no session was taken. */
  percentage: number | null;
  /** The student's clearest face in the class, for the class page (null until one is known). */
  portraitCropId: CropId | null;
}

export interface ClassAttendance {
  classId: ClassId;
  className: string;
  /** Oldest first. */
  sessions: ClassAttendanceSession[];
  rows: ClassAttendanceRow[];
}

export interface ReviewQueueItem {
  cropId: CropId;
  imageId: ImageId;
  /** The face's student for a low-confidence automatic face; null when unassigned. */
  studentId: StudentId | null;
  assignmentStatus: AssignmentStatus;
  /** The student the face most likely is (its own for an automatic face), or null. */
  candidateId: StudentId | null;
  candidateName: string | null;
  /** In [0, 1]; the queue is ordered by it, least confident first. */
  confidence: number;
}

export type RecognisePath =
  /** The class had no identified faces: the faces were grouped into questions (new class). */
  | 'cluster'
  /** The class has known faces: faces were assigned to them; the rest grouped into questions. */
  | 'assign'
  /** The session has no faces waiting for a student. */
  | 'nothing-to-do';

export interface RecogniseResult {
  path: RecognisePath;
  facesAssigned: number;
  /** Faces that matched someone the teacher said is not in this class. */
  facesDismissed: number;
  /** Faces still unknown afterwards (they are in the questions). */
  facesLeftForReview: number;
  /** Question groups with a face in this session: "N people not yet named". */
  questions: number;
  /** Faces marked "low quality, not counted" in the session's photos. */
  lowQualityFaces: number;
  /** Photos not processed yet (their faces were not included). */
  photosProcessing: number;
}

/**
 * Explicit parameters for tools (the eval command, diagnostics). The app's button passes none:
 * the class's model and preset decide.
 */
export interface RecognitionParameters {
  k?: number;
  /** Assignment: minimum student score. */
  similarityThreshold?: number;
  minMargin?: number;
  useVoting?: boolean;
  /** Grouping of the unknown faces: similarity to join a group. */
  groupingThreshold?: number;
}

export interface ImproveRecognitionResult {
  /** Automatic decisions made again with the stricter parameters that still hold. */
  facesReassigned: number;
  /** Faces whose automatic decision did not hold: now questions. */
  facesNowQuestions: number;
  /** Question groups of the class afterwards. */
  questions: number;
}

export interface CsvFile {
  /** A suggested file name, e.g. "Physics attendance 2026-11-20.csv". */
  fileName: string;
  /** UTF-8 text starting with a byte order mark, CRLF line ends. */
  text: string;
}

export interface AttendanceApi {
  getSessionAttendance(sessionId: SessionId): Promise<SessionAttendance>;
  /** The teacher's override: wins over the faces until cleared; audited. */
  setAttendance(
    sessionId: SessionId,
    studentId: StudentId,
    status: AttendanceStatus,
  ): Promise<void>;
  /** Back to what the faces say; audited. */
  clearAttendanceOverride(sessionId: SessionId, studentId: StudentId): Promise<void>;
  getClassAttendance(classId: ClassId): Promise<ClassAttendance>;
  /** Unassigned and low-confidence faces of the session, least confident first. */
  listReviewQueue(sessionId: SessionId): Promise<ReviewQueueItem[]>;
  /**
   * The card's workflow for a session: assigns the known faces, dismisses faces of people the
   * teacher dismissed, groups the rest into questions. Never creates a student.
   */
  recogniseSession(
    sessionId: SessionId,
    parameters?: RecognitionParameters,
  ): Promise<RecogniseResult>;
  /**
   * Accuracy Improvement: re-examines every automatic decision of the class with stricter
   * parameters and re-forms its questions; the teacher's answers are kept.
   */
  improveClassRecognition(classId: ClassId): Promise<ImproveRecognitionResult>;
  exportSessionCsv(sessionId: SessionId): Promise<CsvFile>;
  exportClassCsv(classId: ClassId): Promise<CsvFile>;
}
