// The attendance calls of the core API.
import type { AttendanceApi } from '../../contracts/attendance';
import type { CoreContext } from '../core-context';
import { exportClassCsv, exportSessionCsv } from './export';
import { clearAttendanceOverride, setAttendance } from './overrides';
import { recogniseSession } from './recognise';
import { listReviewQueue } from './review-queue';
import { getClassAttendance, getSessionAttendance } from './sheet';

export function createAttendanceApi({ db }: CoreContext): AttendanceApi {
  return {
    getSessionAttendance: (sessionId) => getSessionAttendance(db, sessionId),
    setAttendance: (sessionId, studentId, status) =>
      setAttendance(db, sessionId, studentId, status),
    clearAttendanceOverride: (sessionId, studentId) =>
      clearAttendanceOverride(db, sessionId, studentId),
    getClassAttendance: (classId) => getClassAttendance(db, classId),
    listReviewQueue: (sessionId) => listReviewQueue(db, sessionId),
    recogniseSession: (sessionId) => recogniseSession(db, sessionId),
    exportSessionCsv: (sessionId) => exportSessionCsv(db, sessionId),
    exportClassCsv: (classId) => exportClassCsv(db, classId),
  };
}
