// Tests of corrections and assignment start from a class whose questions were answered: each
// question group a clustering run formed becomes a student of its own ("Unnamed N", automatic
// faces with the group's confidence). Recognition itself never creates a student.
import type { ClassId } from '../../src/contracts/ids';
import type { ClusterCropsResult } from '../../src/contracts/clustering';
import type { Queryable } from '../../src/db/open';

export async function studentsFromGroups(
  db: Queryable,
  classId: ClassId,
  result: ClusterCropsResult,
): Promise<void> {
  for (const [i, cluster] of result.clusters.entries()) {
    if (cluster.studentId) continue;
    const { rows } = await db.query<{ id: string }>(
      `insert into students (class_id, name, is_auto_created) values ($1, $2, true) returning id`,
      [classId, `Unnamed ${i + 1}`],
    );
    await db.query(
      `update face_crops set student_id = $1, assignment_status = 'auto', confidence = $2
       where id = any($3::uuid[]) and assignment_status = 'unassigned'`,
      [rows[0]!.id, cluster.confidence, cluster.cropIds],
    );
  }
  await db.query(
    'delete from face_groups g where not exists (select 1 from face_crops c where c.group_id = g.id)',
  );
}
