// The faces of a session or a class as the review screen shows them: one group per student
// (largest first), then the questions (the question groups "Recognise students" formed, with
// the faces of the scope), then one group per dismissed person, then the low-quality faces.
import type {
  ClassId,
  CropId,
  DismissedId,
  GroupId,
  ImageId,
  SessionId,
  StudentId,
} from '../../contracts/ids';
import type { FaceGroup, ReviewFace, ReviewScope } from '../../contracts/review';
import { canStartCluster, type FaceQuality } from '../../domain/face/quality';
import type { CoreContext } from '../core-context';
import { assertClassExists, assertSessionExists } from '../shared/not-found';

interface ReviewFaceRow {
  id: CropId;
  image_id: ImageId;
  session_id: SessionId | null;
  student_id: StudentId | null;
  student_name: string | null;
  is_auto_created: boolean | null;
  assignment_status: ReviewFace['assignmentStatus'];
  confidence: number | null;
  quality: FaceQuality;
  low_quality: boolean;
  group_id: GroupId | null;
  group_confidence: number | null;
  dismissed_id: DismissedId | null;
}

export async function listFaceGroups(
  context: CoreContext,
  scope: ReviewScope,
): Promise<FaceGroup[]> {
  const { db } = context;
  const isSession = 'sessionId' in scope;
  if (isSession) await assertSessionExists(db, scope.sessionId);
  else await assertClassExists(db, scope.classId);
  const { rows } = await db.query<ReviewFaceRow>(
    `select c.id, c.image_id, i.session_id, c.student_id, s.name as student_name,
            s.is_auto_created, c.assignment_status, c.confidence, c.quality, c.low_quality,
            c.group_id, g.confidence as group_confidence, c.dismissed_id
     from face_crops c
     join session_images i on i.id = c.image_id
     left join students s on s.id = c.student_id
     left join face_groups g on g.id = c.group_id
     where ${isSession ? 'i.session_id = $1' : 'c.class_id = $1'}
     order by i.created_at, c.box_y, c.box_x`,
    [isSession ? scope.sessionId : scope.classId],
  );

  const byStudent = new Map<StudentId, ReviewFaceRow[]>();
  for (const row of rows) {
    if (row.student_id)
      byStudent.set(row.student_id, [...(byStudent.get(row.student_id) ?? []), row]);
  }
  const studentGroups: FaceGroup[] = [...byStudent.values()].map((members) => ({
    kind: 'student',
    studentId: members[0]!.student_id,
    groupId: null,
    dismissedId: null,
    name: members[0]!.student_name,
    isAutoCreated: members[0]!.is_auto_created ?? false,
    confidence: mean(
      members.map((m) => (m.assignment_status === 'confirmed' ? 1 : (m.confidence ?? 0))),
    ),
    faces: members.map(toReviewFace),
  }));

  // Unknown faces: the question groups "Recognise students" formed (face_groups), and on
  // their own the unknown faces no run has grouped yet (a photo processed since).
  const unknown = rows.filter((r) => r.assignment_status === 'unassigned' && !r.low_quality);
  const byGroup = new Map<string, ReviewFaceRow[]>();
  for (const row of unknown) {
    const key = row.group_id ?? `face:${row.id}`;
    byGroup.set(key, [...(byGroup.get(key) ?? []), row]);
  }
  const unsortedGroups: FaceGroup[] = [...byGroup.values()].map((members) =>
    unsortedGroup(members, members[0]!.group_confidence ?? 0.5),
  );

  const rejected = rows.filter((r) => r.assignment_status === 'rejected');
  const byDismissed = new Map<string, ReviewFaceRow[]>();
  for (const row of rejected) {
    const key = row.dismissed_id ?? 'faces';
    byDismissed.set(key, [...(byDismissed.get(key) ?? []), row]);
  }
  const notStudents: FaceGroup[] = [...byDismissed.values()].map((members) => ({
    kind: 'not-a-student',
    studentId: null,
    groupId: null,
    dismissedId: members[0]!.dismissed_id,
    name: null,
    isAutoCreated: false,
    confidence: 1,
    faces: members.map(toReviewFace),
  }));
  const lowQuality = rows.filter((r) => r.assignment_status === 'unassigned' && r.low_quality);
  const lowQualityGroups: FaceGroup[] = lowQuality.length
    ? [
        {
          kind: 'low-quality',
          studentId: null,
          groupId: null,
          dismissedId: null,
          name: null,
          isAutoCreated: false,
          confidence: 0,
          faces: lowQuality.map(toReviewFace),
        },
      ]
    : [];
  return [
    ...largestFirst(studentGroups),
    ...largestFirst(unsortedGroups),
    ...largestFirst(notStudents),
    ...lowQualityGroups,
  ];
}

/** The open questions with a face in the scope: what the teacher is asked, largest first. */
export async function listQuestions(
  context: CoreContext,
  scope: ReviewScope,
): Promise<FaceGroup[]> {
  if ('classId' in scope) {
    const groups = await listFaceGroups(context, scope);
    return groups.filter((g) => g.kind === 'unsorted' && g.groupId !== null);
  }
  // A session's questions, each with all its faces (a group may span lessons).
  await assertSessionExists(context.db, scope.sessionId);
  const { rows } = await context.db.query<{ class_id: ClassId; group_id: GroupId }>(
    `select distinct i.class_id, c.group_id from face_crops c
     join session_images i on i.id = c.image_id
     where i.session_id = $1 and c.group_id is not null`,
    [scope.sessionId],
  );
  if (rows.length === 0) return [];
  const asked = new Set(rows.map((r) => r.group_id));
  const groups = await listFaceGroups(context, { classId: rows[0]!.class_id });
  return groups.filter((g) => g.kind === 'unsorted' && g.groupId !== null && asked.has(g.groupId));
}

function unsortedGroup(members: ReviewFaceRow[], confidence: number): FaceGroup {
  return {
    kind: 'unsorted',
    studentId: null,
    groupId: members[0]!.group_id,
    dismissedId: null,
    name: null,
    isAutoCreated: false,
    confidence,
    faces: members.map(toReviewFace),
  };
}

function toReviewFace(row: ReviewFaceRow): ReviewFace {
  return {
    cropId: row.id,
    imageId: row.image_id,
    sessionId: row.session_id,
    studentId: row.student_id,
    assignmentStatus: row.assignment_status,
    confidence: row.confidence,
    goodQuality: canStartCluster(row.quality),
    lowQuality: row.low_quality,
  };
}

function largestFirst(groups: FaceGroup[]): FaceGroup[] {
  return groups.sort((a, b) => b.faces.length - a.faces.length);
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((t, v) => t + v, 0) / values.length;
}
