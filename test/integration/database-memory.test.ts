// The Postgres settings that keep PGlite small in memory (src/db/open.ts): in force for new
// databases and for databases made before them (16 MB log segments), whose rows they keep.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, releaseWriteAheadLog, type Database } from '../../src/db/open';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function settings(db: Database) {
  const { rows } = await db.query<{ name: string; setting: string; unit: string | null }>(
    `select name, setting, unit from pg_settings
     where name in ('shared_buffers', 'min_wal_size', 'max_wal_size', 'wal_recycle', 'wal_segment_size')`,
  );
  return Object.fromEntries(rows.map((r) => [r.name, `${r.setting}${r.unit ?? ''}`]));
}

describe('the database memory settings', () => {
  it('hold for a new database, with 1 MB log segments', { timeout: 180_000 }, async () => {
    const db = await openDatabase();
    try {
      expect(await settings(db)).toEqual({
        shared_buffers: '20488kB', // 2048 pages of 8 kB: 16 MB
        min_wal_size: '32MB',
        max_wal_size: '32MB',
        wal_recycle: 'off',
        wal_segment_size: '1048576B',
      });
    } finally {
      await db.close();
    }
  });

  it(
    'open a database made with the defaults (16 MB segments) and keep its rows',
    { timeout: 300_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'rollcall-db-'));
      dirs.push(dir);
      const before = await PGlite.create(dir, { extensions: { vector } });
      await before.exec(
        "create extension vector; create table t (v vector(3)); insert into t values ('[1,2,3]');",
      );
      await before.close();

      const db = await openDatabase(dir);
      try {
        expect(await settings(db)).toMatchObject({
          shared_buffers: '20488kB',
          max_wal_size: '32MB',
          wal_segment_size: '16777216B',
        });
        expect((await db.query<{ v: string }>('select v::text from t')).rows).toEqual([
          { v: '[1,2,3]' },
        ]);
        await db.exec("insert into t values ('[4,5,6]')");
        await releaseWriteAheadLog(db);
      } finally {
        await db.close();
      }
      const again = await openDatabase(dir);
      try {
        expect((await again.query('select * from t')).rows).toHaveLength(2);
      } finally {
        await again.close();
      }
    },
  );
});
