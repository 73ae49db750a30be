// Plain data records that cross the worker boundary. Dates are ISO 8601 strings so they
// structured-clone and serialise the same everywhere.
import type { ClassId, CropId, ImageId, SessionId, StudentId } from './ids';

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

export const ASSIGNMENT_STATUSES = ['unassigned', 'auto', 'confirmed', 'rejected'] as const;
/** unassigned: no student yet; auto: a service proposed and committed it; confirmed: the
 * teacher said so; rejected: the teacher said this face is not a student of the class. */
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

export const ATTENDANCE_STATUSES = ['present', 'absent', 'uncertain'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];
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
