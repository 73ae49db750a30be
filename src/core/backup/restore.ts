// Restoring a backup into this device. The rules, in order:
// 1. Everything is checked before anything changes: the container (backup-format.ts), that the
//    file's data version is one this Rollcall knows (its migrations are a prefix of ours), the
//    checksum of every section, and that photo rows and photo sections fit together, each photo
//    of the type it declares (restore-checks.ts). A newer, foreign, corrupt, cut-off or
//    inconsistent file is refused.
// 2. Only an empty device is restored into (no rows in any table): merging two devices' data
//    would need choices a teacher should not have to make. The teacher deletes all data first.
// 3. One transaction does the rest: the empty schema is rebuilt at the backup's data version,
//    the rows go in with their ids (identity sequences moved past them), then the migrations
//    the backup predates run over them, exactly as they would have on the old device. Photo
//    bytes are written before the commit and deleted again if anything fails, so a failed
//    restore leaves the device as it was.
import type { BackupSummary } from '../../contracts/backup';
import { AppError, conflictError, toAppError, validationError } from '../../contracts/errors';
import { applyMigrationsInTransaction, checksum } from '../../db/migrate';
import type { ImageId } from '../../contracts/ids';
import type { Migration } from '../../db/migrations';
import { releaseWriteAheadLog, type Database, type Queryable } from '../../db/open';
import { stoppedByHandOver } from '../hand-over';
import type { PhotoStore } from '../photos/photo-store';
import { BackupReader, type BackupHeader, type BackupTableEntry } from './backup-format';
import { checkPhotosFit, DOES_NOT_FIT, doesNotFit } from './restore-checks';
import { ident, listDataTables, type TableInfo } from './schema-tables';

const RESTORE_STOPPED =
  'The restore was stopped because Rollcall was opened in another tab. Nothing was changed: restore the backup again in the tab you are using now.';

/**
 * `handOver` is aborted when another tab takes over: the restore then stops, rolls back and
 * says that nothing changed, rather than keep the other tab waiting for it.
 */
export async function restoreBackup(
  db: Database,
  photos: PhotoStore,
  file: Blob,
  migrations: readonly Migration[],
  handOver?: AbortSignal,
): Promise<BackupSummary> {
  const stopIfHandedOver = () => {
    if (handOver?.aborted) throw stoppedByHandOver(RESTORE_STOPPED);
  };
  const reader = await BackupReader.open(file);
  const { header } = reader;
  const backupVersion = checkDataVersion(header, migrations);
  checkEntries(header);
  await reader.verifySections();
  await checkPhotosFit(reader);
  stopIfHandedOver();

  const written: ImageId[] = [];
  try {
    await db.transaction(async (tx) => {
      // Checked inside the transaction, so nothing can be added between the check and the drop.
      await requireEmptyDevice(tx);
      // The device is empty: dropping the schema loses nothing, and lets the rows go into the
      // tables exactly as they were at the backup's data version.
      await tx.exec('drop schema public cascade; create schema public;');
      await applyMigrationsInTransaction(tx, migrations.slice(0, backupVersion));
      const tables = await listDataTables(tx);
      checkTablesMatch(header, tables);
      for (const table of tables) {
        stopIfHandedOver();
        const entry = header.tables.find((t) => t.name === table.name);
        if (entry) await insertRows(tx, table, entry, await reader.tableRowsJson(entry));
      }
      await applyMigrationsInTransaction(tx, migrations.slice(backupVersion)).catch(
        (error: unknown) => {
          throw new AppError('internal', 'Rollcall could not bring this backup up to date.', {
            cause: error instanceof Error ? error.message : String(error),
          });
        },
      );
      // Every row was checked against its photo (checkPhotosFit) and the database's keys
      // accepted the rows: only now is anything written outside the transaction.
      for (const entry of header.photos) {
        stopIfHandedOver();
        const id = entry.id as ImageId;
        written.push(id);
        await photos.put(id, await reader.photoBytes(entry), entry.mimeType);
      }
      // The last moment to stop: past it the restore commits and is complete.
      stopIfHandedOver();
    });
  } catch (error) {
    await photos.delete(written);
    throw asRestoreError(error);
  }
  // A restore writes a whole school year at once; its log need not stay in memory.
  await releaseWriteAheadLog(db).catch(() => undefined);

  const count = (name: string) => header.tables.find((t) => t.name === name)?.rowCount ?? 0;
  return {
    classes: count('classes'),
    students: count('students'),
    sessions: count('sessions'),
    photos: header.photos.length,
    rowCounts: Object.fromEntries(header.tables.map((t) => [t.name, t.rowCount])),
    schemaVersion: backupVersion,
    createdAt: header.createdAt,
  };
}

