// The attendance calls of the core API.
import type { AttendanceApi } from '../../contracts/attendance';
import type { CoreContext } from '../core-context';
import { exportClassCsv, exportSessionCsv } from './export';
import { clearAttendanceOverride, setAttendance } from './overrides';
import { improveClassRecognition, recogniseSession } from './recognise';
import { listReviewQueue } from './review-queue';
import { getClassAttendance, getSessionAttendance } from './sheet';

export function createAttendanceApi(context: CoreContext): AttendanceApi {
  const { db } = context;
  return {
    getSessionAttendance: (sessionId) => getSessionAttendance(db, sessionId),
    setAttendance: (sessionId, studentId, status) =>
      setAttendance(db, sessionId, studentId, status),
    clearAttendanceOverride: (sessionId, studentId) =>
      clearAttendanceOverride(db, sessionId, studentId),
    getClassAttendance: (classId) => getClassAttendance(db, classId),
    listReviewQueue: (sessionId) => listReviewQueue(context, sessionId),
    recogniseSession: (sessionId, parameters) => recogniseSession(context, sessionId, parameters),
    improveClassRecognition: (classId) => improveClassRecognition(context, classId),
    exportSessionCsv: (sessionId) => exportSessionCsv(db, sessionId),
    exportClassCsv: (classId) => exportClassCsv(db, classId),
  };
}
