import type { CoreApi, SystemApi } from '../contracts/api';
import { AppError, conflictError, toAppError } from '../contracts/errors';
import type { CoreEvent, CoreStatus } from '../contracts/events';
import { migrate, NewerDatabaseError } from '../db/migrate';
import { bundledMigrations } from '../db/migrations';
import { openDatabase, type Database } from '../db/open';
import { watchTableChanges } from './change-feed';
import type { CoreContext } from './core-context';
import { createCore } from './create-core';
import { createInferenceClient } from './inference-client';
import { collectOrphanPhotos } from './photos/add-photos';
import { openPhotoStore } from './photos/photo-store';
import { deleteAllLocalData } from './local-data';
import { TabLock } from './tab-lock';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

export const DATABASE_DIR = 'idb://rollcall';

type DataApi = Omit<CoreApi, keyof SystemApi>;

/**
 * The core worker's state: the lock, the open database, the listeners. Data calls wait while
 * the database is opening and fail with a 'conflict' error while another tab owns it.
 */
export class CoreHost {
  private status: CoreStatus = { state: 'starting' };
  private readonly listeners = new Set<(event: CoreEvent) => void>();
  private db: Database | undefined;
  private dataApi: DataApi | undefined;
  private stopWatching: (() => Promise<void>) | undefined;
  private context: CoreContext | undefined;
  private readonly photos = openPhotoStore();
  private readonly inference = createInferenceClient();
  private whenReady = deferred();
  private readonly lock = new TabLock({
    onAcquired: () => this.open(),
    onWaiting: () => {
      if (this.status.state !== 'handed-over') this.setStatus({ state: 'waiting-for-other-tab' });
    },
    onHandOver: () => this.close({ state: 'handed-over' }),
  });

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
    deleteAllData: async () => {
      await this.close({ state: 'starting' });
      await deleteAllLocalData();
      // Reopen a fresh, empty database if this tab is the owner.
      if (this.ownsLock) await this.open();
    },
  };

  /** The data API of the open database, waiting for it while it opens. */
  async data(): Promise<DataApi> {
    if (this.status.state === 'starting') await this.whenReady.promise;
    if (this.status.state === 'ready' && this.dataApi) return this.dataApi;
    throw conflictError(
      'Rollcall is open in another tab or window. Switch to it, or choose “Use Rollcall here”.',
      { status: this.status.state },
    );
  }

  private ownsLock = false;

  private async open(): Promise<void> {
    this.ownsLock = true;
    this.setStatus({ state: 'starting' });
    try {
      const db = await openDatabase(DATABASE_DIR);
      try {
        const outcome = await migrate(db, bundledMigrations);
        this.stopWatching = await watchTableChanges(db, (tables) =>
          this.emit({ type: 'db-changed', tables }),
        );
        this.db = db;
        const core = createCore(
          { db, photos: this.photos, inference: this.inference },
          { onProgress: (progress) => this.emit({ type: 'photo-progress', progress }) },
        );
        const processor = core.context.processor;
        this.context = core.context;
        this.dataApi = core.api;
        this.setStatus({ state: 'ready', migrations: outcome.version });
        // Resume photos left unprocessed by a reload or crash; drop bytes of deleted photos.
        void collectOrphanPhotos(db, this.photos).catch((e: unknown) =>
          console.warn('photo cleanup failed', e),
        );
        void processor.kick();
      } catch (error) {
        await db.close();
        throw error;
      }
    } catch (error) {
      this.fail(error);
    }
  }

  private async close(next: CoreStatus): Promise<void> {
    this.ownsLock = next.state !== 'handed-over' && this.ownsLock;
    const db = this.db;
    const processor = this.context?.processor;
    this.db = undefined;
    this.dataApi = undefined;
    this.context = undefined;
    await processor?.stop();
    this.setStatus(next);
    await this.stopWatching?.();
    this.stopWatching = undefined;
    if (db && !db.closed) await db.close();
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
