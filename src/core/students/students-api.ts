// The class list's calls of the core API.
import type { StudentsApi } from '../../contracts/students';
import type { CoreContext } from '../core-context';
import { thenCollectPhotos } from '../photos/photos-api';
import { addStudent, deleteStudent, importRoster, listStudents, renameStudent } from './students';

export function createStudentsApi(context: CoreContext): StudentsApi {
  const { db } = context;
  return {
    listStudents: (classId) => listStudents(db, classId),
    addStudent: (classId, name) => addStudent(db, classId, name),
    renameStudent: (studentId, name) => renameStudent(db, studentId, name),
    // A student's reference photos (enrolment) go with them.
    deleteStudent: (studentId) => thenCollectPhotos(context, deleteStudent(db, studentId)),
    importRoster: (classId, file) => importRoster(db, classId, file),
  };
}
