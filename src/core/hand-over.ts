// What a hand-over to another tab does to the work this tab has under way. The rule: the
// database is let go only once every call in flight has settled. Most calls simply finish (a
// batch of photos is stored whole); a long one that would rather stop than keep the other tab
// waiting (a restore) stops without changing anything. Whatever did not finish is reported to the
// teacher in the tab that handed over, in plain words, instead of "everything is saved".
import { AppError, toAppError } from '../contracts/errors';
import type { UnsavedWork } from '../contracts/events';

/** The error of work that stopped because another tab took over, having changed nothing. */
export function stoppedByHandOver(message: string): AppError {
  return new AppError('cancelled', message, { reason: 'hand-over' });
}

export function isStoppedByHandOver(error: unknown): boolean {
  return error instanceof AppError && error.details?.['reason'] === 'hand-over';
}

/** Calls that only read: refusing or losing one loses nothing the teacher did. */
export function isReadOnlyCall(method: string): boolean {
  return /^(get|list|check|export|compare|inspect|verify)[A-Z]/.test(method);
}

/** What a write call was doing, in the teacher's words. */
export function describeCall(method: string, args: readonly unknown[]): string {
  const count = Array.isArray(args[1]) ? args[1].length : 0;
  const photos = `${count} photo${count === 1 ? '' : 's'}`;
  switch (method) {
    case 'addPhotos':
      return `Adding ${photos}`;
    case 'enrolStudentPhotos':
      return `Adding ${photos} of a student`;
    case 'restoreBackup':
      return 'Restoring the backup';
    case 'importRoster':
      return 'Importing the roster';
    case 'createClass':
      return 'Creating a class';
    case 'addStudent':
      return 'Adding a student';
    case 'createSession':
      return 'Creating a session';
    default:
      return 'A change made as Rollcall was opened in the other tab';
  }
}

/** A write call that did not finish, for the hand-over report. */
export function unsavedWork(method: string, args: readonly unknown[], error: unknown): UnsavedWork {
  const outcome = isStoppedByHandOver(error)
    ? toAppError(error).message
    : `Not saved: ${toAppError(error).message}`;
  return { what: describeCall(method, args), outcome };
}

/** A write call refused because this tab no longer has the records. */
export function refusedWork(method: string, args: readonly unknown[]): UnsavedWork {
  return {
    what: describeCall(method, args),
    outcome:
      'Not done: Rollcall had just been opened in the other tab, so nothing was changed. Do it again there.',
  };
}
