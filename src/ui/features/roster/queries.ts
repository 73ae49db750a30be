import { queryOptions } from '@tanstack/react-query';
import { transfer } from 'comlink';
import type { ClassId, StudentId } from '../../../contracts/ids';
import { callCore } from '../../query/call-core';

export const studentKeys = {
  all: ['students'] as const,
  list: (classId: ClassId) => [...studentKeys.all, 'list', classId] as const,
};

export const studentQueries = {
  list: (classId: ClassId) =>
    queryOptions({
      queryKey: studentKeys.list(classId),
      queryFn: () => callCore((core) => core.listStudents(classId)),
      meta: { tables: ['students'] },
    }),
};

export const studentMutations = {
  add: (classId: ClassId, name: string) => callCore((core) => core.addStudent(classId, name)),
  rename: (studentId: StudentId, name: string) =>
    callCore((core) => core.renameStudent(studentId, name)),
  remove: (studentId: StudentId) => callCore((core) => core.deleteStudent(studentId)),
  importRoster: (classId: ClassId, file: File) =>
    callCore(async (core) => {
      const bytes = new Uint8Array(await file.arrayBuffer());
      return core.importRoster(classId, { fileName: file.name, bytes });
    }),
  /** Reference photos of one student ("roster with photos"); the bytes are moved, not copied. */
  enrolPhotos: (studentId: StudentId, files: readonly File[]) =>
    callCore(async (core) => {
      const payload = await Promise.all(
        files.map(async (file) => ({
          fileName: file.name,
          bytes: new Uint8Array(await file.arrayBuffer()),
        })),
      );
      const buffers = payload.map((file) => file.bytes.buffer);
      return core.enrolStudentPhotos(studentId, transfer(payload, buffers));
    }),
};
