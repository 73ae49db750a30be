import { expect } from 'vitest';
import { AppError, type ErrorCode } from '../../src/contracts/errors';

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
