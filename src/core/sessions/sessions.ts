// Sessions: one meeting of a class, with the photos taken there.
import type { SessionInput } from '../../contracts/sessions';
import type { Session, SessionImage } from '../../contracts/entities';
import { validationError } from '../../contracts/errors';
import type { ClassId, ImageId, SessionId } from '../../contracts/ids';
import type { Database, Queryable } from '../../db/open';
import { validateOptionalName } from '../../domain/names';
import { recordAudit } from '../history/audit';
import { withDbErrors } from '../shared/db-errors';
import {
  assertClassExists,
  assertSessionExists,
  classNotFound,
  sessionNotFound,
} from '../shared/not-found';
import { toIso } from '../shared/rows';
import { fromDomain } from '../shared/domain-errors';

export const MAX_TITLE_LENGTH = 200;

interface SessionRow {
  id: string;
  class_id: string;
  starts_at: Date;
  title: string;
  image_count: number;
  created_at: Date;
  updated_at: Date;
}

interface SessionImageRow {
  id: string;
  session_id: string;
  file_name: string;
  byte_size: number;
  content_hash: string;
  width: number | null;
  height: number | null;
  status: SessionImage['status'];
  failure_count: number;
  last_error: string | null;
  created_at: Date;
}

const SELECT_SESSION = `
  select s.id, s.class_id, s.starts_at, s.title, s.created_at, s.updated_at,
         (select count(*) from session_images i where i.session_id = s.id)::int as image_count
  from sessions s`;

function toSession(row: SessionRow): Session {
  return {
    id: row.id as SessionId,
    classId: row.class_id as ClassId,
    startsAt: toIso(row.starts_at),
    title: row.title,
    imageCount: row.image_count,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

function toSessionImage(row: SessionImageRow): SessionImage {
  return {
    id: row.id as ImageId,
    sessionId: row.session_id as SessionId,
    fileName: row.file_name,
    byteSize: row.byte_size,
    contentHash: row.content_hash,
    width: row.width,
    height: row.height,
    status: row.status,
    failureCount: row.failure_count,
    lastError: row.last_error,
    createdAt: toIso(row.created_at),
  };
}

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * An ISO 8601 date and time as a UTC ISO string. Without an offset it is local time (what a
 * `datetime-local` input gives), read in the time zone of the device, like the teacher means it.
 */
export function parseStartsAt(raw: string): string {
  const invalid = () =>
    validationError('The session needs a real date and time, like 2025-09-01 09:00.', {
      field: 'startsAt',
    });
  const match = ISO_DATE_TIME.exec(raw.trim());
  if (!match) throw invalid();
  const [year, month, day, hour, minute, second] = match
    .slice(1, 7)
    .map((part) => Number(part ?? 0));
  const fraction = match[7];
  const zone = match[8];
  if (year === undefined || month === undefined || day === undefined) throw invalid();
  if (hour === undefined || minute === undefined || second === undefined) throw invalid();
  const ms = Math.round(Number(`0.${fraction ?? '0'}`) * 1000);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const isValid =
    year >= 1900 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59;
  if (!isValid) throw invalid();
  let time: number;
  if (zone === undefined) {
    time = new Date(year, month - 1, day, hour, minute, second, ms).getTime();
  } else {
    const offset = /^z$/i.test(zone) ? 0 : zoneOffsetMinutes(zone);
    if (offset === null) throw invalid();
    time = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset * 60_000;
  }
  return new Date(time).toISOString();
}

function zoneOffsetMinutes(zone: string): number | null {
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || '0');
  if (hours > 23 || minutes > 59) return null;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

export function validateSessionInput(input: SessionInput): SessionInput {
  const startsAt = parseStartsAt(input.startsAt);
  const title = fromDomain(() =>
    validateOptionalName(input.title, 'session title', MAX_TITLE_LENGTH),
  );
  return { startsAt, title };
}

/** The class's sessions, newest first. */
export async function listSessions(db: Queryable, classId: ClassId): Promise<Session[]> {
  await assertClassExists(db, classId);
  const { rows } = await db.query<SessionRow>(
    `${SELECT_SESSION} where s.class_id = $1 order by s.starts_at desc, s.created_at desc, s.id`,
    [classId],
  );
  return rows.map(toSession);
}

export async function getSession(db: Queryable, sessionId: SessionId): Promise<Session> {
  const { rows } = await withDbErrors({ notFound: sessionNotFound }, () =>
    db.query<SessionRow>(`${SELECT_SESSION} where s.id = $1`, [sessionId]),
  );
  const row = rows[0];
  if (!row) throw sessionNotFound();
  return toSession(row);
}

const auditValue = (session: Session) => ({ startsAt: session.startsAt, title: session.title });

export async function createSession(
  db: Database,
  classId: ClassId,
  input: SessionInput,
): Promise<Session> {
  const { startsAt, title } = validateSessionInput(input);
  return withDbErrors({ notFound: classNotFound }, () =>
    db.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: SessionId }>(
        'insert into sessions (class_id, starts_at, title) values ($1, $2, $3) returning id',
        [classId, startsAt, title],
      );
      const session = await getSession(tx, rows[0]!.id);
      await recordAudit(tx, {
        classId,
        entity: 'session',
        entityId: session.id,
        action: 'created',
        oldValue: null,
        newValue: auditValue(session),
      });
      return session;
    }),
  );
}

export async function updateSession(
  db: Database,
  sessionId: SessionId,
  input: SessionInput,
): Promise<Session> {
  const { startsAt, title } = validateSessionInput(input);
  return withDbErrors({ notFound: sessionNotFound }, () =>
    db.transaction(async (tx) => {
      const before = await getSession(tx, sessionId);
      if (before.startsAt === startsAt && before.title === title) return before;
      await tx.query(
        'update sessions set starts_at = $2, title = $3, updated_at = now() where id = $1',
        [sessionId, startsAt, title],
      );
      const after = await getSession(tx, sessionId);
      await recordAudit(tx, {
        classId: before.classId,
        entity: 'session',
        entityId: sessionId,
        action: 'updated',
        oldValue: auditValue(before),
        newValue: auditValue(after),
      });
      return after;
    }),
  );
}

/** Removes the session with its photos, faces and attendance (the schema cascades). */
export async function deleteSession(db: Database, sessionId: SessionId): Promise<void> {
  await withDbErrors({ notFound: sessionNotFound }, () =>
    db.transaction(async (tx) => {
      const before = await getSession(tx, sessionId);
      await tx.query('delete from sessions where id = $1', [sessionId]);
      await recordAudit(tx, {
        classId: before.classId,
        entity: 'session',
        entityId: sessionId,
        action: 'deleted',
        oldValue: { ...auditValue(before), imageCount: before.imageCount },
        newValue: null,
      });
    }),
  );
}

/** The session's photos in the order they were added. */
export async function listSessionImages(
  db: Queryable,
  sessionId: SessionId,
): Promise<SessionImage[]> {
  await assertSessionExists(db, sessionId);
  const { rows } = await db.query<SessionImageRow>(
    `select id, session_id, file_name, byte_size, content_hash, width, height, status,
            failure_count, last_error, created_at
     from session_images where session_id = $1
     order by created_at, file_name, id`,
    [sessionId],
  );
  return rows.map(toSessionImage);
}
