import type { QueryClient } from '@tanstack/react-query';
import { onCoreEvent } from '../../client/core-client';
import type { TableName } from '../../contracts/events';

/**
 * The one place that listens to the core's change feed. A 'db-changed' event invalidates the
 * queries that read one of the changed tables; the database becoming ready (again, e.g. after
 * another tab handed it back) invalidates everything, as other tabs may have written meanwhile.
 * Returns the unsubscribe function.
 */
export function syncQueriesWithCore(queryClient: QueryClient): () => void {
  return onCoreEvent((event) => {
    if (event.type === 'db-changed') {
      const changed = new Set<TableName>(event.tables);
      void queryClient.invalidateQueries({
        predicate: (query) => query.meta?.tables.some((table) => changed.has(table)) ?? false,
      });
    } else if (event.type === 'status' && event.status.state === 'ready') {
      void queryClient.invalidateQueries();
    }
  });
}
