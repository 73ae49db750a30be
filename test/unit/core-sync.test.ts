// The change feed's invalidation rules, with a real QueryClient; the core worker's event stream
// (the edge) is replaced by a list of listeners the test calls.
import { QueryObserver, type QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CoreEvent, TableName } from '../../src/contracts/events';
import type { ImageId, SessionId } from '../../src/contracts/ids';

const listeners = new Set<(event: CoreEvent) => void>();
vi.mock('../../src/client/core-client', () => ({
  onCoreEvent: (listener: (event: CoreEvent) => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
}));
const { syncQueriesWithCore } = await import('../../src/ui/query/core-sync');
const { createQueryClient } = await import('../../src/ui/query/query-client');

const emit = (event: CoreEvent) => listeners.forEach((listener) => listener(event));
const changed = (...tables: TableName[]) => emit({ type: 'db-changed', tables });
const progress = (imageId: string, stage: 'detecting' | 'done') =>
  emit({
    type: 'photo-progress',
    progress: {
      sessionId: 's1' as SessionId,
      imageId: imageId as ImageId,
      stage,
      completed: 0,
      total: 0,
    },
  });

describe('syncQueriesWithCore', () => {
  let client: QueryClient;
  let stop: () => void;
  const isInvalidated = (key: string) => client.getQueryState([key])?.isInvalidated ?? false;

  beforeEach(async () => {
    vi.useFakeTimers();
    client = createQueryClient();
    stop = syncQueriesWithCore(client);
    // Two cached queries, as a session page has them: a plain list and a whole-session analysis.
    await client.prefetchQuery({
      queryKey: ['faces'],
      queryFn: () => 1,
      meta: { tables: ['face_crops'] },
    });
    await client.prefetchQuery({
      queryKey: ['review'],
      queryFn: () => 1,
      meta: { tables: ['face_crops', 'students'], deferWhileProcessing: true },
    });
  });
  afterEach(() => {
    stop();
    vi.useRealTimers();
  });

  it('starts again a first load under way when a table it reads changes (it may have read before)', async () => {
    let value = 'before';
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const reads: string[] = [];
    const observer = new QueryObserver(client, {
      queryKey: ['history'],
      queryFn: async () => {
        const read = value;
        reads.push(read);
        if (reads.length === 1) await gate;
        return read;
      },
      meta: { tables: ['audit_log'] },
    });
    const unsubscribe = observer.subscribe(() => undefined);
    await vi.advanceTimersByTimeAsync(0);
    expect(reads).toEqual(['before']);
    value = 'after';
    changed('audit_log');
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(client.getQueryData(['history'])).toBe('after');
    unsubscribe();
  });

  it('invalidates every query that reads a changed table when nothing is being processed', () => {
    changed('face_crops', 'embeddings');
    expect(isInvalidated('faces')).toBe(true);
    expect(isInvalidated('review')).toBe(true);
  });

  it('defers whole-session analyses while photos are processed, until processing stops', () => {
    progress('photo-1', 'detecting');
    changed('face_crops', 'embeddings', 'session_images');
    vi.advanceTimersByTime(1_000);
    expect(isInvalidated('faces')).toBe(true);
    expect(isInvalidated('review')).toBe(false);

    // Between two photos of the batch: still processing.
    progress('photo-1', 'done');
    vi.advanceTimersByTime(500);
    progress('photo-2', 'detecting');
    vi.advanceTimersByTime(10_000);
    expect(isInvalidated('review')).toBe(false);

    progress('photo-2', 'done');
    vi.advanceTimersByTime(2_900);
    expect(isInvalidated('review')).toBe(false);
    vi.advanceTimersByTime(200);
    expect(isInvalidated('review')).toBe(true);
  });

  it('refreshes the other queries at most once a second while photos are processed', async () => {
    progress('photo-1', 'detecting');
    changed('face_crops', 'embeddings');
    expect(isInvalidated('faces')).toBe(false);
    vi.advanceTimersByTime(999);
    expect(isInvalidated('faces')).toBe(false);
    vi.advanceTimersByTime(1);
    expect(isInvalidated('faces')).toBe(true);
    // The next photo's writes, in the same second as the refresh: one refresh a second later.
    await client.refetchQueries({ queryKey: ['faces'] });
    progress('photo-1', 'done');
    progress('photo-2', 'detecting');
    changed('session_images');
    changed('face_crops', 'embeddings');
    vi.advanceTimersByTime(500);
    expect(isInvalidated('faces')).toBe(false);
    vi.advanceTimersByTime(500);
    expect(isInvalidated('faces')).toBe(true);
  });

  it('refreshes less often while photos are processed as the refreshes take longer', async () => {
    // A session page's photo list that takes 400 ms to read again (a long session, a busy
    // database).
    let readMs = 0;
    const observer = new QueryObserver(client, {
      queryKey: ['photos'],
      queryFn: () => new Promise((resolve) => setTimeout(() => resolve(readMs), readMs)),
      meta: { tables: ['session_images'] },
    });
    const unsubscribe = observer.subscribe(() => undefined);
    await vi.advanceTimersByTimeAsync(0);
    readMs = 400;
    progress('photo-1', 'detecting');
    changed('session_images');
    await vi.advanceTimersByTimeAsync(1_000 + 400); // refreshed after a second, in 400 ms
    expect(client.getQueryState(['photos'])?.isInvalidated).toBe(false);
    changed('session_images');
    // Refreshing may take 5% of the time: the next one after 400 / 0.05 = 8 s.
    await vi.advanceTimersByTimeAsync(7_900);
    expect(client.getQueryState(['photos'])?.isInvalidated).toBe(false);
    await vi.advanceTimersByTimeAsync(100);
    expect(client.getQueryState(['photos'])?.isInvalidated).toBe(true);
    unsubscribe();
  });

  it('stops waiting for a photo that goes silent (processing stopped without a last report)', () => {
    progress('photo-1', 'detecting');
    changed('face_crops', 'embeddings');
    vi.advanceTimersByTime(29_000);
    expect(isInvalidated('review')).toBe(false);
    vi.advanceTimersByTime(1_000);
    expect(isInvalidated('review')).toBe(true);
  });

  it('forgets photos in progress when the core stops (hand-over, reload)', () => {
    progress('photo-1', 'detecting');
    emit({ type: 'status', status: { state: 'handed-over', unsaved: [] } });
    changed('face_crops');
    expect(isInvalidated('review')).toBe(true);
  });

  it('shows the teacher’s changes at once, even while photos are processed', () => {
    progress('photo-1', 'detecting');
    // Naming, confirming, rejecting: audited, so other tables change with the faces.
    changed('face_crops', 'audit_log');
    expect(isInvalidated('review')).toBe(true);
  });

  it('shows the result of a mutation of the page at once, even while photos are processed', async () => {
    progress('photo-1', 'detecting');
    changed('face_crops');
    expect(isInvalidated('review')).toBe(false);
    await client
      .getMutationCache()
      .build(client, { mutationFn: () => Promise.resolve('recognised') })
      .execute(undefined);
    expect(isInvalidated('review')).toBe(true);
    // The change feed's report of the mutation's own writes, arriving just after, is not deferred.
    await client.refetchQueries({ queryKey: ['review'] });
    changed('face_crops');
    expect(isInvalidated('review')).toBe(true);
  });
});
