// "Recognise students" and "Improve recognition": the card's workflows on the roster-first model
// (issue 12). Students are the class list; recognition never creates one. What it cannot name
// becomes questions: question groups of the class's unknown faces (face_groups), answered by the
// teacher with a roster name, a new name or "not in this class".
// - New Class Setup (no face of the class identified yet): nothing to compare with, so the
//   session's faces are grouped with the high-precision clustering parameters (the card's "high
//   threshold for precision": a group is one person, at the cost of sometimes two groups for one
//   person, which the teacher answers with the same name) and the groups are asked.
// - Existing Class: the session's faces are assigned to the known students by kNN, faces matching
//   someone dismissed are dismissed with them, and the rest are grouped with the class's own
//   parameters and asked ("review unassigned, manually assign or cluster remaining").
// - Accuracy Improvement (improveClassRecognition): every automatic decision of the class
//   (assignments and automatic dismissals) is re-examined with the high-precision assignment
//   parameters ("re-run assignment with a higher threshold"), and the class is re-grouped. The
//   teacher's answers (confirmed faces, rejections, dismissals) are kept as constraints.
// Groups are re-formed over the whole class each time, so a person seen in several lessons and
// not named yet is one question. "Low quality, not counted" faces are never assigned or asked.
// Only processed photos take part; photos still being processed are reported, so the teacher can
// run it again once they are done.
import type { RecogniseResult, RecognitionParameters } from '../../contracts/attendance';
import type { ClassId, SessionId } from '../../contracts/ids';
import type { Database } from '../../db/open';
import { presetParameters } from '../../domain/recognition/presets';
import type { CoreContext } from '../core-context';
import { getClassSettings } from '../settings/class-settings';
import { assignmentServiceFor, clusteringServiceFor } from '../settings/settings-api';
import { getSessionRow } from './sheet';

async function sessionFaceCounts(db: Database, sessionId: SessionId) {
  const { rows } = await db.query<{
    unknown: number;
    questions: number;
    processing: number;
    low_quality: number;
  }>(
    `select
       (select count(*) from face_crops c join session_images i on i.id = c.image_id
        where i.session_id = $1 and c.assignment_status = 'unassigned' and not c.low_quality)::int
         as unknown,
       (select count(distinct c.group_id) from face_crops c join session_images i on i.id = c.image_id
        where i.session_id = $1 and c.group_id is not null)::int as questions,
       (select count(*) from face_crops c join session_images i on i.id = c.image_id
        where i.session_id = $1 and c.assignment_status = 'unassigned' and c.low_quality)::int
         as low_quality,
       (select count(*) from session_images i
        where i.session_id = $1 and i.status in ('pending', 'processing'))::int as processing`,
    [sessionId],
  );
  return rows[0]!;
}

/** Whether the class has anyone to compare faces with: a student's or a dismissed person's face. */
async function hasKnownFaces(db: Database, classId: ClassId): Promise<boolean> {
  const { rows } = await db.query<{ known: boolean }>(
    `select exists (
       select 1 from face_crops
       where class_id = $1 and (assignment_status in ('auto', 'confirmed')
                                or (assignment_status = 'rejected' and dismissed_id is not null))
     ) as known`,
    [classId],
  );
  return rows[0]?.known ?? false;
}

/**
 * Re-forms the class's question groups from its unknown faces. A new class uses the
 * high-precision clustering parameters of its model; an existing one its own preset's.
 */
async function formQuestionGroups(
  context: CoreContext,
  classId: ClassId,
  isNewClass: boolean,
  groupingThreshold?: number,
): Promise<void> {
  const { embeddingModel } = await getClassSettings(context.db, classId);
  const highPrecision = presetParameters('high-precision', embeddingModel).clustering;
  const threshold =
    groupingThreshold ?? (isNewClass ? highPrecision.similarityThreshold : undefined);
  const options = threshold === undefined ? {} : { similarityThreshold: threshold };
  const service = await clusteringServiceFor(context, { classId }, options);
  await service.clusterClassCrops(classId, { formGroups: true, assignCrops: false });
}

/** Runs with the class's recognition settings (model and preset). */
export async function recogniseSession(
  context: CoreContext,
  sessionId: SessionId,
  parameters: RecognitionParameters = {},
): Promise<RecogniseResult> {
  const { groupingThreshold, ...assignment } = parameters;
  const { db } = context;
  const session = await getSessionRow(db, sessionId);
  const before = await sessionFaceCounts(db, sessionId);
  if (before.unknown === 0) {
    return {
      path: 'nothing-to-do',
      facesAssigned: 0,
      facesDismissed: 0,
      facesLeftForReview: 0,
      questions: before.questions,
      lowQualityFaces: before.low_quality,
      photosProcessing: before.processing,
    };
  }
  const isNewClass = !(await hasKnownFaces(db, session.class_id));
  let facesAssigned = 0;
  let facesDismissed = 0;
  if (!isNewClass) {
    const service = await assignmentServiceFor(context, { sessionId }, assignment);
    const result = await service.assignSessionCrops(sessionId, { autoCommit: true });
    facesAssigned = result.assigned;
    facesDismissed = result.dismissed;
  }
  await formQuestionGroups(context, session.class_id, isNewClass, groupingThreshold);
  const after = await sessionFaceCounts(db, sessionId);
  return {
    path: isNewClass ? 'cluster' : 'assign',
    facesAssigned,
    facesDismissed,
    facesLeftForReview: after.unknown,
    questions: after.questions,
    lowQualityFaces: after.low_quality,
    photosProcessing: after.processing,
  };
}

/**
 * Accuracy Improvement for a class: automatic decisions are undone and made again with the
 * high-precision assignment parameters of the class's model, photo by photo in the order they
 * were taken; then the class's questions are re-formed. Confirmed faces, the teacher's
 * rejections and dismissals are never touched.
 */
export async function improveClassRecognition(
  context: CoreContext,
  classId: ClassId,
): Promise<{ facesReassigned: number; facesNowQuestions: number; questions: number }> {
  const { db } = context;
  const service = await assignmentServiceFor(context, { classId }, { preset: 'high-precision' });
  const { rows } = await db.query<{ n: number }>(
    `with undone as (
       update face_crops set student_id = null, assignment_status = 'unassigned',
         confidence = null, updated_at = now()
       where class_id = $1 and confidence is not null
         and (assignment_status = 'auto'
              or (assignment_status = 'rejected' and dismissed_id is not null))
       returning 1)
     select count(*)::int as n from undone`,
    [classId],
  );
  const undone = rows[0]?.n ?? 0;
  const result = await service.assignClassCrops(classId, { autoCommit: true });
  await formQuestionGroups(context, classId, false);
  const { rows: counts } = await db.query<{ unknown: number; questions: number }>(
    `select count(*) filter (where assignment_status = 'unassigned' and not low_quality)::int
              as unknown,
            count(distinct group_id)::int as questions
     from face_crops where class_id = $1`,
    [classId],
  );
  return {
    facesReassigned: result.assigned + result.dismissed,
    facesNowQuestions: Math.max(0, undone - result.assigned - result.dismissed),
    questions: counts[0]?.questions ?? 0,
  };
}
