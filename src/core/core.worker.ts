// Entry point of the core worker: the only code that opens the database. The UI reaches it
// through the comlink API exposed here (src/client/core-client.ts wraps it).
import { expose } from 'comlink';
import type { CoreApi } from '../contracts/api';
import { AppError } from '../contracts/errors';
import { registerErrorTransfer } from '../contracts/error-transfer';
import databaseSnapshot from 'virtual:database-snapshot';
import { CoreHost } from './core-host';

registerErrorTransfer();

const host = new CoreHost({
  snapshot: databaseSnapshot,
  baseUrl: new URL(import.meta.env.BASE_URL, self.location.origin).href,
});

/**
 * System calls go to the host; every other method is forwarded to the data API of the open
 * database. Unexpected errors are logged here, where the stack is still useful.
 */
const api = new Proxy({} as CoreApi, {
  get(_target, key) {
    if (typeof key !== 'string') return undefined;
    // The system API's members are arrow functions: no `this` to lose.
    const system = host.systemApi as unknown as Partial<Record<string, unknown>>;
    if (key in system) return system[key];
    return async (...args: unknown[]) => {
      try {
        return await host.call(key, args);
      } catch (error) {
        if (!(error instanceof AppError)) console.error(`core: ${key} failed`, error);
        throw error;
      }
    };
  },
});

expose(api);
host.start();
