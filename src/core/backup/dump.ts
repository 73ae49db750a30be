// Writing a backup: every data table's rows and every photo's bytes, read inside one database
// transaction so that the file is one consistent moment (PGlite runs nothing else meanwhile,
// and photo bytes are only deleted after the rows that own them are gone).
import type { BackupProgress, BackupSummary } from '../../contracts/backup';
import { AppError } from '../../contracts/errors';
import type { ImageId } from '../../contracts/ids';
import type { Database, Queryable } from '../../db/open';
import type { PhotoStore } from '../photos/photo-store';
import { BackupWriter, type AppliedMigrationRef } from './backup-format';
import { ident, listDataTables } from './schema-tables';

/** The table whose rows own the photos in the photo store (one photo per row, same id). */
export const PHOTO_TABLE = 'session_images';

export interface DumpOptions {
  /** Hears each step; returning false stops the backup ('cancelled'). */
  onProgress?: (progress: BackupProgress) => boolean | void | Promise<boolean | void>;
  now?: Date;
}

export async function dumpBackup(
  db: Database,
  photos: PhotoStore,
  options: DumpOptions = {},
): Promise<{ file: Blob; summary: BackupSummary }> {
  const createdAt = (options.now ?? new Date()).toISOString();
  return db.transaction(async (tx) => {
    const writer = new BackupWriter();
    const tables = await listDataTables(tx);
    const photoIds = await photoRowIds(tx);
    const total = tables.length + photoIds.length;
    let done = 0;
    const step = async () => {
      done += 1;
      if ((await options.onProgress?.({ done, total })) === false) {
        throw new AppError('cancelled', 'The backup was stopped. No file was saved.');
      }
    };

    const rowCounts: Record<string, number> = {};
    for (const table of tables) {
      const columns = table.columns.map(ident).join(', ');
      const order = table.primaryKey.length > 0 ? table.primaryKey.map(ident).join(', ') : '1';
      // row_to_json writes each value as Postgres prints it (bytea as \x hex, vectors as
      // '[...]', timestamps with microseconds, real in shortest exact form), which is exactly
      // what the restore's jsonb_populate_recordset reads back.
      const { rows } = await tx.query<{ rows_json: string; row_count: number }>(
        `select coalesce(json_agg(r), '[]')::text as rows_json, count(*)::int as row_count
         from (select ${columns} from ${ident(table.name)} order by ${order}) r`,
      );
      const { rows_json, row_count } = rows[0] ?? { rows_json: '[]', row_count: 0 };
      await writer.addTable({
        name: table.name,
        columns: table.columns,
        rowCount: row_count,
        rowsJson: rows_json,
      });
      rowCounts[table.name] = row_count;
      await step();
    }

    for (const id of photoIds) {
      const photo = await photos.get(id);
      // A row without its bytes is already broken on this device; the check reports it, and
      // the backup still saves everything else.
      if (photo) await writer.addPhoto({ id, mimeType: photo.mimeType, bytes: photo.bytes });
      else writer.markPhotoMissing(id);
      await step();
    }

    const migrations = await appliedMigrations(tx);
    const file = await writer.finish({ createdAt, migrations });
    return {
      file,
      summary: {
        classes: rowCounts.classes ?? 0,
        students: rowCounts.students ?? 0,
        sessions: rowCounts.sessions ?? 0,
        photos: writer.photoCount,
        rowCounts,
        schemaVersion: migrations.at(-1)?.version ?? 0,
        createdAt,
      },
    };
  });
}

async function photoRowIds(db: Queryable): Promise<ImageId[]> {
  const { rows } = await db.query<{ id: ImageId }>(
    `select id from ${ident(PHOTO_TABLE)} order by id`,
  );
  return rows.map((r) => r.id);
}

export async function appliedMigrations(db: Queryable): Promise<AppliedMigrationRef[]> {
  const { rows } = await db.query<AppliedMigrationRef>(
    'select version, name, checksum from schema_migrations order by version',
  );
  return rows;
}

/** e.g. rollcall-backup-2026-11-25.rollcall (the local date, as the teacher reads it). */
export function backupFileName(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `rollcall-backup-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.rollcall`;
}
