// Rows for tables that have no service yet, inserted with plain SQL.
import type { ClassId, CropId, ImageId, SessionId, StudentId } from '../../src/contracts/ids';
import type { Queryable } from '../../src/db/open';

let counter = 0;

/** A distinct 64-hex content hash per call. */
export function fakeHash(): string {
  counter++;
  return counter.toString(16).padStart(64, '0');
}

/** A photo row; `processed` makes it one whose faces have been found (faces need that). */
export async function insertImage(
  db: Queryable,
  ids: { classId: ClassId; sessionId: SessionId; processed?: boolean },
  fileName = `photo-${counter + 1}.jpg`,
): Promise<ImageId> {
  const { rows } = await db.query<{ id: ImageId }>(
    `insert into session_images (session_id, class_id, file_name, byte_size, content_hash,
                                 status, processed_at)
     values ($1, $2, $3, 1234, $4, $5, case when $5 = 'done' then now() end) returning id`,
    [ids.sessionId, ids.classId, fileName, fakeHash(), ids.processed ? 'done' : 'pending'],
  );
  return rows[0]!.id;
}

export async function insertCrop(
  db: Queryable,
  ids: { classId: ClassId; imageId: ImageId; studentId?: StudentId },
): Promise<CropId> {
  const { rows } = await db.query<{ id: CropId }>(
    `insert into face_crops (image_id, class_id, box_x, box_y, box_w, box_h, detection_score,
                             student_id, assignment_status, confidence)
     values ($1, $2, $6, 20, 30, 40, 0.9, $3, $4, $5) returning id`,
    [
      ids.imageId,
      ids.classId,
      ids.studentId ?? null,
      ids.studentId ? 'confirmed' : 'unassigned',
      ids.studentId ? 0.8 : null,
      // Each face somewhere else in its photo, as the detector would find them.
      ++counter * 50,
    ],
  );
  return rows[0]!.id;
}

/** An embedding of the default model's shape (512 dimensions), with made-up values. */
export async function insertEmbedding(db: Queryable, cropId: CropId): Promise<void> {
  const vector = Array.from({ length: 512 }, (_, i) => ((i % 7) + 1) / 100);
  await db.query(
    `insert into embeddings (crop_id, model_id, model_version, dimension, vector)
     values ($1, 'arcface', '1', 512, $2::vector)`,
    [cropId, `[${vector.join(',')}]`],
  );
}

export async function insertAttendance(
  db: Queryable,
  ids: { classId: ClassId; sessionId: SessionId; studentId: StudentId; cropId?: CropId },
): Promise<void> {
  await db.query(
    `insert into attendance (session_id, student_id, class_id, status, source, evidence_crop_id)
     values ($1, $2, $3, 'present', 'auto', $4)`,
    [ids.sessionId, ids.studentId, ids.classId, ids.cropId ?? null],
  );
}

export async function insertRejection(
  db: Queryable,
  ids: { cropId: CropId; studentId: StudentId },
): Promise<void> {
  // The rejection belongs to the face's class; the composite keys refuse any other.
  await db.query(
    `insert into crop_rejections (crop_id, student_id, class_id)
     select $1, $2, class_id from face_crops where id = $1`,
    [ids.cropId, ids.studentId],
  );
}
