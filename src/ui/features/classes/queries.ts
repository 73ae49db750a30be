import { queryOptions } from '@tanstack/react-query';
import type { ClassId } from '../../../contracts/ids';
import { callCore } from '../../query/call-core';

// Class summaries carry student and session counts, so they read those tables too.
const CLASS_TABLES = ['classes', 'students', 'sessions'] as const;

export const classKeys = {
  all: ['classes'] as const,
  list: () => [...classKeys.all, 'list'] as const,
  detail: (classId: ClassId) => [...classKeys.all, 'detail', classId] as const,
};

export const classQueries = {
  list: () =>
    queryOptions({
      queryKey: classKeys.list(),
      queryFn: () => callCore((core) => core.listClasses()),
      meta: { tables: CLASS_TABLES },
    }),
  detail: (classId: ClassId) =>
    queryOptions({
      queryKey: classKeys.detail(classId),
      queryFn: () => callCore((core) => core.getClass(classId)),
      meta: { tables: CLASS_TABLES },
    }),
};

export const classMutations = {
  create: (name: string) => callCore((core) => core.createClass(name)),
  rename: (classId: ClassId, name: string) => callCore((core) => core.renameClass(classId, name)),
  remove: (classId: ClassId) => callCore((core) => core.deleteClass(classId)),
};
