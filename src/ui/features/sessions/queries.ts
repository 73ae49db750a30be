import { queryOptions } from '@tanstack/react-query';
import type { SessionInput } from '../../../contracts/sessions';
import type { ClassId, SessionId } from '../../../contracts/ids';
import { callCore } from '../../query/call-core';

// A session carries its photo count, so session queries read session_images too.
const SESSION_TABLES = ['sessions', 'session_images'] as const;

export const sessionKeys = {
  all: ['sessions'] as const,
  list: (classId: ClassId) => [...sessionKeys.all, 'list', classId] as const,
  detail: (sessionId: SessionId) => [...sessionKeys.all, 'detail', sessionId] as const,
  images: (sessionId: SessionId) => [...sessionKeys.all, 'images', sessionId] as const,
};

export const sessionQueries = {
  list: (classId: ClassId) =>
    queryOptions({
      queryKey: sessionKeys.list(classId),
      queryFn: () => callCore((core) => core.listSessions(classId)),
      meta: { tables: SESSION_TABLES },
    }),
  detail: (sessionId: SessionId) =>
    queryOptions({
      queryKey: sessionKeys.detail(sessionId),
      queryFn: () => callCore((core) => core.getSession(sessionId)),
      meta: { tables: SESSION_TABLES },
    }),
  images: (sessionId: SessionId) =>
    queryOptions({
      queryKey: sessionKeys.images(sessionId),
      queryFn: () => callCore((core) => core.listSessionImages(sessionId)),
      meta: { tables: ['session_images'] },
    }),
};

export const sessionMutations = {
  create: (classId: ClassId, input: SessionInput) =>
    callCore((core) => core.createSession(classId, input)),
  update: (sessionId: SessionId, input: SessionInput) =>
    callCore((core) => core.updateSession(sessionId, input)),
  remove: (sessionId: SessionId) => callCore((core) => core.deleteSession(sessionId)),
};
