// Writing one photo's analysis: its faces, their embeddings and the photo's status, in one
// transaction. Existing faces of the photo are replaced, so processing a photo again (after a
// crash or a retry) never leaves duplicate faces.
import type { CropId, ImageId, StudentId } from '../../contracts/ids';
import type { AnalyzedFace, PhotoAnalysis } from '../../contracts/photos';
import type { Database, Queryable } from '../../db/open';
import { lowQualityReasons } from '../../domain/face/low-quality';
import { toVectorText } from '../../db/vector-text';

/** One embedding of a stored face, ready to insert. */
interface EmbeddingRow {
  cropId: CropId;
  modelId: string;
  modelVersion: string;
  vector: ArrayLike<number>;
}

/**
 * Inserts embeddings in one statement (a photo's 30-40 vectors were one round trip each, about
 * half of the time saving a classroom photo took).
 */
async function insertEmbeddings(tx: Queryable, rows: readonly EmbeddingRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `insert into embeddings (crop_id, model_id, model_version, dimension, vector)
     select crop_id, model_id, model_version, dimension, vector::vector
     from unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::text[])
       as row (crop_id, model_id, model_version, dimension, vector)`,
    [
      rows.map((r) => r.cropId),
      rows.map((r) => r.modelId),
      rows.map((r) => r.modelVersion),
      rows.map((r) => r.vector.length),
      rows.map((r) => toVectorText(r.vector)),
    ],
  );
}

/** Stores one analysed face without its embeddings; returns its id. */
async function insertCrop(
  tx: Queryable,
  imageId: ImageId,
  classId: string,
  face: AnalyzedFace,
  confirmedStudentId: StudentId | null,
  lowQuality: boolean,
): Promise<CropId> {
  const { box } = face;
  const { rows } = await tx.query<{ id: CropId }>(
    `insert into face_crops (image_id, class_id, box_x, box_y, box_w, box_h, landmarks,
                             detection_score, quality, thumbnail, student_id, assignment_status,
                             low_quality)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) returning id`,
    [
      imageId,
      classId,
      box.x,
      box.y,
      box.width,
      box.height,
      face.landmarks,
      Math.min(1, Math.max(0, face.detectionScore)),
      JSON.stringify(face.quality),
      face.thumbnail,
      confirmedStudentId,
      confirmedStudentId ? 'confirmed' : 'unassigned',
      lowQuality,
    ],
  );
  return rows[0]?.id as CropId;
}

const embeddingRows = (cropId: CropId, face: AnalyzedFace): EmbeddingRow[] =>
  face.embeddings.map((e) => ({ cropId, ...e }));

/**
 * Stores one analysed face with its embeddings; returns its id. A face given a student is stored
 * as confirmed to them (an enrolment photo); otherwise it waits, unassigned, for assignment,
 * unless it is low quality (never assigned automatically, never asked about).
 */
export async function insertFace(
  tx: Queryable,
  imageId: ImageId,
  classId: string,
  face: AnalyzedFace,
  confirmedStudentId: StudentId | null = null,
  lowQuality = false,
): Promise<CropId> {
  const cropId = await insertCrop(tx, imageId, classId, face, confirmedStudentId, lowQuality);
  await insertEmbeddings(tx, embeddingRows(cropId, face));
  return cropId;
}

/** Saves the analysis; false when the photo was deleted meanwhile (nothing is written then). */
export async function saveAnalysis(
  db: Database,
  imageId: ImageId,
  analysis: PhotoAnalysis,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ class_id: string }>(
      'select class_id from session_images where id = $1 for update',
      [imageId],
    );
    const classId = rows[0]?.class_id;
    if (!classId) return false;
    await tx.query('delete from face_crops where image_id = $1', [imageId]);
    // Judged per photo: "far smaller" is relative to the photo's typical face.
    const lowQuality = lowQualityReasons(analysis.faces, analysis);
    const embeddings: EmbeddingRow[] = [];
    for (const [i, face] of analysis.faces.entries()) {
      const cropId = await insertCrop(tx, imageId, classId, face, null, lowQuality[i] !== null);
      embeddings.push(...embeddingRows(cropId, face));
    }
    await insertEmbeddings(tx, embeddings);
    await tx.query(
      `update session_images
       set status = 'done', width = $2, height = $3, last_error = null,
           processed_at = now(), updated_at = now()
       where id = $1`,
      [imageId, analysis.width, analysis.height],
    );
    return true;
  });
}
