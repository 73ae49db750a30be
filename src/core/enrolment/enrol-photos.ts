// Enrolling a student from reference photos ("roster with photos"). Each photo is analysed by the
// same face pipeline and models as a session photo; its largest face is stored as a face
// CONFIRMED to the student, so it is gallery for assignment from then on. The photo itself is a
// reference photo: a session_images row with the student instead of a session (migration 0002),
// so it never appears in a session and never counts for attendance. A photo that cannot be used
// fails alone, with its reason in plain words; the same photo twice for a student is kept once.
import type {
  EnrolPhotoOutcome,
  EnrolStudentResult,
  ReferenceFace,
} from '../../contracts/enrolment';
import type { AppError } from '../../contracts/errors';
import {
  conflictError,
  toAppError,
  validationError,
  type AppErrorData,
} from '../../contracts/errors';
import type { ClassId, CropId, ImageId, StudentId } from '../../contracts/ids';
import type { AnalyzedFace } from '../../contracts/photos';
import { mimeTypeOf, photoFileProblem, sniffImageFormat } from '../../domain/image-format';
import { normalizeFileName } from '../../domain/names';
import type { CoreContext } from '../core-context';
import { sha256Hex, type PhotoFile } from '../photos/add-photos';
import { insertFace } from '../photos/save-analysis';
import { recordAudit } from '../history/audit';
import { withDbErrors } from '../shared/db-errors';
import { studentNotFound } from '../shared/not-found';
import { toIso } from '../shared/rows';

/** A handful of good photos is plenty; more at once is almost certainly the wrong folder. */
export const MAX_ENROL_PHOTOS = 50;

export const NO_FACE_MESSAGE =
  'No face was found in this photo. Use a photo where the student’s face is clearly visible.';

interface Student {
  id: StudentId;
  classId: ClassId;
  name: string;
  /** The class's embedding model (its recognition settings). */
  classModel: string;
}

/** The face a reference photo stands for: the largest one (the person it was taken of). */
export function largestFace(faces: readonly AnalyzedFace[]): AnalyzedFace | undefined {
  let best: AnalyzedFace | undefined;
  for (const face of faces) {
    if (!best || face.box.width * face.box.height > best.box.width * best.box.height) best = face;
  }
  return best;
}

async function findStudent(context: CoreContext, studentId: StudentId): Promise<Student> {
  const { rows } = await withDbErrors({ notFound: studentNotFound }, () =>
    context.db.query<{ class_id: ClassId; name: string; embedding_model: string }>(
      `select s.class_id, s.name, c.embedding_model
       from students s join classes c on c.id = s.class_id where s.id = $1`,
      [studentId],
    ),
  );
  const row = rows[0];
  if (!row) throw studentNotFound();
  return {
    id: studentId,
    classId: row.class_id,
    name: row.name,
    classModel: row.embedding_model,
  };
}

function checkFiles(files: unknown): asserts files is PhotoFile[] {
  if (!Array.isArray(files) || files.length === 0) {
    throw validationError('Choose at least one photo of the student.');
  }
  if (files.length > MAX_ENROL_PHOTOS) {
    throw validationError(`Choose at most ${MAX_ENROL_PHOTOS} photos at a time.`);
  }
  for (const file of files as unknown[]) {
    const f = file as Partial<PhotoFile> | null;
    if (!f || typeof f.fileName !== 'string' || !(f.bytes instanceof Uint8Array)) {
      throw validationError('Each photo needs a file name and its content.');
    }
  }
}

/** Reference photos already stored for the student: content hash -> their face. */
async function existingReferences(
  context: CoreContext,
  studentId: StudentId,
): Promise<Map<string, CropId | null>> {
  const { rows } = await context.db.query<{ content_hash: string; crop_id: CropId | null }>(
    `select i.content_hash, (select c.id from face_crops c where c.image_id = i.id limit 1) as crop_id
     from session_images i where i.student_id = $1`,
    [studentId],
  );
  return new Map(rows.map((r) => [r.content_hash, r.crop_id]));
}

const duplicateError = (student: Student, cropId: CropId | null) =>
  conflictError(`This photo is already one of ${student.name}’s reference photos.`, {
    reason: 'duplicate',
    existingCropId: cropId,
  });

