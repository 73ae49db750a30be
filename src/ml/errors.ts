// Failures of the face pipeline, with stable codes the inference worker can map onto the app's
// error contract. "No face found" is not an error: it is an empty result.

export type MlErrorCode =
  | 'model-unavailable' // the registry knows the model but its file is not shipped (yet)
  | 'model-load-failed' // the runtime could not load or fetch the model file
  | 'model-integrity' // the model file's SHA-256 is not the pinned one: refused
  | 'unsupported-image' // empty, corrupt or absurdly sized pixels
  | 'cancelled'; // the caller's AbortSignal fired

export class MlError extends Error {
  override readonly name = 'MlError';
  readonly code: MlErrorCode;

  constructor(code: MlErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export function isMlError(value: unknown): value is MlError {
  return value instanceof MlError;
}

/** Throws a 'cancelled' MlError when `signal` has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new MlError('cancelled', 'The face analysis was cancelled.');
}
