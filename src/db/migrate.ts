import { AppError } from '../contracts/errors';
import type { Migration } from './migrations';
import type { Database, Queryable } from './open';

export interface MigrationOutcome {
  /** Versions applied by this call. */
  applied: number[];
  /** The schema version the database is at now. */
  version: number;
}

/** A database written by a newer Rollcall than this one: refuse rather than guess. */
export class NewerDatabaseError extends AppError {
  constructor(
    readonly databaseVersion: number,
    readonly appVersion: number,
  ) {
    super(
      'conflict',
      'The data on this device was saved by a newer version of Rollcall. Reload to get the newest version.',
      { reason: 'newer-database', databaseVersion, appVersion },
    );
  }
}

const CREATE_TABLE = `
  create table if not exists schema_migrations (
    version integer primary key,
    name text not null,
    checksum text not null,
    applied_at timestamptz not null default now()
  )`;

/**
 * Brings the schema up to date. Each migration runs in its own transaction together with the
 * row that records it, so a crash leaves the database at the last whole version.
 * Refuses (NewerDatabaseError) when the database has migrations this build does not know.
 */
export async function migrate(
  db: Database,
  migrations: readonly Migration[],
): Promise<MigrationOutcome> {
  await db.exec(CREATE_TABLE);
  const { rows } = await db.query<{ version: number; name: string; checksum: string }>(
    'select version, name, checksum from schema_migrations order by version',
  );
  const appVersion = migrations.length;
  const latestApplied = rows.at(-1)?.version ?? 0;
  if (latestApplied > appVersion) throw new NewerDatabaseError(latestApplied, appVersion);

  rows.forEach((row, i) => {
    const known = migrations[i];
    if (!known || known.version !== row.version || checksum(known.sql) !== row.checksum) {
      throw new AppError(
        'internal',
        'The data on this device does not match this version of Rollcall.',
        { reason: 'migration-mismatch', version: row.version, name: row.name },
      );
    }
  });

  const applied: number[] = [];
  for (const migration of migrations.slice(rows.length)) {
    await db.transaction((tx) => applyMigration(tx, migration));
    applied.push(migration.version);
  }
  return { applied, version: appVersion };
}

/**
 * Applies migrations inside the caller's transaction, to a database that has none of them yet
 * or exactly those before the first one given. A restore uses this so that rebuilding the
 * schema, loading the rows and migrating them forward is all one transaction.
 */
export async function applyMigrationsInTransaction(
  tx: Queryable,
  migrations: readonly Migration[],
): Promise<void> {
  await tx.exec(CREATE_TABLE);
  for (const migration of migrations) await applyMigration(tx, migration);
}

async function applyMigration(tx: Queryable, migration: Migration): Promise<void> {
  await tx.exec(migration.sql);
  await tx.query('insert into schema_migrations (version, name, checksum) values ($1, $2, $3)', [
    migration.version,
    migration.name,
    checksum(migration.sql),
  ]);
}

/** FNV-1a over the SQL text: enough to notice an applied migration that was edited afterwards. */
export function checksum(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}
