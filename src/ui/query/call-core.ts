import { getCore } from '../../client/core-client';
import type { CoreApi } from '../../contracts/api';
import { toAppError } from '../../contracts/errors';
import type { Remote } from 'comlink';

/**
 * Runs a core call and rethrows any failure as an AppError, so every query and mutation error
 * the UI sees has a code and a message written for the teacher.
 */
export async function callCore<T>(call: (core: Remote<CoreApi>) => Promise<T>): Promise<T> {
  try {
    return await call(getCore());
  } catch (error) {
    throw toAppError(error);
  }
}
