// The pre-initialised database a fresh profile starts from (src/db/database-snapshot.ts) must be
// exactly what the migrations make, hold no data, and never be loaded when damaged or stale.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SNAPSHOT_FILE } from '../../scripts/db/database-snapshot-plugin';
import {
  fetchSnapshot,
  makeDatabaseSnapshot,
  type SnapshotDescriptor,
} from '../../src/db/database-snapshot';
import { migrate } from '../../src/db/migrate';
import { bundledMigrations } from '../../src/db/migrations';
import { openDatabase, type Database } from '../../src/db/open';
import { parseMigrations } from '../../src/db/parse-migrations';
import { openMigratedDatabase } from '../support/db';

/** Everything in the schema a migration can make, in a comparable form. */
async function describeSchema(db: Database): Promise<Record<string, unknown[]>> {
  const rows = async (sql: string) => (await db.query(sql)).rows;
  return {
    columns: await rows(`
      select table_name, column_name, data_type, udt_name, is_nullable, column_default,
             is_identity, character_maximum_length
      from information_schema.columns where table_schema = 'public'
      order by table_name, column_name`),
    constraints: await rows(`
      select conrelid::regclass::text as rel, conname, pg_get_constraintdef(oid) as def
      from pg_constraint where connamespace = 'public'::regnamespace order by rel, conname`),
    indexes: await rows(`
      select tablename, indexname, indexdef from pg_indexes where schemaname = 'public'
      order by tablename, indexname`),
    triggers: await rows(`
      select tgrelid::regclass::text as rel, tgname, pg_get_triggerdef(oid) as def
      from pg_trigger where not tgisinternal order by rel, tgname`),
    functions: await rows(`
      select proname, pg_get_functiondef(oid) as def from pg_proc
      where pronamespace = 'public'::regnamespace and prokind = 'f'
      order by proname, def`),
    views: await rows(`
      select table_name, view_definition from information_schema.views
      where table_schema = 'public' order by table_name`),
    sequences: await rows(`
      select sequence_name, data_type, start_value, increment from information_schema.sequences
      where sequence_schema = 'public' order by sequence_name`),
    extensions: await rows('select extname, extversion from pg_extension order by extname'),
    migrations: await rows(
      'select version, name, checksum from schema_migrations order by version',
    ),
    settings: await rows(`
      select name, setting from pg_settings
      where name in ('wal_segment_size', 'server_encoding', 'lc_collate', 'lc_ctype', 'TimeZone')
      order by name`),
  };
}

const tarOf = (gzip: Uint8Array) => new Uint8Array(gunzipSync(gzip));
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('the pre-initialised database', () => {
  let gzip: Uint8Array;
  let fromSnapshot: Database;
  let migrated: Database;

  beforeAll(async () => {
    gzip = await makeDatabaseSnapshot(bundledMigrations);
    fromSnapshot = await openDatabase(undefined, {
      initialData: new Blob([tarOf(gzip)], { type: 'application/x-tar' }),
    });
    migrated = await openMigratedDatabase();
    // Three PGlite boots (the snapshot's own, then two): slow on a loaded machine.
  }, 180_000);
  afterAll(async () => {
    await fromSnapshot?.close();
    await migrated?.close();
  });

  it('has exactly the schema the migrations make', async () => {
    const expected = await describeSchema(migrated);
    expect(expected['columns']?.length).toBeGreaterThan(20);
    expect(await describeSchema(fromSnapshot)).toEqual(expected);
  });

  it('is up to date: the migrations run on it apply nothing', async () => {
    const outcome = await migrate(fromSnapshot, bundledMigrations);
    expect(outcome).toEqual({ applied: [], version: bundledMigrations.length });
  });

  it('holds no rows but the record of its migrations', async () => {
    const { rows: tables } = await fromSnapshot.query<{ table_name: string }>(
      `select table_name from information_schema.tables
       where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
    );
    const counts: Record<string, number> = {};
    for (const { table_name } of tables) {
      const { rows } = await fromSnapshot.query<{ n: number }>(
        `select count(*)::int as n from "${table_name}"`,
      );
      counts[table_name] = rows[0]?.n ?? -1;
    }
    expect(counts).toEqual(
      Object.fromEntries(
        tables.map(({ table_name }) => [
          table_name,
          table_name === 'schema_migrations' ? bundledMigrations.length : 0,
        ]),
      ),
    );
  });

  it('is made from the same migration files the app bundles', () => {
    const dir = fileURLToPath(new URL('../../src/db/migrations', import.meta.url));
    const files = Object.fromEntries(
      readdirSync(dir)
        .filter((name) => name.endsWith('.sql'))
        .map((name) => [name, readFileSync(join(dir, name), 'utf8')]),
    );
    expect(parseMigrations(files)).toEqual(bundledMigrations);
  });

  describe('download', () => {
    let server: Server;
    let baseUrl: string;
    /** What the test server answers for the snapshot's path. */
    let answer: { status: number; body: Uint8Array; headers?: Record<string, string> };

    beforeAll(async () => {
      server = createServer((request, response) => {
        if (request.url !== `/${SNAPSHOT_FILE}`) return void response.writeHead(404).end();
        response.writeHead(answer.status, answer.headers ?? {}).end(answer.body);
      });
      await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
      baseUrl = `http://localhost:${(server.address() as AddressInfo).port}/`;
    });
    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    const descriptor = (): SnapshotDescriptor => ({
      file: SNAPSHOT_FILE,
      sha256: sha256(tarOf(gzip)),
    });
    const bytesOf = async (blob: Blob | undefined) =>
      blob ? new Uint8Array(await blob.arrayBuffer()) : undefined;

    it('gives the plain tar of this build', async () => {
      answer = { status: 200, body: gzip, headers: { 'Content-Type': 'application/gzip' } };
      const tar = await bytesOf(await fetchSnapshot(descriptor(), baseUrl));
      expect(tar && sha256(tar)).toBe(descriptor().sha256);
    });

    it('also when the host sends it already unpacked (Content-Encoding: gzip)', async () => {
      answer = {
        status: 200,
        body: gzip,
        headers: { 'Content-Type': 'application/gzip', 'Content-Encoding': 'gzip' },
      };
      const tar = await bytesOf(await fetchSnapshot(descriptor(), baseUrl));
      expect(tar && sha256(tar)).toBe(descriptor().sha256);
    });

    it('refuses a damaged, cut-off, stale or missing snapshot', async () => {
      const damaged = gzip.slice();
      damaged[damaged.length >> 1] = (damaged[damaged.length >> 1] ?? 0) ^ 0xff;
      const stale = { ...descriptor(), sha256: sha256(new Uint8Array([1, 2, 3])) };
      const cases: [typeof answer, SnapshotDescriptor][] = [
        [{ status: 200, body: damaged }, descriptor()],
        [{ status: 200, body: gzip.slice(0, gzip.length >> 1) }, descriptor()],
        [{ status: 200, body: gzip }, stale],
        [{ status: 404, body: new Uint8Array() }, descriptor()],
      ];
      for (const [served, snapshot] of cases) {
        answer = served;
        expect(await fetchSnapshot(snapshot, baseUrl)).toBeUndefined();
      }
    });
  });
});
