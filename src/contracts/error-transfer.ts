import { transferHandlers } from 'comlink';
import { AppError, isAppErrorData, toAppError } from './errors';

const APP_ERROR_MARKER = '__rollcallAppError';

/**
 * comlink keeps only name/message/stack of a thrown Error. Both sides of every worker boundary
 * call this once so that the code and details survive: the sender turns any thrown value into
 * AppErrorData and the receiver throws a real AppError again.
 */
export function registerErrorTransfer(): void {
  const original = transferHandlers.get('throw');
  if (!original || (original as { [APP_ERROR_MARKER]?: true })[APP_ERROR_MARKER]) return;
  const handler = {
    [APP_ERROR_MARKER]: true as const,
    canHandle: (value: unknown): value is unknown => original.canHandle(value),
    serialize(thrown: unknown): [unknown, Transferable[]] {
      const { value } = thrown as { value: unknown };
      return [{ [APP_ERROR_MARKER]: toAppError(value).toData() }, []];
    },
    deserialize(serialized: unknown): never {
      const data = (serialized as Record<string, unknown> | null)?.[APP_ERROR_MARKER];
      if (isAppErrorData(data)) throw AppError.fromData(data);
      return original.deserialize(serialized) as never;
    },
  };
  transferHandlers.set('throw', handler);
}
