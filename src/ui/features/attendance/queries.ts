import { queryOptions } from '@tanstack/react-query';
import type { CsvFile } from '../../../contracts/attendance';
import type { AttendanceStatus } from '../../../contracts/entities';
import type { ClassId, SessionId, StudentId } from '../../../contracts/ids';
import { callCore } from '../../query/call-core';
import { saveFile } from '../../save-file';

export const attendanceKeys = {
  all: ['attendance'] as const,
  session: (sessionId: SessionId) => [...attendanceKeys.all, 'session', sessionId] as const,
  classOverview: (classId: ClassId) => [...attendanceKeys.all, 'class', classId] as const,
};

// A sheet follows the faces, the roster, the photos, the overrides and the open questions.
const SHEET_TABLES = [
  'attendance',
  'face_crops',
  'students',
  'session_images',
  'sessions',
  'face_groups',
] as const;

export const attendanceQueries = {
  session: (sessionId: SessionId) =>
    queryOptions({
      queryKey: attendanceKeys.session(sessionId),
      queryFn: () => callCore((core) => core.getSessionAttendance(sessionId)),
      meta: { tables: SHEET_TABLES },
    }),
  classOverview: (classId: ClassId) =>
    queryOptions({
      queryKey: attendanceKeys.classOverview(classId),
      queryFn: () => callCore((core) => core.getClassAttendance(classId)),
      meta: { tables: [...SHEET_TABLES, 'classes'] },
    }),
};

export const attendanceMutations = {
  /** null goes back to what the photos say. */
  set: (sessionId: SessionId, studentId: StudentId, status: AttendanceStatus | null) =>
    callCore((core) =>
      status === null
        ? core.clearAttendanceOverride(sessionId, studentId)
        : core.setAttendance(sessionId, studentId, status),
    ),
  recognise: (sessionId: SessionId) => callCore((core) => core.recogniseSession(sessionId)),
  exportSession: (sessionId: SessionId) => callCore((core) => core.exportSessionCsv(sessionId)),
  exportClass: (classId: ClassId) => callCore((core) => core.exportClassCsv(classId)),
};

/** Downloads a CSV the core made (UTF-8; the core adds the byte order mark for Excel). */
export function downloadCsv(file: CsvFile): void {
  saveFile(new Blob([file.text], { type: 'text/csv;charset=utf-8' }), file.fileName);
}
