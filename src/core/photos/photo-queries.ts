// Reading a session's photos and faces for the UI.
import { notFoundError } from '../../contracts/errors';
import type { CropId, ImageId, SessionId, StudentId } from '../../contracts/ids';
import type { Face } from '../../contracts/photos';
import type { Database } from '../../db/open';
import type { FaceQuality } from '../../domain/face/quality';
import { recordAudit } from '../history/audit';
import { withDbErrors } from '../shared/db-errors';
import { assertSessionExists } from '../shared/not-found';
import { collectOrphanPhotos } from './add-photos';
import type { PhotoStore } from './photo-store';

const photoNotFound = () => notFoundError('This photo no longer exists. It may have been deleted.');

interface FaceRow {
  id: string;
  image_id: string;
  box_x: number;
  box_y: number;
  box_w: number;
  box_h: number;
  detection_score: number;
  quality: FaceQuality;
  student_id: string | null;
  assignment_status: Face['assignmentStatus'];
  confidence: number | null;
  group_id: string | null;
  low_quality: boolean;
  models: string[] | null;
}

export async function listSessionFaces(db: Database, sessionId: SessionId): Promise<Face[]> {
  await assertSessionExists(db, sessionId);
  const { rows } = await db.query<FaceRow>(
    `select c.id, c.image_id, c.box_x, c.box_y, c.box_w, c.box_h, c.detection_score, c.quality,
            c.student_id, c.assignment_status, c.confidence, c.group_id, c.low_quality,
            array(select e.model_id from embeddings e where e.crop_id = c.id order by e.model_id) as models
     from face_crops c join session_images i on i.id = c.image_id
     where i.session_id = $1
     order by i.created_at, c.box_y, c.box_x`,
    [sessionId],
  );
  return rows.map((r) => ({
    id: r.id as CropId,
    imageId: r.image_id as ImageId,
    box: { x: r.box_x, y: r.box_y, width: r.box_w, height: r.box_h },
    detectionScore: r.detection_score,
    quality: r.quality,
    studentId: r.student_id as StudentId | null,
    assignmentStatus: r.assignment_status,
    confidence: r.confidence,
    groupId: r.group_id,
    lowQuality: r.low_quality,
    models: r.models ?? [],
  }));
}

export async function getFaceThumbnails(
  db: Database,
  cropIds: readonly CropId[],
): Promise<{ cropId: CropId; jpeg: Uint8Array }[]> {
  const { rows } = await withDbErrors({ notFound: photoNotFound }, () =>
    db.query<{ id: string; thumbnail: Uint8Array | null }>(
      'select id, thumbnail from face_crops where id = any($1::uuid[])',
      [cropIds],
    ),
  );
  return rows.flatMap((r) => (r.thumbnail ? [{ cropId: r.id as CropId, jpeg: r.thumbnail }] : []));
}

export async function getPhotoFile(db: Database, store: PhotoStore, imageId: ImageId) {
  const { rows } = await withDbErrors({ notFound: photoNotFound }, () =>
    db.query('select 1 from session_images where id = $1', [imageId]),
  );
  if (rows.length === 0) throw photoNotFound();
  const photo = await store.get(imageId);
  if (!photo) throw notFoundError('The file of this photo is missing from this device.');
  return photo;
}

/** Deletes a photo with its faces (audited), then its bytes. */
export async function deletePhoto(
  db: Database,
  store: PhotoStore,
  imageId: ImageId,
): Promise<void> {
  await withDbErrors({ notFound: photoNotFound }, () =>
    db.transaction(async (tx) => {
      const { rows } = await tx.query<{ class_id: string; file_name: string; session_id: string }>(
        'delete from session_images where id = $1 returning class_id, file_name, session_id',
        [imageId],
      );
      const row = rows[0];
      if (!row) throw photoNotFound();
      await recordAudit(tx, {
        classId: row.class_id as never,
        entity: 'image',
        entityId: imageId,
        action: 'delete',
        oldValue: { fileName: row.file_name, sessionId: row.session_id },
        newValue: null,
      });
    }),
  );
  await collectOrphanPhotos(db, store);
}
