// Where the core applies a domain rule, a broken rule becomes the app's 'validation' AppError
// (same message and details), the error every core caller and the worker boundary know.
import { validationError } from '../../contracts/errors';
import { InvalidInputError } from '../../domain/errors';

/** Runs a domain function, turning its InvalidInputError into a 'validation' AppError. */
export function fromDomain<T>(rule: () => T): T {
  try {
    return rule();
  } catch (error) {
    if (error instanceof InvalidInputError) throw validationError(error.message, error.details);
    throw error;
  }
}
