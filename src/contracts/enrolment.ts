// Enrolling students from reference photos ("roster with photos").
import type { AppErrorData } from './errors';
import type { CropId, ImageId, StudentId } from './ids';

export interface EnrolPhotoOutcome {
  fileName: string;
  /** The face taken from the photo (the largest when there are several), or null on failure. */
  cropId: CropId | null;
  /** Faces found in the photo. */
  facesFound: number;
  error: AppErrorData | null;
}

export interface EnrolStudentResult {
  studentId: StudentId;
  /** Photos that gave the student a face. */
  enrolled: number;
  photos: EnrolPhotoOutcome[];
}

/** One reference photo of a student and the face taken from it. */
export interface ReferenceFace {
  cropId: CropId;
  /** The reference photo; deletePhoto(imageId) removes it and its face. */
  imageId: ImageId;
  fileName: string;
  /** ISO date-time the photo was enrolled. */
  createdAt: string;
}

export interface EnrolmentApi {
  /** Each photo's face becomes a confirmed face of the student; a bad photo fails alone. */
  enrolStudentPhotos(
    studentId: StudentId,
    files: { fileName: string; bytes: Uint8Array }[],
  ): Promise<EnrolStudentResult>;
  /** The student's reference photos, oldest first (thumbnails: getFaceThumbnails(cropIds)). */
  listReferenceFaces(studentId: StudentId): Promise<ReferenceFace[]>;
}
