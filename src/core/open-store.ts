// Opens this browser's database and brings its schema up to date. A profile that has no
// database yet starts from the build's pre-initialised one (src/db/database-snapshot.ts) instead
// of running initdb, which took most of a first open's 8-10 s. If the snapshot cannot be had, is
// not exactly this build's, or does not open and migrate, the half-made store is deleted and the
// database is made with initdb as before: a first open may be slower, never broken.
import { migrate, type MigrationOutcome } from '../db/migrate';
import type { Migration } from '../db/migrations';
import { openDatabase, type Database, type OpenOptions } from '../db/open';
import { fetchSnapshot, type SnapshotDescriptor } from '../db/database-snapshot';
import { deleteIndexedDb } from './local-data';

export interface StoreLocation {
  /** PGlite's data directory, `idb://name`. */
  dataDir: string;
  /** The IndexedDB database PGlite keeps it in (`/pglite/name`). */
  indexedDbName: string;
}

export interface FirstOpenSource {
  snapshot: SnapshotDescriptor;
  /** What the snapshot's path is relative to: the app's base URL. */
  baseUrl: string;
}

export interface OpenedStore {
  db: Database;
  outcome: MigrationOutcome;
}

export async function openStore(
  store: StoreLocation,
  migrations: readonly Migration[],
  firstOpen?: FirstOpenSource,
): Promise<OpenedStore> {
  const isNew = !(await indexedDbExists(store.indexedDbName));
  if (isNew && firstOpen) {
    const initialData = await fetchSnapshot(firstOpen.snapshot, firstOpen.baseUrl);
    if (initialData) {
      try {
        return await openMigrated(store.dataDir, migrations, { initialData });
      } catch (error) {
        console.warn(
          'Rollcall: the pre-initialised database did not open; making a new one',
          error,
        );
        await deleteIndexedDb(store.indexedDbName);
      }
    }
  }
  return openMigrated(store.dataDir, migrations);
}

async function openMigrated(
  dataDir: string,
  migrations: readonly Migration[],
  options?: OpenOptions,
): Promise<OpenedStore> {
  const db = await openDatabase(dataDir, options);
  try {
    return { db, outcome: await migrate(db, migrations) };
  } catch (error) {
    await db.close();
    throw error;
  }
}

/**
 * Whether the store exists. Where the browser cannot list its databases (older engines) it
 * counts as existing: PGlite then decides, and runs initdb itself if there is nothing.
 */
async function indexedDbExists(name: string): Promise<boolean> {
  if (typeof indexedDB.databases !== 'function') return true;
  const databases = await indexedDB.databases();
  return databases.some((info) => info.name === name);
}
