import type { Remote } from 'comlink';
import type { CoreApi, SystemApi } from '../contracts/api';
import { AppError, conflictError, toAppError } from '../contracts/errors';
import type { CoreEvent, CoreStatus, UnsavedWork } from '../contracts/events';
import type { ImageId } from '../contracts/ids';
import type { InferenceHost } from '../contracts/inference';
import { NewerDatabaseError } from '../db/migrate';
import { bundledMigrations } from '../db/migrations';
import type { Database } from '../db/open';
import { watchTableChanges } from './change-feed';
import type { CoreContext } from './core-context';
import { createCore } from './create-core';
import { createInferenceClient } from './inference-client';
import { collectOrphanPhotos } from './photos/add-photos';
import { openPhotoStore } from './photos/photo-store';
import { deleteAllLocalData } from './local-data';
import { isReadOnlyCall, refusedWork, unsavedWork } from './hand-over';
import { openStore, type FirstOpenSource, type StoreLocation } from './open-store';
import { TabLock } from './tab-lock';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

function deferredValue<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

export const DATABASE: StoreLocation = {
  dataDir: 'idb://rollcall',
  indexedDbName: '/pglite/rollcall',
};

type DataApi = Omit<CoreApi, keyof SystemApi>;

/** A data call under way, so that a hand-over can wait for it and report how it ended. */
interface CallInFlight {
  method: string;
  args: readonly unknown[];
  done: Promise<unknown>;
}

/**
 * The core worker's state: the lock, the open database, the listeners. Data calls wait while
 * the database is opening and fail with a 'conflict' error unless this tab holds the lock and
 * is not handing it over. A hand-over lets the calls in flight settle, then closes the
 * database, and only then releases the lock: at no moment can two tabs write.
 */
export class CoreHost {
  private status: CoreStatus = { state: 'starting' };
  private readonly listeners = new Set<(event: CoreEvent) => void>();
  private db: Database | undefined;
  private dataApi: DataApi | undefined;
  private stopWatching: (() => Promise<void>) | undefined;
  private context: CoreContext | undefined;
  private readonly photos = openPhotoStore();
  /** The page's starter of the inference worker, handed over right after the core starts. */
  private readonly inferenceHost = deferredValue<Remote<InferenceHost>>();
  private readonly inference = createInferenceClient(() => this.inferenceHost.promise);
  private whenReady = deferred();
  /** The database being opened, which a hand-over must wait for before it can close it. */
  private opening: Promise<void> | undefined;
  /** Aborted when a hand-over begins: new calls are refused, work that can stop stops. */
  private handOver = new AbortController();
  private readonly inFlight = new Set<CallInFlight>();
  private readonly stoppedByUnload = new Set<ImageId>();
  private readonly lock = new TabLock({
    onAcquired: () => this.open(),
    onWaiting: () => {
      if (this.status.state !== 'handed-over') this.setStatus({ state: 'waiting-for-other-tab' });
    },
    onHandOver: () => this.handOverToOtherTab(),
  });

  /** `firstOpen`: the build's pre-initialised database, for a profile that has none yet. */
  constructor(private readonly firstOpen?: FirstOpenSource) {}

  start(): void {
    void this.lock.start().catch((error: unknown) => this.fail(error));
  }

  readonly systemApi: SystemApi = {
    subscribe: (listener) => {
      this.listeners.add(listener);
      listener({ type: 'status', status: this.status });
      return Promise.resolve();
    },
    getStatus: () => Promise.resolve(this.status),
    requestTakeover: () => {
      this.lock.requestTakeover();
      return Promise.resolve();
    },
    attachInferenceHost: (host) => {
      this.inferenceHost.resolve(host as unknown as Remote<InferenceHost>);
      return Promise.resolve();
    },
    notePhotosStoppedByUnload: (imageIds) => {
      for (const id of imageIds) this.stoppedByUnload.add(id);
      return Promise.resolve();
    },
    deleteAllData: async () => {
      // Deleting the stores under another tab's open database would corrupt it.
      if (!this.lock.holds) throw this.notHere();
      // A database still opening (e.g. just after a reload) holds its IndexedDB store open:
      // deleting under it would wait forever. Let it finish, then close it.
      await this.opening;
      // Another tab may have asked for the records while they were opening.
      if (!this.lock.holds || this.handOver.signal.aborted) throw this.notHere();
      // Calls made meanwhile wait for the fresh database instead of failing.
      this.setStatus({ state: 'starting' });
      await this.close(() => ({ state: 'starting' }));
      await deleteAllLocalData();
      // Reopen a fresh, empty database if this tab is still the owner.
      if (this.lock.holds) await this.open();
    },
  };

  /**
   * Runs one data call on the open database, waiting for it while it opens. The hand-over
   * waits for the calls in flight; a write refused because the records have gone to another
   * tab is added to the hand-over report, so this tab never claims it was saved.
   */
  async call(method: string, args: readonly unknown[]): Promise<unknown> {
    let data: DataApi;
    try {
      data = await this.data();
    } catch (error) {
      this.noteRefused(method, args);
      throw error;
    }
    const fn = (data as unknown as Record<string, unknown>)[method];
    if (typeof fn !== 'function') throw new AppError('internal', `Unknown core call: ${method}`);
    const done = Promise.resolve().then(() =>
      (fn as (...a: unknown[]) => Promise<unknown>).apply(data, [...args]),
    );
    const call: CallInFlight = { method, args, done };
    this.inFlight.add(call);
    try {
      return await done;
    } finally {
      this.inFlight.delete(call);
    }
  }

