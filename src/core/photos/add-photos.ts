// Adding a session's photos: each file is checked, hashed and stored, then queued as 'pending'.
// The same content twice in one session is recognised by its SHA-256 and not stored again.
import { isQuotaError, storageFullError } from '../../contracts/errors';
import type { AddPhotosResult } from '../../contracts/photos';
import type { ImageId, SessionId } from '../../contracts/ids';
import type { Database } from '../../db/open';
import { mimeTypeOf, photoFileProblem, sniffImageFormat } from '../../domain/image-format';
import { normalizeFileName } from '../../domain/names';
import { withDbErrors } from '../shared/db-errors';
import { sessionNotFound } from '../shared/not-found';
import type { PhotoStore } from './photo-store';

export interface PhotoFile {
  fileName: string;
  bytes: Uint8Array;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function addPhotos(
  db: Database,
  store: PhotoStore,
  sessionId: SessionId,
  files: readonly PhotoFile[],
): Promise<AddPhotosResult> {
  const { rows: sessions } = await withDbErrors({ notFound: sessionNotFound }, () =>
    db.query<{ class_id: string }>('select class_id from sessions where id = $1', [sessionId]),
  );
  const classId = sessions[0]?.class_id;
  if (!classId) throw sessionNotFound();

  const result: AddPhotosResult = { added: [], duplicates: [], refused: [] };
  const seen = new Map<string, ImageId>();
  const { rows: existing } = await db.query<{ id: ImageId; content_hash: string }>(
    'select id, content_hash from session_images where session_id = $1',
    [sessionId],
  );
  for (const row of existing) seen.set(row.content_hash, row.id);

  const accepted: { id: ImageId; file: PhotoFile; hash: string; mimeType: string }[] = [];
  for (const picked of files) {
    // Stored and reported without invisible or bidi characters, and at most 200 characters.
    const file = { ...picked, fileName: normalizeFileName(picked.fileName) };
    const problem = photoFileProblem(file.bytes);
    if (problem) {
      result.refused.push({ fileName: file.fileName, reason: problem });
      continue;
    }
    const hash = await sha256Hex(file.bytes);
    const existingId = seen.get(hash);
    if (existingId) {
      result.duplicates.push({ fileName: file.fileName, existingImageId: existingId });
      continue;
    }
    const id = crypto.randomUUID() as ImageId;
    seen.set(hash, id);
    const format = sniffImageFormat(file.bytes);
    accepted.push({ id, file, hash, mimeType: format ? mimeTypeOf(format) : '' });
  }

  // Bytes first, rows second: a crash in between leaves orphan bytes (collected at start),
  // never a row whose photo is missing. Any failure (a full disk most likely) removes what
  // this call stored, so the selection is added whole or not at all.
  try {
    for (const { id, file, mimeType } of accepted) await store.put(id, file.bytes, mimeType);
    await withDbErrors({ notFound: sessionNotFound }, () =>
      db.transaction(async (tx) => {
        for (const [index, { id, file, hash, mimeType }] of accepted.entries()) {
          // now() is the transaction's start, the same for every photo of the selection, and the
          // queue and the list both go by created_at: each photo is stamped one microsecond after
          // the one before it, so both follow the order the photos were picked in.
          await tx.query(
            `insert into session_images (id, session_id, class_id, file_name, mime_type, byte_size, content_hash, created_at)
             values ($1, $2, $3, $4, $5, $6, $7, now() + make_interval(secs => $8::double precision / 1e6))`,
            [id, sessionId, classId, file.fileName, mimeType, file.bytes.length, hash, index],
          );
        }
      }),
    );
  } catch (error) {
    const ids = accepted.map((a) => a.id);
    if (isQuotaError(error)) {
      // PGlite commits in memory before it writes to IndexedDB; if that write hit the quota
      // the rows exist in memory only. Take them out again so they are never half-saved.
      await db
        .query('delete from session_images where id = any($1::uuid[])', [ids])
        .catch(() => undefined);
    }
    await store.delete(ids).catch(() => undefined);
    throw isQuotaError(error) ? storageFullError(String(error)) : error;
  }
  result.added = accepted.map(({ id, file }) => ({ imageId: id, fileName: file.fileName }));
  return result;
}

/** Deletes stored photo bytes whose session_images row no longer exists. */
export async function collectOrphanPhotos(db: Database, store: PhotoStore): Promise<number> {
  const stored = await store.keys();
  if (stored.length === 0) return 0;
  const { rows } = await db.query<{ id: string }>('select id from session_images');
  const live = new Set(rows.map((r) => r.id));
  const orphans = stored.filter((id) => !live.has(id));
  await store.delete(orphans);
  return orphans.length;
}
