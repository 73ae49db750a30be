// The one error pure domain code throws: the input breaks a rule (a bad name, a parameter out of
// range). It carries the same code and details as the app's 'validation' AppError, so the core
// turns it into one where a domain rule is applied (src/core/shared/domain-errors.ts); the
// domain itself knows nothing of the worker boundary. A RangeError, since that is what it is for
// callers who use the domain directly (the card's ValueError).
export class InvalidInputError extends RangeError {
  override readonly name = 'InvalidInputError';
  readonly code = 'validation';
  readonly details: Record<string, unknown> | undefined;

  constructor(message: string, details?: Record<string, unknown>) {
    super(message);
    this.details = details;
  }
}

export const invalidInput = (message: string, details?: Record<string, unknown>) =>
  new InvalidInputError(message, details);
