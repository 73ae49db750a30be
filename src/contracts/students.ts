// The class list's students: typed in, imported from a file, renamed, removed.
import type { RosterImportResult, Student } from './entities';
import type { ClassId, StudentId } from './ids';

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
