// "Who's who": the questions of a session or class as the teacher answers them, each with a
// suggestion only when the app's own assignment rule backs it (a dry run of assignment over the
// scope's unknown faces: nothing is written). The rule: src/domain/assignment/group-suggestion.ts.
import type { StudentId } from '../../contracts/ids';
import type { FaceGroup, ReviewScope } from '../../contracts/review';
import { groupSuggestion } from '../../domain/assignment/group-suggestion';
import type { CoreContext } from '../core-context';
import { assignmentServiceFor } from '../settings/settings-api';
import { listFaceGroups } from './face-groups';

export async function listWhosWho(context: CoreContext, scope: ReviewScope): Promise<FaceGroup[]> {
  const groups = (await listFaceGroups(context, scope)).filter((g) => g.kind === 'unsorted');
  if (groups.length === 0) return [];
  const decidedFor = await studentsTheRuleWouldGive(context, scope);
  const { rows } = await context.db.query<{ id: StudentId; name: string }>(
    `select s.id, s.name from students s
     where s.class_id = ${
       'sessionId' in scope ? '(select class_id from sessions where id = $1)' : '$1'
     }`,
    ['sessionId' in scope ? scope.sessionId : scope.classId],
  );
  const nameOf = new Map(rows.map((s) => [s.id, s.name]));
  return groups.map((group) => {
    const studentId = groupSuggestion(
      group.faces.map((f) => ({ studentId: decidedFor.get(f.cropId) ?? null })),
    ) as StudentId | null;
    const name = studentId ? nameOf.get(studentId) : undefined;
    return { ...group, suggestion: studentId && name ? { studentId, name } : null };
  });
}

/** Unknown faces of the scope the assignment rule would give to a student now, and to whom. */
async function studentsTheRuleWouldGive(
  context: CoreContext,
  scope: ReviewScope,
): Promise<Map<string, StudentId>> {
  // With no identified face in the class there is nothing to compare with (a new class).
  const { rows } = await context.db.query<{ known: boolean }>(
    `select exists (
       select 1 from face_crops c where c.student_id is not null and c.class_id = ${
         'sessionId' in scope ? '(select class_id from sessions where id = $1)' : '$1'
       }) as known`,
    ['sessionId' in scope ? scope.sessionId : scope.classId],
  );
  if (!rows[0]?.known) return new Map();
  const service = await assignmentServiceFor(context, scope);
  const dryRun =
    'sessionId' in scope
      ? await service.assignSessionCrops(scope.sessionId, { autoCommit: false })
      : await service.assignClassCrops(scope.classId, { autoCommit: false });
  return new Map(
    dryRun.results.flatMap((r) =>
      r.reason === 'assigned' && r.studentId ? [[r.cropId, r.studentId] as const] : [],
    ),
  );
}