/** The backup's data version, if its migrations are the first ones of this Rollcall's. */
function checkDataVersion(header: BackupHeader, migrations: readonly Migration[]): number {
  const backupVersion = header.migrations.at(-1)?.version ?? 0;
  if (backupVersion > migrations.length) {
    throw validationError(
      'This backup was made by a newer version of Rollcall. Reload Rollcall to get the newest version, then restore the backup again. Nothing was changed.',
      { reason: 'newer-data', backupVersion, appVersion: migrations.length },
    );
  }
  header.migrations.forEach((applied, i) => {
    const known = migrations[i];
    if (!known || known.version !== applied.version || checksum(known.sql) !== applied.checksum) {
      throw validationError(
        'This backup was made by a different version of Rollcall that this one can’t read. Nothing was changed.',
        { reason: 'unknown-migration', version: applied.version, name: applied.name },
      );
    }
  });
  if (backupVersion < 1) throw doesNotFit('no-migrations');
  return backupVersion;
}

function checkEntries(header: BackupHeader): void {
  const tableNames = header.tables.map((t) => t.name);
  const photoIds = header.photos.map((p) => p.id);
  if (new Set(tableNames).size !== tableNames.length) throw doesNotFit('duplicate-table');
  if (new Set(photoIds).size !== photoIds.length) throw doesNotFit('duplicate-photo');
}

function checkTablesMatch(header: BackupHeader, tables: readonly TableInfo[]): void {
  const expected = new Map(tables.map((t) => [t.name, t.columns]));
  if (header.tables.length !== tables.length) throw doesNotFit('table-list');
  for (const entry of header.tables) {
    const columns = expected.get(entry.name);
    if (!columns || !sameSet(columns, entry.columns)) {
      throw doesNotFit('table-columns', { table: entry.name });
    }
  }
}

async function insertRows(
  tx: Queryable,
  table: TableInfo,
  entry: BackupTableEntry,
  rowsJson: string,
): Promise<void> {
  let rows: unknown;
  try {
    rows = JSON.parse(rowsJson);
  } catch {
    throw doesNotFit('rows-json', { table: table.name });
  }
  const allowed = new Set(table.columns);
  const shapeOk =
    Array.isArray(rows) &&
    rows.length === entry.rowCount &&
    rows.every(
      (row: unknown) =>
        typeof row === 'object' &&
        row !== null &&
        !Array.isArray(row) &&
        Object.keys(row).every((key) => allowed.has(key)),
    );
  if (!shapeOk) throw doesNotFit('rows-shape', { table: table.name });
  if (entry.rowCount === 0) return;

  const columns = table.columns.map(ident).join(', ');
  // jsonb_populate_recordset reads each value with its column type's own input function, the
  // inverse of the dump's row_to_json. OVERRIDING SYSTEM VALUE keeps identity ids as they were.
  const result = await tx.query(
    `insert into ${ident(table.name)} (${columns}) overriding system value
     select ${columns} from jsonb_populate_recordset(null::${ident(table.name)}, $1::jsonb)`,
    [rowsJson],
  );
  if (result.affectedRows !== entry.rowCount) throw doesNotFit('row-count', { table: table.name });
  for (const column of table.sequenceColumns) {
    await tx.query(
      `select setval(pg_get_serial_sequence($1, $2), coalesce(max(${ident(column)}), 0) + 1, false)
       from ${ident(table.name)}`,
      [ident(table.name), column],
    );
  }
}

/** Any row in any table: a restore would have to merge, which it never does. */
export async function requireEmptyDevice(db: Queryable): Promise<void> {
  const tables = await listDataTables(db);
  for (const table of tables) {
    const { rows } = await db.query<{ any: boolean }>(
      `select exists (select 1 from ${ident(table.name)}) as any`,
    );
    if (rows[0]?.any) {
      throw conflictError(
        'This device already has Rollcall data. A backup can only be restored into an empty Rollcall, so nothing was changed. To replace this device’s data with the backup, first choose “Delete all data on this device”, then restore.',
        { reason: 'not-empty', table: table.name },
      );
    }
  }
}

/** A database error while loading rows means the file's rows don't fit its own schema. */
function asRestoreError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const isPostgresError =
    error instanceof Error && 'code' in error && typeof error.code === 'string';
  if (isPostgresError) {
    return validationError(DOES_NOT_FIT, { reason: 'inconsistent', cause: error.message });
  }
  return toAppError(error);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
