// Type-safe TanStack Query metadata: every query says which tables it reads, so a change to
// one of them (reported by the core worker) marks exactly those queries stale.
import type { AppError } from '../../contracts/errors';
import type { TableName } from '../../contracts/events';

export interface RollcallQueryMeta extends Record<string, unknown> {
  tables: readonly TableName[];
  /**
   * A whole-session analysis (clustering, assignment dry run): while photos are processed it is
   * refreshed once processing stops, not after every photo (see core-sync.ts).
   */
  deferWhileProcessing?: boolean;
}

declare module '@tanstack/react-query' {
  interface Register {
    queryMeta: RollcallQueryMeta;
    defaultError: AppError;
  }
}
