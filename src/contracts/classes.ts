// The class list's calls: a teacher's classes, each with its students and lessons.
import type { ClassSummary } from './entities';
import type { ClassId } from './ids';

export interface ClassesApi {
  listClasses(): Promise<ClassSummary[]>;
  getClass(classId: ClassId): Promise<ClassSummary>;
  createClass(name: string): Promise<ClassSummary>;
  renameClass(classId: ClassId, name: string): Promise<ClassSummary>;
  /** Removes the class and everything under it (students, sessions, photos, faces). */
  deleteClass(classId: ClassId): Promise<void>;
}
