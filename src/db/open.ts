import { PGlite, type Transaction } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';

export type Database = PGlite;
/** Anything that runs SQL: the database itself or an open transaction. */
export type Queryable = Pick<PGlite, 'query' | 'exec'> | Transaction;

/**
 * Postgres settings that keep PGlite small in memory: it holds its whole data directory in
 * memory (the browser loads it from IndexedDB at start) next to its WebAssembly heap, and an
 * iPad's Safari struggles above a few hundred MB (issue 11). A class's school year (15,000
 * faces, `scripts/bench/school-year-size.ts`) measured 222 MB of data directory (112 MB of it
 * write-ahead log) and a 189 MB heap with the defaults; 125 MB and 128 MB with these.
 */
const MEMORY_SETTINGS = [
  // Default 128MB, a second in-memory copy of data files that are in memory already. 128 MB of
  // heap is PGlite's floor anyway (its WebAssembly module asks for no less).
  'shared_buffers=16MB',
  // The write-ahead log: Postgres keeps up to max_wal_size (default 1 GB) between checkpoints
  // and recycles old segment files up to min_wal_size (default 80 MB) instead of removing them.
  // 32MB is the least it accepts with the 16 MB segments of databases made before.
  'min_wal_size=32MB',
  'max_wal_size=32MB',
  'wal_recycle=off',
];

/** New databases get 1 MB log segments (the size is fixed when a database is made). */
const NEW_DATABASE_SETTINGS = ['--wal-segsize=1'];

export interface OpenOptions {
  /**
   * A data directory to start from instead of running initdb (PGlite's `loadDataDir`): the
   * build's pre-initialised database (database-snapshot.ts), as an uncompressed tar. Only for a
   * store that does not exist yet: PGlite refuses it over an existing database.
   */
  initialData?: Blob;
}

/**
 * Opens PGlite with pgvector. `dataDir` is `idb://name` in the browser (persisted in IndexedDB)
 * and undefined in tests and the eval command (in memory).
 */
export async function openDatabase(dataDir?: string, open: OpenOptions = {}): Promise<Database> {
  // relaxedDurability false: a write has reached IndexedDB when its query resolves, so a
  // teacher closing the tab right after "Saved" loses nothing.
  const options = {
    extensions: { vector },
    relaxedDurability: false,
    startParams: [...PGlite.defaultStartParams, ...MEMORY_SETTINGS.flatMap((s) => ['-c', s])],
    initDbStartParams: NEW_DATABASE_SETTINGS,
    ...(open.initialData ? { loadDataDir: open.initialData } : {}),
  };
  const db =
    dataDir === undefined ? await PGlite.create(options) : await PGlite.create(dataDir, options);
  return db;
}

/**
 * After many writes at once (a restore): a checkpoint lets Postgres remove the log those writes
 * left, instead of keeping it in memory until the next checkpoint.
 */
export async function releaseWriteAheadLog(db: Database): Promise<void> {
  await db.exec('checkpoint');
}
