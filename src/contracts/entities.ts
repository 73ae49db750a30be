// Plain data records that cross the worker boundary. Dates are ISO 8601 strings so they
// structured-clone and serialise the same everywhere.
import type { ClassId, CropId, ImageId, SessionId, StudentId } from './ids';
import type { AssignmentStatus, AttendanceStatus } from '../domain/attendance/status';

export interface ClassSummary {
  id: ClassId;
  name: string;
  studentCount: number;
  sessionCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface Student {
  id: StudentId;
  classId: ClassId;
  name: string;
  /** Created by clustering rather than typed in by the teacher. */
  isAutoCreated: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Session {
  id: SessionId;
  classId: ClassId;
  /** When the class met, ISO 8601. */
  startsAt: string;
  title: string;
  imageCount: number;
  createdAt: string;
  updatedAt: string;
}

export const IMAGE_STATUSES = ['pending', 'processing', 'done', 'failed'] as const;
export type ImageStatus = (typeof IMAGE_STATUSES)[number];

export interface SessionImage {
  id: ImageId;
  sessionId: SessionId;
  fileName: string;
  byteSize: number;
  contentHash: string;
  width: number | null;
  height: number | null;
  status: ImageStatus;
  failureCount: number;
  lastError: string | null;
  createdAt: string;
}

// The statuses are the domain's words (src/domain/attendance/status.ts).
export type { AssignmentStatus, AttendanceStatus };

/** Every attendance status, in the order the UI offers them (the record makes it every one). */
export const ATTENDANCE_STATUSES = Object.keys({
  present: true,
  absent: true,
  uncertain: true,
} satisfies Record<AttendanceStatus, true>) as AttendanceStatus[];
export type AttendanceSource = 'auto' | 'manual';

export interface AuditEntry {
  id: number;
  classId: ClassId | null;
  entity: 'class' | 'student' | 'session' | 'image' | 'face_crop' | 'attendance';
  entityId: string;
  action: string;
  oldValue: unknown;
  newValue: unknown;
  createdAt: string;
}

export interface RosterImportResult {
  added: Student[];
  /** Names already on the roster, left as they were. */
  alreadyOnRoster: string[];
  /** Names that appeared more than once in the file; each was added once. */
  repeatedInFile: string[];
}

export type CropRef = { id: CropId; imageId: ImageId };
