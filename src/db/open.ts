import { PGlite, type Transaction } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';

export type Database = PGlite;
/** Anything that runs SQL: the database itself or an open transaction. */
export type Queryable = Pick<PGlite, 'query' | 'exec'> | Transaction;

/**
 * Opens PGlite with pgvector. `dataDir` is `idb://name` in the browser (persisted in IndexedDB)
 * and undefined in tests and the eval command (in memory).
 */
export async function openDatabase(dataDir?: string): Promise<Database> {
  // relaxedDurability false: a write has reached IndexedDB when its query resolves, so a
  // teacher closing the tab right after "Saved" loses nothing.
  const options = { extensions: { vector }, relaxedDurability: false };
  const db =
    dataDir === undefined ? await PGlite.create(options) : await PGlite.create(dataDir, options);
  return db;
}
