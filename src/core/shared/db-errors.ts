// The one place where Postgres error codes become the typed errors the UI understands.
// Services wrap their work in withDbErrors and say what "not found" means for them; nothing
// else inspects database errors or their messages.
import { conflictError, validationError, type AppError } from '../../contracts/errors';

export interface DbErrorContext {
  /** The error for an id that does not exist, is not even a valid id, or whose parent is gone. */
  notFound: () => AppError;
  /** The name being written, for "there is already a … called …" messages. */
  name?: string;
}

interface PostgresError {
  code: string;
  constraint?: string | undefined;
}

// SQLSTATE codes, see https://www.postgresql.org/docs/current/errcodes-appendix.html
const INVALID_TEXT_REPRESENTATION = '22P02';
const FOREIGN_KEY_VIOLATION = '23503';
const UNIQUE_VIOLATION = '23505';

function asPostgresError(error: unknown): PostgresError | null {
  if (!(error instanceof Error) || !('code' in error) || typeof error.code !== 'string') {
    return null;
  }
  const constraint = 'constraint' in error ? error.constraint : undefined;
  return { code: error.code, constraint: typeof constraint === 'string' ? constraint : undefined };
}

/** Unique indexes whose violation is the teacher's mistake, worded for the teacher. */
const DUPLICATE_MESSAGES: Record<string, (name: string) => string> = {
  classes_name_key: (name) => `There is already a class called “${name}”.`,
  students_class_name_key: (name) => `There is already a student called “${name}” in this class.`,
};

/** The typed error for a thrown value; anything that is not a known database error is returned as is. */
export function translateDbError(error: unknown, context: DbErrorContext): unknown {
  const pg = asPostgresError(error);
  if (!pg) return error;
  switch (pg.code) {
    // Ids are UUIDs; a string that is not one names nothing that exists.
    case INVALID_TEXT_REPRESENTATION:
      return context.notFound();
    // Inserting under a parent that is gone (deleted in another tab, or never existed).
    case FOREIGN_KEY_VIOLATION:
      return context.notFound();
    case UNIQUE_VIOLATION: {
      const message = pg.constraint ? DUPLICATE_MESSAGES[pg.constraint] : undefined;
      if (message && context.name !== undefined) {
        return validationError(message(context.name), { field: 'name', reason: 'duplicate' });
      }
      return conflictError('This already exists.', { constraint: pg.constraint });
    }
    default:
      return error;
  }
}

/** Runs database work, turning known database errors into typed errors. */
export async function withDbErrors<T>(context: DbErrorContext, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw translateDbError(error, context);
  }
}
