// "Recognise students": the seed's workflows for a session, decided in one place.
// - New class (no face of the class identified yet): cluster the session's faces, each group
//   becoming an "Unnamed N" student the teacher can then name ("New Class Setup").
// - Existing class: assign the faces to the known students by kNN; the faces left over wait in
//   the review queue ("Existing Class").
// Only processed photos take part; photos still being processed are reported, so the teacher
// can run it again once they are done (it only ever touches faces without a student).
import type { RecogniseResult } from '../../contracts/attendance';
import type { SessionId } from '../../contracts/ids';
import type { Database } from '../../db/open';
import type { CoreContext } from '../core-context';
import { assignmentServiceFor, clusteringServiceFor } from '../settings/settings-api';
import { getSessionRow } from './sheet';

async function sessionFaceCounts(db: Database, sessionId: SessionId) {
  const { rows } = await db.query<{ unassigned: number; processing: number }>(
    `select
       (select count(*) from face_crops c join session_images i on i.id = c.image_id
        where i.session_id = $1 and c.assignment_status = 'unassigned')::int as unassigned,
       (select count(*) from session_images i
        where i.session_id = $1 and i.status in ('pending', 'processing'))::int as processing`,
    [sessionId],
  );
  return rows[0]!;
}

/** Runs with the class's recognition settings (model and preset). */
export async function recogniseSession(
  context: CoreContext,
  sessionId: SessionId,
): Promise<RecogniseResult> {
  const { db } = context;
  const session = await getSessionRow(db, sessionId);
  const before = await sessionFaceCounts(db, sessionId);
  if (before.unassigned === 0) {
    return {
      path: 'nothing-to-do',
      studentsCreated: [],
      facesAssigned: 0,
      facesLeftForReview: 0,
      photosProcessing: before.processing,
    };
  }
  const { rows } = await db.query<{ known: boolean }>(
    `select exists (select 1 from face_crops
                    where class_id = $1 and assignment_status in ('auto', 'confirmed')) as known`,
    [session.class_id],
  );
  const isNewClass = !rows[0]?.known;
  let studentsCreated: RecogniseResult['studentsCreated'] = [];
  let facesAssigned: number;
  if (isNewClass) {
    const service = await clusteringServiceFor(context, { sessionId });
    const result = await service.clusterSessionCrops(sessionId, {
      createStudents: true,
      assignCrops: true,
    });
    studentsCreated = result.studentsCreated;
    facesAssigned = result.cropsAssigned;
  } else {
    const service = await assignmentServiceFor(context, { sessionId });
    const result = await service.assignSessionCrops(sessionId, {
      autoCommit: true,
    });
    facesAssigned = result.assigned;
  }
  const after = await sessionFaceCounts(db, sessionId);
  return {
    path: isNewClass ? 'cluster' : 'assign',
    studentsCreated,
    facesAssigned,
    facesLeftForReview: after.unassigned,
    photosProcessing: after.processing,
  };
}
