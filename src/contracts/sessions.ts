// A class's lessons (sessions): when they met, their title, their photos.
import type { Session, SessionImage } from './entities';
import type { ClassId, SessionId } from './ids';

export interface SessionInput {
  /** ISO 8601 date and time of the class meeting. */
  startsAt: string;
  title: string;
}

export interface SessionsApi {
  listSessions(classId: ClassId): Promise<Session[]>;
  getSession(sessionId: SessionId): Promise<Session>;
  createSession(classId: ClassId, input: SessionInput): Promise<Session>;
  updateSession(sessionId: SessionId, input: SessionInput): Promise<Session>;
  deleteSession(sessionId: SessionId): Promise<void>;
  listSessionImages(sessionId: SessionId): Promise<SessionImage[]>;
}
