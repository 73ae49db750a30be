// The data half of CoreApi, bound to one open database. The core worker exposes this next to
// its SystemApi; every method is a service call, so the services stay testable without a worker.
import type { CoreApi, SystemApi } from '../contracts/api';
import type { Database } from '../db/open';
import { listAudit } from './services/audit';
import { createClass, deleteClass, getClass, listClasses, renameClass } from './services/classes';
import {
  createSession,
  deleteSession,
  getSession,
  listSessionImages,
  listSessions,
  updateSession,
} from './services/sessions';
import {
  addStudent,
  deleteStudent,
  importRoster,
  listStudents,
  renameStudent,
} from './services/students';

export type DataApi = Omit<CoreApi, keyof SystemApi>;

export function createDataApi(db: Database): DataApi {
  return {
    listClasses: () => listClasses(db),
    getClass: (classId) => getClass(db, classId),
    createClass: (name) => createClass(db, name),
    renameClass: (classId, name) => renameClass(db, classId, name),
    deleteClass: (classId) => deleteClass(db, classId),

    listStudents: (classId) => listStudents(db, classId),
    addStudent: (classId, name) => addStudent(db, classId, name),
    renameStudent: (studentId, name) => renameStudent(db, studentId, name),
    deleteStudent: (studentId) => deleteStudent(db, studentId),
    importRoster: (classId, file) => importRoster(db, classId, file),

    listSessions: (classId) => listSessions(db, classId),
    getSession: (sessionId) => getSession(db, sessionId),
    createSession: (classId, input) => createSession(db, classId, input),
    updateSession: (sessionId, input) => updateSession(db, sessionId, input),
    deleteSession: (sessionId) => deleteSession(db, sessionId),
    listSessionImages: (sessionId) => listSessionImages(db, sessionId),

    listAudit: (options) => listAudit(db, options),
  };
}