export async function enrolStudentPhotos(
  context: CoreContext,
  studentId: StudentId,
  files: readonly PhotoFile[],
): Promise<EnrolStudentResult> {
  checkFiles(files);
  const student = await findStudent(context, studentId);
  const known = await existingReferences(context, studentId);
  const photos: EnrolPhotoOutcome[] = [];
  for (const file of files) {
    const outcome = (cropId: CropId | null, facesFound: number, error: AppError | null) =>
      photos.push({
        fileName: file.fileName,
        cropId,
        facesFound,
        error: error ? error.toData() : null,
      });
    const problem = photoFileProblem(file.bytes);
    if (problem) {
      outcome(null, 0, validationError(problem, { fileName: file.fileName }));
      continue;
    }
    const hash = await sha256Hex(file.bytes);
    if (known.has(hash)) {
      outcome(null, 0, duplicateError(student, known.get(hash) ?? null));
      continue;
    }
    let facesFound = 0;
    try {
      const analysis = await context.inference.analyzePhoto({
        jobId: crypto.randomUUID(),
        bytes: file.bytes,
        embeddingModels: context.processor.embeddingModelsFor(student.classModel),
      });
      facesFound = analysis.faces.length;
      const face = largestFace(analysis.faces);
      if (!face) throw validationError(NO_FACE_MESSAGE, { fileName: file.fileName });
      const cropId = await storeReference(context, student, file, hash, analysis, face);
      known.set(hash, cropId);
      outcome(cropId, facesFound, null);
    } catch (error) {
      outcome(null, facesFound, toAppError(error));
    }
  }
  return {
    studentId,
    enrolled: photos.filter((p) => p.cropId !== null && p.error === null).length,
    photos,
  };
}

/** Bytes first, rows second (as for session photos): a crash in between leaves only orphan bytes. */
async function storeReference(
  context: CoreContext,
  student: Student,
  file: PhotoFile,
  hash: string,
  analysis: { width: number; height: number; faces: readonly AnalyzedFace[] },
  face: AnalyzedFace,
): Promise<CropId> {
  const imageId = crypto.randomUUID() as ImageId;
  const format = sniffImageFormat(file.bytes);
  await context.photos.put(imageId, file.bytes, format ? mimeTypeOf(format) : '');
  try {
    return await withDbErrors({ notFound: studentNotFound }, () =>
      context.db.transaction(async (tx) => {
        await tx.query(
          `insert into session_images (id, student_id, class_id, file_name, mime_type, byte_size,
                                       content_hash, width, height, status, processed_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'done', now())`,
          [
            imageId,
            student.id,
            student.classId,
            normalizeFileName(file.fileName),
            format ? mimeTypeOf(format) : '',
            file.bytes.length,
            hash,
            analysis.width,
            analysis.height,
          ],
        );
        const cropId = await insertFace(tx, imageId, student.classId, face, student.id);
        await recordAudit(tx, {
          classId: student.classId,
          entity: 'student',
          entityId: student.id,
          action: 'enrol-photo',
          oldValue: null,
          newValue: {
            fileName: file.fileName,
            imageId,
            cropId,
            facesFound: analysis.faces.length,
          },
        });
        return cropId;
      }),
    );
  } catch (error) {
    await context.photos.delete([imageId]);
    // Enrolled meanwhile (another tab, or the same photo twice in one call): the same reference.
    const data: AppErrorData = toAppError(error).toData();
    if (data.code === 'conflict') throw duplicateError(student, null);
    throw error;
  }
}

export async function listReferenceFaces(
  context: CoreContext,
  studentId: StudentId,
): Promise<ReferenceFace[]> {
  await findStudent(context, studentId);
  const { rows } = await context.db.query<{
    crop_id: CropId;
    image_id: ImageId;
    file_name: string;
    created_at: Date;
  }>(
    `select c.id as crop_id, i.id as image_id, i.file_name, i.created_at
     from session_images i join face_crops c on c.image_id = i.id
     where i.student_id = $1
     order by i.created_at, i.file_name, i.id`,
    [studentId],
  );
  return rows.map((r) => ({
    cropId: r.crop_id,
    imageId: r.image_id,
    fileName: r.file_name,
    createdAt: toIso(r.created_at),
  }));
}
