import { queryOptions } from '@tanstack/react-query';
import type { ClassId } from '../../../contracts/ids';
import type { ClassSettingsInput } from '../../../contracts/settings';
import { callCore } from '../../query/call-core';

export const settingsKeys = {
  all: ['settings'] as const,
  detail: (classId: ClassId) => [...settingsKeys.all, classId] as const,
};

export const settingsQueries = {
  /** The counts of faces still missing the class's model follow face_crops and embeddings. */
  detail: (classId: ClassId) =>
    queryOptions({
      queryKey: settingsKeys.detail(classId),
      queryFn: () => callCore((core) => core.getClassSettings(classId)),
      meta: { tables: ['classes', 'face_crops', 'embeddings'] },
    }),
};

export const settingsMutations = {
  update: (classId: ClassId, input: ClassSettingsInput) =>
    callCore((core) => core.updateClassSettings(classId, input)),
};
