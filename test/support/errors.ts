import { expect } from 'vitest';
import { AppError, type ErrorCode } from '../../src/contracts/errors';
import { InvalidInputError } from '../../src/domain/errors';

/** Awaits a promise that must reject with an AppError of this code, and returns the error. */
export async function expectAppError(
  promise: Promise<unknown>,
  code: ErrorCode,
): Promise<AppError> {
  let outcome: unknown;
  try {
    await promise;
  } catch (error) {
    outcome = error;
  }
  expect(outcome, 'expected the call to fail with an AppError').toBeInstanceOf(AppError);
  const error = outcome as AppError;
  expect(error.code, `error code of "${error.message}"`).toBe(code);
  return error;
}

/** The AppError a synchronous call throws (any other outcome fails the test). */
export function thrownAppError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

/** The InvalidInputError a synchronous domain call throws (any other outcome fails the test). */
export function thrownDomainError(fn: () => unknown): InvalidInputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidInputError) return error;
    throw error;
  }
  throw new Error('expected an InvalidInputError');
}
