// Reviewing and correcting who is who: the operations behind the cluster review screen and the
// review queue. Every operation is audited, takes effect at once and can be undone (history.ts).
import type { AssignmentStatus, Student } from './entities';
import type { ClassId, CropId, DismissedId, GroupId, ImageId, SessionId, StudentId } from './ids';

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
  /** "Low quality, not counted": never assigned or asked about unless the teacher opens it. */
  lowQuality: boolean;
}

export type FaceGroupKind =
  /** Faces of one student (automatic or confirmed). */
  | 'student'
  /** A question: unknown faces grouped as probably one person, not a student, not on the sheet. */
  | 'unsorted'
  /** Someone the teacher said is not in this class (one group per dismissed person). */
  | 'not-a-student'
  /** Faces marked "low quality, not counted". */
  | 'low-quality';

export interface FaceGroup {
  kind: FaceGroupKind;
  /** The student the faces belong to, or null for unassigned faces clustering puts together. */
  studentId: StudentId | null;
  /** The question group ('unsorted' groups formed by "Recognise students"), or null. */
  groupId: GroupId | null;
  /** The dismissed person ('not-a-student' groups), or null. */
  dismissedId: DismissedId | null;
  name: string | null;
  isAutoCreated: boolean;
  /** In [0, 1]: how sure the grouping is (a cue for the teacher, low = look closer). */
  confidence: number;
  faces: ReviewFace[];
  /**
   * Questions listed by listWhosWho only: the student the app's assignment rule would give these
   * faces to (src/domain/assignment/group-suggestion.ts), or null ("Who is this?").
   */
  suggestion?: NameSuggestion | null;
}

/** A roster student offered for a question, only when the calibrated assignment rule says so. */
export interface NameSuggestion {
  studentId: StudentId;
  name: string;
}

export interface ReviewApi {
  /**
   * Students with faces in the scope, then the questions (groups of unknown faces), then the
   * dismissed people, then the low-quality faces.
   */
  listFaceGroups(scope: ReviewScope): Promise<FaceGroup[]>;
  /** The open questions with a face in the scope, largest first (the 'unsorted' groups). */
  listQuestions(scope: ReviewScope): Promise<FaceGroup[]>;
  /**
   * "Who's who": the questions with a face in the scope (faces not grouped yet each on their
   * own), largest first, each with its suggestion (the only listing that works one out).
   */
  listWhosWho(scope: ReviewScope): Promise<FaceGroup[]>;
  /**
   * Gives the faces to the student, confirmed (move, confirm, "pick another student"). A face
   * taken from another student records that pairing as rejected, so it is never re-made.
   */
  confirmFaces(cropIds: CropId[], studentId: StudentId): Promise<void>;
  /** Gives the faces to the class's student of that name (any case), or to a new student. */
  assignFacesToName(cropIds: CropId[], name: string): Promise<Student>;
  /**
   * "Not in this class" (a visitor, a poster, a false detection): the faces become one dismissed
   * person, and later faces matching them are dismissed automatically.
   */
  markNotAStudent(cropIds: CropId[]): Promise<void>;
  /** Takes someone off the dismissed list: their faces are asked about again, as one question. */
  restoreDismissed(dismissedId: DismissedId): Promise<GroupId>;
  /** A new name renames the student; the name of another student merges this one into them. */
  nameStudent(studentId: StudentId, name: string): Promise<Student>;
  /** Moves every face of `fromId` to `intoId` and removes `fromId`. */
  mergeStudents(fromId: StudentId, intoId: StudentId): Promise<Student>;
  /** Takes the faces from their student into a new question (no student is created). */
  splitFaces(cropIds: CropId[]): Promise<GroupId>;
}
