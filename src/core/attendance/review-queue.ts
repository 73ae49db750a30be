// The session's review queue: the single faces a teacher should look at, least confident first.
// - unknown faces not in a question group yet (processed since the last "Recognise students"),
//   each with the student the assignment service would propose (a dry run, autoCommit false:
//   nothing is written) and that proposal's confidence; faces in a question group are asked
//   about as their group, and "low quality, not counted" faces are not asked about at all;
// - automatic faces below PRESENT_CONFIDENCE, with the student they were given.
// Faces marked "not in this class" never come back.
import type { ReviewQueueItem } from '../../contracts/attendance';
import type { AssignmentStatus } from '../../contracts/entities';
import type { CropId, ImageId, SessionId, StudentId } from '../../contracts/ids';
import { PRESENT_CONFIDENCE } from '../../domain/attendance/status';
import type { CoreContext } from '../core-context';
import { assignmentServiceFor } from '../settings/settings-api';
import { getSessionRow } from './sheet';

interface QueueRow {
  id: CropId;
  image_id: ImageId;
  student_id: StudentId | null;
  assignment_status: AssignmentStatus;
  confidence: number | null;
}

export async function listReviewQueue(
  context: CoreContext,
  sessionId: SessionId,
): Promise<ReviewQueueItem[]> {
  const { db } = context;
  const session = await getSessionRow(db, sessionId);
  const { rows } = await db.query<QueueRow>(
    `select c.id, c.image_id, c.student_id, c.assignment_status, c.confidence
     from face_crops c join session_images i on i.id = c.image_id
     where i.session_id = $1
       and ((c.assignment_status = 'unassigned' and c.group_id is null and not c.low_quality)
            or (c.assignment_status = 'auto' and coalesce(c.confidence, 0) < $2))
     order by i.created_at, c.image_id, c.id`,
    [sessionId, PRESENT_CONFIDENCE],
  );
  if (rows.length === 0) return [];
  const proposals = rows.some((r) => r.assignment_status === 'unassigned')
    ? await (
        await assignmentServiceFor(context, { sessionId })
      ).assignSessionCrops(sessionId, { autoCommit: false })
    : { results: [] };
  const proposalOf = new Map(proposals.results.map((p) => [p.cropId, p]));
  const { rows: students } = await db.query<{ id: StudentId; name: string }>(
    'select id, name from students where class_id = $1',
    [session.class_id],
  );
  const nameOf = new Map(students.map((s) => [s.id, s.name]));
  const items = rows.map((row): ReviewQueueItem => {
    const proposal = proposalOf.get(row.id);
    const candidateId =
      row.assignment_status === 'auto' ? row.student_id : (proposal?.candidateId ?? null);
    const confidence =
      row.assignment_status === 'auto'
        ? Number(row.confidence ?? 0)
        : candidateId
          ? (proposal?.confidence ?? 0)
          : 0;
    return {
      cropId: row.id,
      imageId: row.image_id,
      studentId: row.student_id,
      assignmentStatus: row.assignment_status,
      candidateId,
      candidateName: candidateId ? (nameOf.get(candidateId) ?? null) : null,
      confidence,
    };
  });
  // Stable: equal confidences keep photo order.
  return items.sort((a, b) => a.confidence - b.confidence);
}
