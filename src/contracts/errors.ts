/**
 * Every failure that crosses the worker boundary carries one of these codes.
 * The card's Python error kinds map onto them: ValueError -> 'validation',
 * FileNotFoundError -> 'not-found', RuntimeError -> 'internal' (or a more specific code).
 */
export const ERROR_CODES = [
  'validation', // the input is wrong: empty or duplicate name, unreadable file...
  'not-found', // the thing acted on does not exist (any more)
  'conflict', // the action clashes with the current state (e.g. another tab holds the data)
  'storage', // the browser's storage failed or is full
  'internal', // a bug or an unexpected failure
  'unsupported-image', // a file that is not a photo Rollcall can read
  'model-load-failed', // a face model could not be loaded or run on this device
  'cancelled', // the teacher stopped the work
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppErrorData {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/** An error with a stable code and a message written for the teacher, not for a developer. */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.code = code;
    this.details = details;
  }

  toData(): AppErrorData {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static fromData(data: AppErrorData): AppError {
    return new AppError(data.code, data.message, data.details);
  }
}

export const validationError = (message: string, details?: Record<string, unknown>) =>
  new AppError('validation', message, details);
export const notFoundError = (message: string, details?: Record<string, unknown>) =>
  new AppError('not-found', message, details);
export const conflictError = (message: string, details?: Record<string, unknown>) =>
  new AppError('conflict', message, details);

/**
 * The browser's "storage is full" failure: IndexedDB (the photo store, and PGlite's own
 * persistence) rejects a write with a DOMException named QuotaExceededError, or aborts its
 * transaction with one.
 */
export function isQuotaError(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    'name' in value &&
    value.name === 'QuotaExceededError'
  );
}

export const STORAGE_FULL_MESSAGE =
  'This device is out of storage space, so nothing was saved. Free up some space (delete old sessions or other files on this device) and try again.';

export const storageFullError = (cause?: string) =>
  new AppError('storage', STORAGE_FULL_MESSAGE, cause === undefined ? undefined : { cause });

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** Any thrown value as an AppError; unknown failures become 'internal'. */
export function toAppError(value: unknown): AppError {
  if (value instanceof AppError) return value;
  if (isAppErrorData(value)) return AppError.fromData(value);
  const detail = value instanceof Error ? value.message : String(value);
  if (isQuotaError(value)) return storageFullError(detail);
  return new AppError('internal', 'Something went wrong inside Rollcall.', { cause: detail });
}

export function isAppErrorData(value: unknown): value is AppErrorData {
  return (
    typeof value === 'object' &&
    value !== null &&
    'code' in value &&
    'message' in value &&
    typeof value.message === 'string' &&
    ERROR_CODES.includes(value.code as ErrorCode)
  );
}
