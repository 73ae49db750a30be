// The lesson (session) calls of the core API.
import type { SessionsApi } from '../../contracts/sessions';
import type { CoreContext } from '../core-context';
import { thenCollectPhotos } from '../photos/photos-api';
import {
  createSession,
  deleteSession,
  getSession,
  listSessionImages,
  listSessions,
  updateSession,
} from './sessions';

export function createSessionsApi(context: CoreContext): SessionsApi {
  const { db } = context;
  return {
    listSessions: (classId) => listSessions(db, classId),
    getSession: (sessionId) => getSession(db, sessionId),
    createSession: (classId, input) => createSession(db, classId, input),
    updateSession: (sessionId, input) => updateSession(db, sessionId, input),
    deleteSession: (sessionId) => thenCollectPhotos(context, deleteSession(db, sessionId)),
    listSessionImages: (sessionId) => listSessionImages(db, sessionId),
  };
}
