// A class's gallery in memory (issue 14, item 4): the faces a new face is compared with (the
// students' identified faces and the dismissed people's, of one model and model version) as one
// Float32Array matrix (src/domain/embedding/face-matrix.ts), so the assignment's kNN is a scan
// of memory instead of a pgvector query per face. PGlite stays the store of record:
// - a gallery is loaded inside the caller's transaction, so it is exactly what that
//   transaction's SQL would see;
// - any committed write to a table that decides who is in a gallery (faces named, moved,
//   unnamed or deleted, students merged or deleted, photos, sessions or classes deleted,
//   embeddings made again, a restore, an undo) marks every gallery stale: the change feed's
//   trigger notifies them (migration 0001), and notifications arrive only after a commit (a
//   restore drops the tables without a trigger, but only on an empty device: every gallery was
//   marked stale by the deletes that emptied it; "delete all" opens a new database);
// - a stale gallery is brought up to date on its next use: one query for who is in it
//   (crop, person, photo and the embedding row's version, `xmin`), vectors fetched only for
//   rows it does not hold at that version, rows gone removed, rows moved regrouped;
// - a write the assignment itself makes inside its transaction is applied with `add` at once
//   (later photos of the same run see it, as SQL would); if that transaction fails, `forget`
//   marks the gallery stale, so the next use reloads it from what was committed.
import type { ClassId } from '../../contracts/ids';
import type { Database, Queryable } from '../../db/open';
import { FaceMatrix } from '../../domain/embedding/face-matrix';
import { storedVectors, type StoredVector } from './vector-copy';

/** The tables whose writes can change a gallery (directly or by a cascade). */
const GALLERY_TABLES = new Set([
  'face_crops',
  'embeddings',
  'students',
  'dismissed_people',
  'session_images',
  'sessions',
  'classes',
]);

/** Galleries kept at once: a teacher works in one class; a second covers a model switch. */
const MAX_GALLERIES = 2;

/** The faces a face is compared with: students' identified faces and dismissed people's. */
export const GALLERY_FACE = `(c.assignment_status in ('auto', 'confirmed')
  or (c.assignment_status = 'rejected' and c.dismissed_id is not null))`;
export const PERSON = 'coalesce(c.student_id, c.dismissed_id)';

export interface GalleryKey {
  classId: ClassId;
  modelId: string;
  modelVersion: string;
}

interface Gallery {
  matrix: FaceMatrix | undefined;
  /** Per row held: the embedding row version its vector came from. */
  stamps: Map<string, string>;
  stale: boolean;
}

const caches = new WeakMap<Database, ClassGalleries>();

export class ClassGalleries {
  private readonly galleries = new Map<string, Gallery>();
  private listening: Promise<unknown> | undefined;

  private constructor(private readonly db: Database) {}

  /** The galleries of one database (one per database, shared by every service on it). */
  static of(db: Database): ClassGalleries {
    let cache = caches.get(db);
    if (!cache) caches.set(db, (cache = new ClassGalleries(db)));
    return cache;
  }

  /**
   * Starts hearing the change feed. Call before the transaction that uses a gallery: LISTEN is
   * a query of its own and cannot run inside another's transaction.
   */
  async listen(): Promise<void> {
    this.listening ??= this.db.listen('table_changed', (table) => {
      if (GALLERY_TABLES.has(table)) this.markStale();
    });
    await this.listening;
  }

  /** Every gallery is reloaded on its next use. */
  markStale(): void {
    for (const gallery of this.galleries.values()) gallery.stale = true;
  }

  /** The gallery as `tx` sees it (after `listen`); undefined while it holds no face. */
  async matrix(tx: Queryable, key: GalleryKey): Promise<FaceMatrix | undefined> {
    if (!this.listening) throw new Error('ClassGalleries.listen() must be awaited first');
    const gallery = this.entry(key);
    if (gallery.stale) {
      await this.reload(tx, key, gallery);
      gallery.stale = false;
    }
    return gallery.matrix;
  }

  /** A face the caller has just made part of the gallery inside its transaction. */
  add(key: GalleryKey, cropId: string, stored: StoredVector, person: string, imageId: string) {
    const gallery = this.entry(key);
    if (gallery.stale) return; // reloaded from the database on its next use anyway
    gallery.matrix ??= new FaceMatrix(stored.vector.length);
    if (gallery.matrix.dimension !== stored.vector.length) {
      gallery.stale = true;
      return;
    }
    gallery.matrix.upsert(cropId, stored.vector, person, imageId);
    gallery.stamps.set(cropId, stored.stamp);
  }

  /** The caller's transaction failed after `add`: reload from what was committed. */
  forget(): void {
    this.markStale();
  }

  private entry(key: GalleryKey): Gallery {
    const name = `${key.classId}|${key.modelId}|${key.modelVersion}`;
    let gallery = this.galleries.get(name);
    if (gallery) {
      this.galleries.delete(name); // most recently used last
    } else {
      gallery = { matrix: undefined, stamps: new Map(), stale: true };
    }
    this.galleries.set(name, gallery);
    for (const old of this.galleries.keys()) {
      if (this.galleries.size <= MAX_GALLERIES) break;
      this.galleries.delete(old);
    }
    return gallery;
  }

  private async reload(tx: Queryable, key: GalleryKey, gallery: Gallery): Promise<void> {
    // One text value, not a row per face: PGlite's cost per row returned is most of the time
    // (10,000 faces: 46 ms against 209 ms as rows).
    const { rows: result } = await tx.query<{ faces: string | null }>(
      `select string_agg(c.id || ' ' || ${PERSON} || ' ' || c.image_id || ' ' || e.xmin, ',')
         as faces
       from face_crops c join embeddings e on e.crop_id = c.id and e.model_id = $2
         and e.model_version = $3
       where c.class_id = $1 and ${GALLERY_FACE}`,
      [key.classId, key.modelId, key.modelVersion],
    );
    const rows = (result[0]?.faces?.split(',') ?? []).map((face) => {
      const [id, person_id, image_id, stamp] = face.split(' ') as [string, string, string, string];
      return { id, person_id, image_id, stamp };
    });
    const wanted = new Map(rows.map((r) => [r.id, r]));
    const matrix = gallery.matrix;
    if (matrix) {
      for (const id of matrix.rowIds()) {
        const row = wanted.get(id);
        if (!row || gallery.stamps.get(id) !== row.stamp) {
          matrix.remove(id);
          gallery.stamps.delete(id);
        } else {
          matrix.regroup(id, row.person_id, row.image_id);
        }
      }
    }
    const missing = rows.filter((r) => !matrix?.has(r.id)).map((r) => r.id);
    const vectors = await storedVectors(tx, missing, key.modelId, key.modelVersion);
    for (const id of missing) {
      const row = wanted.get(id);
      const stored = vectors.get(id);
      if (!row || !stored) continue; // cannot happen inside one transaction
      gallery.matrix ??= new FaceMatrix(stored.vector.length, Math.max(1024, rows.length));
      gallery.matrix.upsert(id, stored.vector, row.person_id, row.image_id);
      gallery.stamps.set(id, stored.stamp);
    }
  }
}
