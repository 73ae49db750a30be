// A real in-memory PGlite with pgvector, migrated from zero, shared by the tests of one file
// (booting PGlite takes a few seconds) and emptied before each test.
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { TABLES } from '../../src/contracts/events';
import { checkConsistency } from '../../src/db/consistency';
import { migrate } from '../../src/db/migrate';
import { bundledMigrations } from '../../src/db/migrations';
import { openDatabase, type Database, type Queryable } from '../../src/db/open';

export async function openMigratedDatabase(): Promise<Database> {
  const db = await openDatabase();
  await migrate(db, bundledMigrations);
  return db;
}

/** Empties every domain table. Truncating classes cascades to all tables below a class. */
export async function resetDatabase(db: Queryable): Promise<void> {
  await db.exec('truncate classes, audit_log restart identity cascade');
}

/**
 * Opens one database for the file (closed after it) and resets it before each test. After each
 * test the database must pass the consistency check (src/db/consistency.ts), whatever the test
 * did to it.
 * Returns a getter, since the database exists only once beforeAll has run.
 */
export function useTestDatabase(): () => Database {
  let db: Database | undefined;
  beforeAll(async () => {
    db = await openMigratedDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(async () => {
    if (db) await resetDatabase(db);
  });
  afterEach(async () => {
    if (db && !db.closed) expect(await checkConsistency(db), 'database consistency').toEqual([]);
  });
  return () => {
    if (!db) throw new Error('The test database is not open yet');
    return db;
  };
}

/** Every table under the domain (the change feed's list). */
export const DOMAIN_TABLES = TABLES;
export type DomainTable = (typeof DOMAIN_TABLES)[number];

export async function countRows(
  db: Queryable,
  table: DomainTable,
  where = 'true',
  params: unknown[] = [],
): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `select count(*)::int as n from ${table} where ${where}`,
    params,
  );
  return rows[0]?.n ?? 0;
}

/** Row counts of every domain table, to show that a failed action changed nothing. */
export async function countAll(db: Queryable): Promise<Record<DomainTable, number>> {
  const counts = {} as Record<DomainTable, number>;
  for (const table of DOMAIN_TABLES) counts[table] = await countRows(db, table);
  return counts;
}
