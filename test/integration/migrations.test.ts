import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/contracts/errors';
import { checksum, migrate, NewerDatabaseError } from '../../src/db/migrate';
import { bundledMigrations, type Migration } from '../../src/db/migrations';
import { openDatabase, type Database } from '../../src/db/open';
import { expectAppError } from '../support/errors';

// One database for the whole file, taken through the steps in order (PGlite boots slowly).
describe('migrate', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  const recorded = async () =>
    (
      await db.query<{ version: number; name: string; checksum: string }>(
        'select version, name, checksum from schema_migrations order by version',
      )
    ).rows;

  it('bundles the numbered SQL files, starting at 1', () => {
    expect(bundledMigrations.length).toBeGreaterThanOrEqual(1);
    expect(bundledMigrations.map((m) => m.version)).toEqual(bundledMigrations.map((_, i) => i + 1));
    expect(bundledMigrations[0]?.name).toBe('init');
  });

  it('applies every migration to an empty database and records each', async () => {
    const outcome = await migrate(db, bundledMigrations);
    expect(outcome.applied).toEqual(bundledMigrations.map((m) => m.version));
    expect(outcome.version).toBe(bundledMigrations.length);
    expect(await recorded()).toEqual(
      bundledMigrations.map((m) => ({
        version: m.version,
        name: m.name,
        checksum: checksum(m.sql),
      })),
    );
    const { rows } = await db.query<{ table_name: string }>(
      `select table_name from information_schema.tables
       where table_schema = 'public' order by table_name`,
    );
    expect(rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['classes', 'students', 'sessions', 'face_crops', 'audit_log']),
    );
  });

  it('has pgvector installed and working', async () => {
    const { rows } = await db.query<{ extname: string }>(
      "select extname from pg_extension where extname = 'vector'",
    );
    expect(rows).toHaveLength(1);
    const distance = await db.query<{ d: number }>(
      "select ('[1,0,0]'::vector <=> '[0,1,0]'::vector) as d",
    );
    expect(distance.rows[0]?.d).toBeCloseTo(1);
  });

  it('applies nothing when run again', async () => {
    const outcome = await migrate(db, bundledMigrations);
    expect(outcome.applied).toEqual([]);
    expect(outcome.version).toBe(bundledMigrations.length);
    expect(await recorded()).toHaveLength(bundledMigrations.length);
  });

  it('refuses a migration that was edited after it was applied', async () => {
    const edited = bundledMigrations.map((m, i) =>
      i === 0 ? { ...m, sql: `${m.sql}\n-- edited later` } : m,
    );
    const error = await expectAppError(migrate(db, edited), 'internal');
    expect(error).not.toBeInstanceOf(NewerDatabaseError);
    expect(error.details).toMatchObject({ reason: 'migration-mismatch', version: 1 });
  });

  it('rolls back a failing migration entirely and records nothing for it', async () => {
    const broken: Migration = {
      version: bundledMigrations.length + 1,
      name: 'broken',
      sql: 'create table half_done (id int); select 1 / 0;',
    };
    await expect(migrate(db, [...bundledMigrations, broken])).rejects.toThrow(/division by zero/);
    expect(await recorded()).toHaveLength(bundledMigrations.length);
    const { rows } = await db.query("select to_regclass('half_done') as t");
    expect(rows).toEqual([{ t: null }]);
  });

  it('applies a new migration on top and records it', async () => {
    const next: Migration = {
      version: bundledMigrations.length + 1,
      name: 'add_note',
      sql: 'create table migration_probe (id int);',
    };
    const outcome = await migrate(db, [...bundledMigrations, next]);
    expect(outcome.applied).toEqual([next.version]);
    // Undo it, so the database matches the bundled list again for the next test.
    await db.exec('drop table migration_probe');
    await db.query('delete from schema_migrations where version = $1', [next.version]);
  });

  it('refuses a database written by a newer Rollcall', async () => {
    const newer = bundledMigrations.length + 1;
    await db.query(
      "insert into schema_migrations (version, name, checksum) values ($1, 'from_the_future', 'x')",
      [newer],
    );
    const error = await expectAppError(migrate(db, bundledMigrations), 'conflict');
    expect(error).toBeInstanceOf(NewerDatabaseError);
    expect(error).toBeInstanceOf(AppError);
    expect((error as NewerDatabaseError).databaseVersion).toBe(newer);
    expect((error as NewerDatabaseError).appVersion).toBe(bundledMigrations.length);
    expect(await recorded()).toHaveLength(newer);
  });
});
