// The faces of a session or a class as the review screen shows them: one group per student
// (largest first), then groups of unassigned faces that clustering puts together (a proposal,
// nothing is written), then the faces marked "not a student".
import type { CropId, ImageId, SessionId, StudentId } from '../../contracts/ids';
import type { FaceGroup, ReviewFace, ReviewScope } from '../../contracts/review';
import { isSeedQuality, type FaceQuality } from '../../domain/face/quality';
import type { CoreContext } from '../core-context';
import { clusteringServiceFor } from '../settings/settings-api';
import { assertClassExists, assertSessionExists } from '../services/not-found';

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
            s.is_auto_created, c.assignment_status, c.confidence, c.quality
     from face_crops c
     join session_images i on i.id = c.image_id
     left join students s on s.id = c.student_id
     where ${isSession ? 'i.session_id = $1' : 'c.class_id = $1'}
     order by i.created_at, c.box_y, c.box_x`,
    [isSession ? scope.sessionId : scope.classId],
  );
  const faces = new Map(rows.map((r) => [r.id as string, r]));

  const byStudent = new Map<StudentId, ReviewFaceRow[]>();
  for (const row of rows) {
    if (row.student_id)
      byStudent.set(row.student_id, [...(byStudent.get(row.student_id) ?? []), row]);
  }
  const studentGroups: FaceGroup[] = [...byStudent.values()].map((members) => ({
    kind: 'student',
    studentId: members[0]!.student_id,
    name: members[0]!.student_name,
    isAutoCreated: members[0]!.is_auto_created ?? false,
    confidence: mean(
      members.map((m) => (m.assignment_status === 'confirmed' ? 1 : (m.confidence ?? 0))),
    ),
    faces: members.map(toReviewFace),
  }));

  // Unassigned faces: grouped by the same clustering the app uses, without writing anything.
  const unassigned = rows.filter((r) => r.assignment_status === 'unassigned');
  const unsortedGroups: FaceGroup[] = [];
  if (unassigned.length > 0) {
    // The class's model and preset; every group is shown, so no cap on new groups.
    const service = await clusteringServiceFor(context, scope, {
      maxClusters: Number.MAX_SAFE_INTEGER,
    });
    const proposal = isSession
      ? await service.clusterSessionCrops(scope.sessionId, {
          createStudents: false,
          assignCrops: false,
        })
      : await service.clusterClassCrops(scope.classId, {
          createStudents: false,
          assignCrops: false,
        });
    const grouped = new Set<string>();
    for (const cluster of proposal.clusters) {
      const members = cluster.cropIds.flatMap((id) => faces.get(id) ?? []);
      members.forEach((m) => grouped.add(m.id));
      if (members.length > 0) unsortedGroups.push(unsortedGroup(members, cluster.confidence));
    }
    // Faces clustering could not use (no embedding of the model yet) stay on their own.
    for (const face of unassigned) {
      if (!grouped.has(face.id)) unsortedGroups.push(unsortedGroup([face], 0.5));
    }
  }

  const rejected = rows.filter((r) => r.assignment_status === 'rejected');
  const notStudents: FaceGroup[] = rejected.length
    ? [
        {
          kind: 'not-a-student',
          studentId: null,
          name: null,
          isAutoCreated: false,
          confidence: 1,
          faces: rejected.map(toReviewFace),
        },
      ]
    : [];
  return [...largestFirst(studentGroups), ...largestFirst(unsortedGroups), ...notStudents];
}

function unsortedGroup(members: ReviewFaceRow[], confidence: number): FaceGroup {
  return {
    kind: 'unsorted',
    studentId: null,
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
    goodQuality: isSeedQuality(row.quality),
  };
}

function largestFirst(groups: FaceGroup[]): FaceGroup[] {
  return groups.sort((a, b) => b.faces.length - a.faces.length);
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((t, v) => t + v, 0) / values.length;
}
