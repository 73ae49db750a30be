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
  /** Faces with no student yet (not counting those marked "not a student"). */
  unassignedFaces: number;
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
  /** The class had no identified faces: the session's faces were clustered into new students. */
  | 'cluster'
  /** The class has known students: faces were assigned to them; the rest wait for review. */
  | 'assign'
  /** The session has no faces waiting for a student. */
  | 'nothing-to-do';

export interface RecogniseResult {
  path: RecognisePath;
  studentsCreated: { id: StudentId; name: string }[];
  facesAssigned: number;
  /** Faces still without a student afterwards: the review queue. */
  facesLeftForReview: number;
  /** Photos not processed yet (their faces were not included). */
  photosProcessing: number;
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
  /** The seed's workflow for a session: clusters a new class, assigns in a known one. */
  recogniseSession(sessionId: SessionId): Promise<RecogniseResult>;
  exportSessionCsv(sessionId: SessionId): Promise<CsvFile>;
  exportClassCsv(classId: ClassId): Promise<CsvFile>;
}
