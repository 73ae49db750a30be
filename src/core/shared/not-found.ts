// "It is gone" in plain words, and the checks that raise it. Shared by the services so a list
// of a deleted class fails the same way as a rename of it.
import { notFoundError } from '../../contracts/errors';
import type { ClassId, SessionId } from '../../contracts/ids';
import type { Queryable } from '../../db/open';
import { withDbErrors } from './db-errors';

const GONE = 'It may have been deleted in another tab.';

export const classNotFound = () =>
  notFoundError(`This class no longer exists. ${GONE}`, { entity: 'class' });
export const studentNotFound = () =>
  notFoundError(`This student no longer exists. ${GONE}`, { entity: 'student' });
export const sessionNotFound = () =>
  notFoundError(`This session no longer exists. ${GONE}`, { entity: 'session' });

export async function assertClassExists(db: Queryable, classId: ClassId): Promise<void> {
  const { rows } = await withDbErrors({ notFound: classNotFound }, () =>
    db.query('select 1 from classes where id = $1', [classId]),
  );
  if (rows.length === 0) throw classNotFound();
}

export async function assertSessionExists(db: Queryable, sessionId: SessionId): Promise<void> {
  const { rows } = await withDbErrors({ notFound: sessionNotFound }, () =>
    db.query('select 1 from sessions where id = $1', [sessionId]),
  );
  if (rows.length === 0) throw sessionNotFound();
}