  /** The data API of the open database, waiting for it while it opens. */
  private async data(): Promise<DataApi> {
    if (this.status.state === 'starting') await this.whenReady.promise;
    const mayWrite = this.lock.holds && !this.handOver.signal.aborted;
    if (this.status.state === 'ready' && this.dataApi && mayWrite) return this.dataApi;
    throw this.notHere();
  }

  private notHere(): AppError {
    return conflictError(
      'Rollcall is open in another tab or window. Switch to it, or choose “Use Rollcall here”.',
      { status: this.status.state },
    );
  }

  private noteRefused(method: string, args: readonly unknown[]): void {
    if (isReadOnlyCall(method)) return;
    if (!this.handOver.signal.aborted) return;
    this.unsaved.push(refusedWork(method, args));
    if (this.status.state === 'handed-over')
      this.setStatus({ state: 'handed-over', unsaved: [...this.unsaved] });
  }

  /** What the current (or last) hand-over did not let finish. */
  private unsaved: UnsavedWork[] = [];

  private open(): Promise<void> {
    this.opening = this.openDatabase().finally(() => (this.opening = undefined));
    return this.opening;
  }

  private async openDatabase(): Promise<void> {
    this.handOver = new AbortController();
    this.unsaved = [];
    this.setStatus({ state: 'starting' });
    try {
      const { db, outcome } = await openStore(DATABASE, bundledMigrations, this.firstOpen);
      try {
        this.stopWatching = await watchTableChanges(db, (tables) =>
          this.emit({ type: 'db-changed', tables }),
        );
        this.db = db;
        const core = createCore(
          { db, photos: this.photos, inference: this.inference, handOver: this.handOver.signal },
          {
            onProgress: (progress) => this.emit({ type: 'photo-progress', progress }),
            stoppedByUnload: (imageId) => this.stoppedByUnload.delete(imageId),
          },
        );
        const processor = core.context.processor;
        this.context = core.context;
        this.dataApi = core.api;
        // Another tab asked for the records while they were opening: the hand-over closes
        // them as soon as this returns; this tab never becomes ready and never writes.
        if (this.handOver.signal.aborted) return;
        this.setStatus({ state: 'ready', migrations: outcome.version });
        // Resume photos left unprocessed by a reload or crash; drop bytes of deleted photos.
        void collectOrphanPhotos(db, this.photos).catch((e: unknown) =>
          console.warn('photo cleanup failed', e),
        );
        void processor.kick();
      } catch (error) {
        await this.stopWatching?.().catch(() => undefined);
        this.stopWatching = undefined;
        this.db = undefined;
        this.dataApi = undefined;
        this.context = undefined;
        await db.close();
        throw error;
      }
    } catch (error) {
      this.fail(error);
    }
  }

  /**
   * Another tab takes over. New calls are refused at once; the database, even one still
   * opening, is closed only after every call in flight has settled; the lock is released
   * (by TabLock) only after that.
   */
  private async handOverToOtherTab(): Promise<void> {
    this.handOver.abort();
    await this.opening;
    while (this.inFlight.size > 0) {
      const calls = [...this.inFlight];
      const outcomes = await Promise.allSettled(calls.map((call) => call.done));
      outcomes.forEach((outcome, i) => {
        const call = calls[i];
        if (outcome.status === 'rejected' && call && !isReadOnlyCall(call.method))
          this.unsaved.push(unsavedWork(call.method, call.args, outcome.reason));
      });
    }
    await this.close(() => ({ state: 'handed-over', unsaved: [...this.unsaved] }));
  }

  /** Closes the database, then reports `next()`: the status as it stands once closed. */
  private async close(next: () => CoreStatus): Promise<void> {
    const db = this.db;
    const processor = this.context?.processor;
    this.db = undefined;
    this.dataApi = undefined;
    this.context = undefined;
    await processor?.stop();
    await this.stopWatching?.();
    this.stopWatching = undefined;
    if (db && !db.closed) await db.close();
    this.setStatus(next());
  }

  private fail(error: unknown): void {
    if (error instanceof NewerDatabaseError) {
      this.setStatus({
        state: 'newer-database',
        databaseVersion: error.databaseVersion,
        appVersion: error.appVersion,
      });
      return;
    }
    const appError = toAppError(error);
    if (!(error instanceof AppError)) console.error('Rollcall core failed to start', error);
    this.setStatus({ state: 'failed', code: appError.code, message: appError.message });
  }

  private setStatus(status: CoreStatus): void {
    const wasStarting = this.status.state === 'starting';
    this.status = status;
    if (status.state === 'starting') {
      // Calls made before the lock was acquired already wait on the current promise: keep it.
      if (!wasStarting) this.whenReady = deferred();
    } else {
      this.whenReady.resolve();
    }
    this.emit({ type: 'status', status });
  }

  private emit(event: CoreEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A listener whose tab went away must not stop the others.
        this.listeners.delete(listener);
      }
    }
  }
}
