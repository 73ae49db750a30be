import type { Query, QueryClient } from '@tanstack/react-query';
import { onCoreEvent } from '../../client/core-client';
import type { CoreEvent, TableName } from '../../contracts/events';

/** The only tables photo processing writes: claiming a photo, saving its faces, failing it. */
const PROCESSING_TABLES: ReadonlySet<TableName> = new Set([
  'session_images',
  'face_crops',
  'embeddings',
]);

/**
 * Processing counts as stopped once no photo has been in progress for this long (between two
 * photos of a batch the next one is claimed within moments, longer on a busy machine).
 */
const PROCESSING_IDLE_MS = 3000;

/**
 * A photo reported in progress that says nothing more for this long is no longer waited for (its
 * processing may have been stopped without a last report, e.g. by a hand-over to another tab).
 */
const PROCESSING_SILENT_MS = 30_000;

/**
 * While photos are processed, their writes refresh the other queries that read them (photo
 * statuses, the sheet) at most once a second, and less often as those reads get slower: each
 * reads the whole session so far, and the database they wait for is the one saving the photos.
 * The pause after a refresh is long enough that refreshing takes at most this share of the time
 * (a refresh of 50 ms: every second; of 300 ms: every 6 s), so a page left open on a long batch
 * costs it a bounded share, whatever the session's size.
 */
const PROCESSING_REFRESH_MIN_MS = 1000;
const PROCESSING_REFRESH_SHARE = 0.05;

/** Changes reported this soon after one of the page's own mutations settled are the teacher's. */
const MUTATION_ECHO_MS = 1000;

const reads = (query: Query, tables: ReadonlySet<TableName>) =>
  query.meta?.tables.some((table) => tables.has(table)) ?? false;

/**
 * The one place that listens to the core's change feed. A 'db-changed' event invalidates the
 * queries that read one of the changed tables; the database becoming ready (again, e.g. after
 * another tab handed it back) invalidates everything, as other tabs may have written meanwhile.
 *
 * While photos are being processed, changes shaped like processing's own writes refresh the
 * queries reading them at most once a second, less often as those reads get slower (not after
 * every photo, which would make each photo cost as much as the whole session so far), and queries marked `deferWhileProcessing`
 * (whole-session analyses: clustering, assignment dry runs) only once processing stops. Any other change (the teacher's: naming, confirming,
 * rejecting, overriding are audited, so they always touch other tables) and any mutation the
 * page makes refresh them at once. Returns the unsubscribe function.
 */
export function syncQueriesWithCore(queryClient: QueryClient): () => void {
  const inProgress = new Set<string>();
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let deferred = new Set<TableName>();
  let throttled = new Set<TableName>();
  let throttleTimer: ReturnType<typeof setTimeout> | undefined;
  let refreshGap = PROCESSING_REFRESH_MIN_MS;
  let lastMutationSettled = -Infinity;

  const processing = () => inProgress.size > 0 || idleTimer !== undefined;
  const refreshDeferred = () => {
    if (deferred.size === 0) return;
    const tables = deferred;
    deferred = new Set();
    void queryClient.invalidateQueries({
      predicate: (query) => query.meta?.deferWhileProcessing === true && reads(query, tables),
    });
  };

  /** Invalidates the queries reading `changed` (but the deferred analyses if `skipDeferred`). */
  const invalidate = (changed: ReadonlySet<TableName>, skipDeferred: boolean) => {
    const affected = (query: Query) =>
      reads(query, changed) && !(skipDeferred && query.meta?.deferWhileProcessing === true);
    const refreshed = queryClient.invalidateQueries({ predicate: affected });
    // A query still loading its first data may have read before this change, and TanStack Query
    // joins an invalidation to a first fetch under way rather than fetching again: start it again
    // (a notice of the change missed its first change this way).
    for (const query of queryClient.getQueryCache().findAll({ predicate: affected })) {
      if (query.state.data === undefined && query.state.fetchStatus === 'fetching') {
        // The query's own state carries the outcome to the screen; this promise only starts it
        // (and rejects with CancelledError when a later change restarts it again).
        void query
          .cancel({ revert: true })
          .then(() => query.fetch())
          .catch(() => undefined);
      }
    }
    return refreshed;
  };

  // Processing's writes held back for the next refresh (the deferred analyses wait longer: they
  // are in `deferred` too, refreshed once processing stops).
  const flushThrottled = () => {
    clearTimeout(throttleTimer);
    throttleTimer = undefined;
    if (throttled.size === 0) return;
    const tables = throttled;
    throttled = new Set();
    const started = performance.now();
    void invalidate(tables, true).then(() => {
      const took = performance.now() - started;
      refreshGap = Math.max(PROCESSING_REFRESH_MIN_MS, took / PROCESSING_REFRESH_SHARE);
    });
  };

  const onTablesChanged = (tables: readonly TableName[]) => {
    const changed = new Set(tables);
    const teacherChange =
      queryClient.isMutating() > 0 || performance.now() - lastMutationSettled < MUTATION_ECHO_MS;
    const defer =
      processing() && !teacherChange && tables.every((table) => PROCESSING_TABLES.has(table));
    if (!defer) {
      flushThrottled();
      void invalidate(changed, false);
      return;
    }
    for (const table of changed) {
      deferred.add(table);
      throttled.add(table);
    }
    throttleTimer ??= setTimeout(flushThrottled, refreshGap);
  };

  const stoppedProcessing = () => {
    clearTimeout(idleTimer);
    idleTimer = undefined;
    inProgress.clear();
    flushThrottled();
    refreshDeferred();
  };
  const onPhotoProgress = ({ imageId, stage }: { imageId: string; stage: string }) => {
    if (stage === 'done' || stage === 'failed') inProgress.delete(imageId);
    else inProgress.add(imageId);
    clearTimeout(idleTimer);
    // Between two photos of a batch nothing is in progress for a moment: wait a little before
    // calling processing stopped.
    idleTimer = setTimeout(
      stoppedProcessing,
      inProgress.size === 0 ? PROCESSING_IDLE_MS : PROCESSING_SILENT_MS,
    );
  };

  const stopListening = onCoreEvent((event: CoreEvent) => {
    if (event.type === 'db-changed') onTablesChanged(event.tables);
    else if (event.type === 'photo-progress') onPhotoProgress(event.progress);
    else if (event.type === 'status') {
      // Whatever was in progress stopped with the core (reload, hand-over); if it is ready
      // again, everything is read afresh anyway.
      clearTimeout(idleTimer);
      idleTimer = undefined;
      inProgress.clear();
      if (event.status.state === 'ready') {
        deferred = new Set();
        throttled = new Set();
        void queryClient.invalidateQueries();
      }
    }
  });
  // A change the teacher made through the page shows at once, processing or not.
  const stopWatchingMutations = queryClient.getMutationCache().subscribe((event) => {
    if (event.type === 'updated' && event.mutation.state.status !== 'pending') {
      lastMutationSettled = performance.now();
      flushThrottled();
      refreshDeferred();
    }
  });
  return () => {
    clearTimeout(throttleTimer);
    stopListening();
    stopWatchingMutations();
    clearTimeout(idleTimer);
  };
}
