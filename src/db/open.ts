import { PGlite, type Transaction } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';

export type Database = PGlite;
/** Anything that runs SQL: the database itself or an open transaction. */
export type Queryable = Pick<PGlite, 'query' | 'exec'> | Transaction;

/**
 * PGlite keeps the whole data directory in memory (loaded from IndexedDB at start) next to
 * Postgres's own buffers, and iPads struggle above a few hundred MB. Postgres's server defaults
 * double that memory: 128 MB of shared buffers caching files that are in memory already, and
 * up to 80 MB of recycled write-ahead log kept as files. A class's school year measured
 * (scripts/bench/school-year-size.ts) 221 MB of data directory and a 189 MB WebAssembly heap
 * with the defaults; these settings keep both small.
 */
const MEMORY_SETTINGS = [
  '-c',
  'shared_buffers=16MB',
  '-c',
  'min_wal_size=32MB',
  '-c',
  'max_wal_size=64MB',
];

/**
 * Opens PGlite with pgvector. `dataDir` is `idb://name` in the browser (persisted in IndexedDB)
 * and undefined in tests and the eval command (in memory).
 */
export async function openDatabase(dataDir?: string): Promise<Database> {
  // relaxedDurability false: a write has reached IndexedDB when its query resolves, so a
  // teacher closing the tab right after "Saved" loses nothing.
  const options = {
    extensions: { vector },
    relaxedDurability: false,
    startParams: [...PGlite.defaultStartParams, ...MEMORY_SETTINGS],
  };
  const db =
    dataDir === undefined ? await PGlite.create(options) : await PGlite.create(dataDir, options);
  return db;
}
