// The database check: rules the schema does not (or cannot) enforce on its own, plus a few it
// does, asserted again so that a test or a teacher's "Check data" would notice a schema change
// that lost them. Run after every integration test that uses a database, at the end of browser
// tests, and from the Device & privacy page. An empty list means all is well.
import type { ConsistencyProblem } from '../contracts/backup';
import { EMBEDDING_MODEL_IDS } from '../domain/recognition/models';
import type { Queryable } from './open';

interface Rule {
  check: string;
  /** Returns one row per problem, with a `detail` column saying where. */
  sql: string;
  params?: unknown[];
  describe: (detail: string) => string;
}

const RULES: Rule[] = [
  {
    check: 'face-image',
    sql: `select c.id::text as detail from face_crops c
          left join session_images i on i.id = c.image_id and i.class_id = c.class_id
          where i.id is null`,
    describe: (id) => `Face ${id} belongs to no photo of its class`,
  },
  {
    check: 'face-student-class',
    sql: `select c.id::text as detail from face_crops c join students s on s.id = c.student_id
          where s.class_id <> c.class_id`,
    describe: (id) => `Face ${id} is assigned to a student of another class`,
  },
  {
    check: 'face-assignment-status',
    sql: `select id::text as detail from face_crops
          where (student_id is null) <> (assignment_status in ('unassigned', 'rejected'))`,
    describe: (id) => `Face ${id} has a student and an assignment status that disagree`,
  },
  {
    check: 'face-group-status',
    sql: `select id::text as detail from face_crops
          where (group_id is not null and assignment_status <> 'unassigned')
             or (dismissed_id is not null and assignment_status <> 'rejected')`,
    describe: (id) => `Face ${id} is in a question group or dismissed list it was answered out of`,
  },
  {
    check: 'duplicate-face',
    sql: `select a.id::text as detail from face_crops a join face_crops b
            on b.image_id = a.image_id and b.id > a.id
           and b.box_x = a.box_x and b.box_y = a.box_y and b.box_w = a.box_w and b.box_h = a.box_h`,
    describe: (id) => `Face ${id} is stored twice for the same photo`,
  },
  {
    check: 'embedding-crop',
    sql: `select e.id::text as detail from embeddings e left join face_crops c on c.id = e.crop_id
          where c.id is null`,
    describe: (id) => `Embedding ${id} belongs to no face`,
  },
  {
    check: 'embedding-dimension',
    sql: `select id::text as detail from embeddings where vector_dims(vector) <> dimension`,
    describe: (id) => `Embedding ${id} has a vector of the wrong length`,
  },
  {
    check: 'embedding-model',
    sql: `select id::text || ' (' || model_id || ')' as detail from embeddings
          where not (model_id = any($1::text[]))`,
    params: [EMBEDDING_MODEL_IDS],
    describe: (id) => `Embedding ${id} was made by a model this Rollcall does not know`,
  },
  {
    check: 'embedding-model-dimension',
    sql: `select model_id as detail from embeddings group by model_id
          having count(distinct dimension) > 1`,
    describe: (model) => `Embeddings of model ${model} have different lengths`,
  },
  {
    check: 'photo-processed-at',
    sql: `select id::text as detail from session_images
          where (status = 'done') <> (processed_at is not null)`,
    describe: (id) => `Photo ${id} has a processing time that disagrees with its status`,
  },
  {
    check: 'photo-failed-error',
    sql: `select id::text as detail from session_images where status = 'failed' and last_error is null`,
    describe: (id) => `Photo ${id} failed without saying why`,
  },
  {
    check: 'faces-of-unfinished-photo',
    sql: `select distinct i.id::text as detail from session_images i
          join face_crops c on c.image_id = i.id where i.status in ('pending', 'failed')`,
    describe: (id) => `Photo ${id} has faces but is not processed`,
  },
  {
    check: 'rejection-class',
    sql: `select r.crop_id::text || '/' || r.student_id::text as detail from crop_rejections r
          join face_crops c on c.id = r.crop_id join students s on s.id = r.student_id
          where c.class_id <> r.class_id or s.class_id <> r.class_id`,
    describe: (pair) => `Rejection ${pair} mixes classes`,
  },
  {
    check: 'attendance-class',
    sql: `select a.session_id::text || '/' || a.student_id::text as detail from attendance a
          join sessions se on se.id = a.session_id join students st on st.id = a.student_id
          where se.class_id <> a.class_id or st.class_id <> a.class_id`,
    describe: (pair) => `Attendance ${pair} mixes classes`,
  },
  {
    check: 'audit-sequence',
    sql: `select max(id)::text as detail from audit_log
          having max(id) >= (select case when is_called then last_value + 1 else last_value end
                             from audit_log_id_seq)`,
    describe: (id) => `The next audit entry would reuse id ${id}`,
  },
];

export async function checkConsistency(db: Queryable): Promise<ConsistencyProblem[]> {
  const problems: ConsistencyProblem[] = [];
  for (const rule of RULES) {
    const { rows } = await db.query<{ detail: string }>(rule.sql, rule.params ?? []);
    for (const row of rows)
      problems.push({ check: rule.check, message: rule.describe(row.detail) });
  }
  return problems;
}

/**
 * Photo rows against the photo store's keys: every row needs its bytes, and bytes without a
 * row are leftovers (collected at start, so a few right after a deletion are not a problem
 * for the app, but a test that has finished should have none).
 */
export async function checkPhotoBytes(
  db: Queryable,
  storedIds: readonly string[],
): Promise<ConsistencyProblem[]> {
  const { rows } = await db.query<{ id: string }>('select id::text as id from session_images');
  const rowIds = new Set(rows.map((r) => r.id));
  const stored = new Set(storedIds);
  return [
    ...rows
      .filter((r) => !stored.has(r.id))
      .map((r) => ({ check: 'photo-bytes', message: `Photo ${r.id} has no stored file` })),
    ...storedIds
      .filter((id) => !rowIds.has(id))
      .map((id) => ({ check: 'orphan-photo-bytes', message: `Stored file ${id} has no photo` })),
  ];
}

/** Rows per table of the public schema (migration bookkeeping left out). */
export async function countTableRows(db: Queryable): Promise<Record<string, number>> {
  const { rows: tables } = await db.query<{ name: string }>(
    `select table_name as name from information_schema.tables
     where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'schema_migrations'
     order by table_name`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const { rows } = await db.query<{ n: number }>(
      `select count(*)::int as n from "${name.replaceAll('"', '""')}"`,
    );
    counts[name] = rows[0]?.n ?? 0;
  }
  return counts;
}
