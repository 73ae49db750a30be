// What a restore checks between the file's own checksums and the first write: that the photo
// rows and the photo sections fit together. Every photo row has its bytes (or the backup says
// they were already missing on the device it came from), every photo section has its row, and
// every photo's bytes are the image type it declares, of the size and SHA-256 its row records.
// Rows pointing at rows that are not there (a face at a missing photo or student...) are refused
// by the database's foreign keys inside the restore's transaction, before any photo is written.
import { validationError } from '../../contracts/errors';
import { mimeTypeOf, signatureFormat } from '../../domain/image-format';
import type { BackupReader } from './backup-format';
import { PHOTO_TABLE } from './dump';

export const DOES_NOT_FIT =
  'This backup’s data does not fit together, so it was not restored. Nothing was changed. Try another copy of the backup.';

export function doesNotFit(detail: string, more: Record<string, unknown> = {}) {
  return validationError(DOES_NOT_FIT, { reason: 'inconsistent', detail, ...more });
}

interface PhotoRow {
  id: string;
  mime_type?: string;
  byte_size?: number;
  content_hash?: string;
}

async function photoRows(reader: BackupReader): Promise<Map<string, PhotoRow>> {
  const entry = reader.header.tables.find((t) => t.name === PHOTO_TABLE);
  if (!entry) throw doesNotFit('no-photo-table');
  let rows: unknown;
  try {
    rows = JSON.parse(await reader.tableRowsJson(entry));
  } catch {
    throw doesNotFit('rows-json', { table: PHOTO_TABLE });
  }
  const isPhotoRow = (row: unknown): row is PhotoRow =>
    typeof row === 'object' && row !== null && typeof (row as PhotoRow).id === 'string';
  if (!Array.isArray(rows) || !rows.every(isPhotoRow)) {
    throw doesNotFit('rows-shape', { table: PHOTO_TABLE });
  }
  return new Map(rows.map((row) => [row.id, row]));
}

/** Throws "does not fit" unless the photo rows and photo sections match one to one. */
export async function checkPhotosFit(reader: BackupReader): Promise<void> {
  const { photos, missingPhotos = [] } = reader.header;
  const rows = await photoRows(reader);
  const sections = new Set(photos.map((p) => p.id));
  const missing = new Set(missingPhotos);
  for (const id of missing) {
    if (!rows.has(id) || sections.has(id)) throw doesNotFit('missing-photo-listed', { id });
  }
  for (const id of rows.keys()) {
    if (!sections.has(id) && !missing.has(id)) throw doesNotFit('row-without-photo', { id });
  }
  for (const entry of photos) {
    const row = rows.get(entry.id);
    if (!row) throw doesNotFit('photo-without-row', { id: entry.id });
    const format = signatureFormat(await reader.photoStart(entry));
    const typeOk =
      format !== undefined &&
      mimeTypeOf(format) === entry.mimeType &&
      (row.mime_type === undefined || row.mime_type === entry.mimeType);
    if (!typeOk) throw doesNotFit('photo-type', { id: entry.id, mimeType: entry.mimeType });
    const sameFile =
      (row.byte_size === undefined || row.byte_size === entry.section.length) &&
      (row.content_hash === undefined || row.content_hash === entry.section.sha256);
    if (!sameFile) throw doesNotFit('photo-content', { id: entry.id });
  }
}
