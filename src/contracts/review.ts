// Reviewing and correcting who is who: the operations behind the cluster review screen and the
// review queue. Every operation is audited, takes effect at once and can be undone.
import type { AssignmentStatus, Student } from './entities';
import type { ClassId, CropId, ImageId, SessionId, StudentId } from './ids';

export type ReviewScope = { sessionId: SessionId } | { classId: ClassId };

export interface ReviewFace {
  cropId: CropId;
  imageId: ImageId;
  /** Null for a face from a student's reference photo. */
  sessionId: SessionId | null;
  studentId: StudentId | null;
  assignmentStatus: AssignmentStatus;
  /** The assignment's confidence (null for confirmed or unassigned faces). */
  confidence: number | null;
  /** False for tiny, blurred, turned-away or doubtful faces (they never start a group). */
  goodQuality: boolean;
}

export type FaceGroupKind =
  /** Faces of one student (automatic or confirmed). */
  | 'student'
  /** Unassigned faces that clustering puts together: probably one person, not yet a student. */
  | 'unsorted'
  /** Faces the teacher marked "not a student". */
  | 'not-a-student';

export interface FaceGroup {
  kind: FaceGroupKind;
  /** The student the faces belong to, or null for unassigned faces clustering puts together. */
  studentId: StudentId | null;
  name: string | null;
  isAutoCreated: boolean;
  /** In [0, 1]: how sure the grouping is (a cue for the teacher, low = look closer). */
  confidence: number;
  faces: ReviewFace[];
}

export interface ReviewApi {
  /** Students with faces in the scope, then groups of unassigned faces, then "not a student". */
  listFaceGroups(scope: ReviewScope): Promise<FaceGroup[]>;
  /**
   * Gives the faces to the student, confirmed (move, confirm, "pick another student"). A face
   * taken from another student records that pairing as rejected, so it is never re-made.
   */
  confirmFaces(cropIds: CropId[], studentId: StudentId): Promise<void>;
  /** Gives the faces to the class's student of that name (any case), or to a new student. */
  assignFacesToName(cropIds: CropId[], name: string): Promise<Student>;
  /** "Not a student" (a visitor, a poster, a false detection): never assigned again. */
  markNotAStudent(cropIds: CropId[]): Promise<void>;
  /** A new name renames the student; the name of another student merges this one into them. */
  nameStudent(studentId: StudentId, name: string): Promise<Student>;
  /** Moves every face of `fromId` to `intoId` and removes `fromId`. */
  mergeStudents(fromId: StudentId, intoId: StudentId): Promise<Student>;
  /** Moves the faces to a new unnamed student. */
  splitFaces(cropIds: CropId[]): Promise<Student>;
  /** Reverts the class's latest review change; null when there is nothing to undo. */
  undoLastChange(classId: ClassId): Promise<{ description: string } | null>;
}
