// The teacher's corrections: confirm or move faces, "not in this class", name, merge, split.
// Answering a question group is one of these on the group's faces (questions.ts).
// Each runs in one transaction with its audit entry, whose old_value is the ReviewChange that
// undo replays backwards (src/core/history). The rules that make corrections stick:
// - a face moved away from a student records that pairing as rejected, so neither clustering
//   nor assignment ever pairs them again; moving it back to that student lifts the rejection;
// - confirmed faces are never moved by clustering or assignment (they anchor their student);
// - naming a student with another student's name merges the two (one person, one student).
import type { Student } from '../../contracts/entities';
import { notFoundError, validationError } from '../../contracts/errors';
import type {
  ClassId,
  CropId,
  DismissedId,
  GroupId,
  SessionId,
  StudentId,
} from '../../contracts/ids';
import type { Database, Queryable } from '../../db/open';
import { validateName } from '../../domain/names';
import { recordUndoableChange } from '../history/undo-history';
import { withDbErrors } from '../shared/db-errors';
import { studentNotFound } from '../shared/not-found';
import { listStudents } from '../students/students';
import { emptyChange, snapshotFaces, snapshotStudent, type ReviewChange } from './review-changes';
import { fromDomain } from '../shared/domain-errors';

/** Audit actions of review changes start with this (undoable: src/core/history). */
const REVIEW_ACTION = 'review:';

const dismissedNotFound = () =>
  notFoundError('This person is no longer on the dismissed list.', { entity: 'dismissed' });

const facesNotFound = () =>
  notFoundError('Some of these faces no longer exist. Their photo may have been deleted.');

export async function confirmFaces(
  db: Database,
  cropIds: readonly CropId[],
  studentId: StudentId,
): Promise<void> {
  await inReview(db, async (tx) => {
    const student = await requireStudent(tx, studentId);
    const classId = await requireFacesOfClass(tx, cropIds, student.classId);
    const change = emptyChange({ kind: 'moved-faces', faces: cropIds.length, to: student.name });
    await giveFaces(tx, change, classId, cropIds, studentId);
    return audit(tx, classId, 'confirm-faces', cropIds[0]!, change, { studentId });
  });
}

export async function assignFacesToName(
  db: Database,
  cropIds: readonly CropId[],
  rawName: string,
): Promise<Student> {
  const name = fromDomain(() => validateName(rawName, 'student'));
  return inReview(db, async (tx) => {
    const classId = await requireFacesOfClass(tx, cropIds, null);
    const existing = await studentByName(tx, classId, name);
    // Said with the class list's spelling of the name ("penny" names the faces Penny).
    const change = emptyChange({
      kind: 'named-faces',
      faces: cropIds.length,
      name: existing?.name ?? name,
    });
    const studentId = existing?.id ?? (await createStudent(tx, change, classId, name, false));
    await giveFaces(tx, change, classId, cropIds, studentId);
    await audit(tx, classId, 'assign-faces-to-name', cropIds[0]!, change, { studentId, name });
    return findStudent(tx, classId, studentId);
  });
}

/**
 * "Not in this class": the faces are one person the teacher dismissed. They stay as that
 * person's negative examples, so later faces matching them are dismissed automatically.
 */
export async function markNotAStudent(db: Database, cropIds: readonly CropId[]): Promise<void> {
  await inReview(db, async (tx) => {
    const classId = await requireFacesOfClass(tx, cropIds, null);
    const change = emptyChange({ kind: 'not-in-class', faces: cropIds.length });
    change.faces = await snapshotFaces(tx, cropIds);
    const { rows } = await tx.query<{ id: DismissedId }>(
      'insert into dismissed_people (class_id) values ($1) returning id',
      [classId],
    );
    const dismissedId = rows[0]!.id;
    await tx.query(
      `update face_crops set student_id = null, assignment_status = 'rejected', confidence = null,
              dismissed_id = $2, updated_at = now() where id = any($1::uuid[])`,
      [cropIds, dismissedId],
    );
    return audit(tx, classId, 'not-a-student', cropIds[0]!, change, { dismissedId });
  });
}

/**
 * "Ask me again" on the dismissed list: the faces are unknown again, one question group, and
 * are never dismissed automatically with that person again (the person is gone).
 */
export async function restoreDismissed(db: Database, dismissedId: DismissedId): Promise<GroupId> {
  return inReview(db, async (tx) => {
    const { rows } = await withDbErrors({ notFound: dismissedNotFound }, () =>
      tx.query<{ id: CropId; class_id: ClassId }>(
        'select id, class_id from face_crops where dismissed_id = $1 order by id',
        [dismissedId],
      ),
    );
    if (rows.length === 0) throw dismissedNotFound();
    const classId = rows[0]!.class_id;
    const cropIds = rows.map((r) => r.id);
    const change = emptyChange({ kind: 'asked-again', faces: cropIds.length });
    change.faces = await snapshotFaces(tx, cropIds);
    const groupId = await newQuestionGroup(tx, classId, cropIds);
    await tx.query('delete from dismissed_people where id = $1', [dismissedId]);
    await audit(tx, classId, 'restore-dismissed', cropIds[0]!, change, { groupId });
    return groupId;
  });
}

/** The faces, now unknown, as one question group of their own. */
async function newQuestionGroup(
  tx: Queryable,
  classId: ClassId,
  cropIds: readonly CropId[],
): Promise<GroupId> {
  const { rows } = await tx.query<{ id: GroupId }>(
    `insert into face_groups (class_id, cohesion, confidence) values ($1, 1, 0.5) returning id`,
    [classId],
  );
  const groupId = rows[0]!.id;
  await tx.query(
    `update face_crops set student_id = null, assignment_status = 'unassigned', confidence = null,
            group_id = $2, updated_at = now() where id = any($1::uuid[])`,
    [cropIds, groupId],
  );
  return groupId;
}

export async function nameStudent(
  db: Database,
  studentId: StudentId,
  rawName: string,
): Promise<Student> {
  const name = fromDomain(() => validateName(rawName, 'student'));
  return inReview(db, async (tx) => {
    const student = await requireStudent(tx, studentId);
    const other = (await studentByName(tx, student.classId, name))?.id;
    if (other && other !== studentId) return merge(tx, studentId, other);
    const change = emptyChange({ kind: 'renamed', from: student.name, to: name });
    change.renamed = [(await snapshotStudent(tx, studentId))!];
    await tx.query(
      `update students set name = $2, is_auto_created = false, updated_at = now() where id = $1`,
      [studentId, name],
    );
    await audit(tx, student.classId, 'name-student', studentId, change, { name });
    return findStudent(tx, student.classId, studentId);
  });
}

export async function mergeStudents(
  db: Database,
  fromId: StudentId,
  intoId: StudentId,
): Promise<Student> {
  if (fromId === intoId) throw validationError('A student cannot be merged into themselves.');
  return inReview(db, (tx) => merge(tx, fromId, intoId));
}

/**
 * "Split off": the faces are someone else, not yet known. They leave their student (the pairing
 * is recorded as rejected) and become one new question group; no student is created.
 */
export async function splitFaces(db: Database, cropIds: readonly CropId[]): Promise<GroupId> {
  return inReview(db, async (tx) => {
    const classId = await requireFacesOfClass(tx, cropIds, null);
    const change = emptyChange({ kind: 'someone-else', faces: cropIds.length });
    change.faces = await snapshotFaces(tx, cropIds);
    for (const face of change.faces.filter((f) => f.student_id)) {
      const { rows } = await tx.query<ReviewChange['addedRejections'][number]>(
        `insert into crop_rejections (crop_id, student_id, class_id) values ($1, $2, $3)
         on conflict do nothing returning crop_id, student_id`,
        [face.id, face.student_id, classId],
      );
      change.addedRejections.push(...rows);
    }
    const groupId = await newQuestionGroup(tx, classId, cropIds);
    await audit(tx, classId, 'split-faces', cropIds[0]!, change, { groupId });
    return groupId;
  });
}

// ---------------------------------------------------------------------------------------------

async function merge(tx: Queryable, fromId: StudentId, intoId: StudentId): Promise<Student> {
  const from = await requireStudent(tx, fromId);
  const into = await requireStudent(tx, intoId);
  if (from.classId !== into.classId) {
    throw validationError('These students are in different classes and cannot be merged.');
  }
  const classId = into.classId;
  const change = emptyChange({ kind: 'merged', from: from.name, into: into.name });
  const { rows: faces } = await tx.query<{ id: CropId }>(
    'select id from face_crops where student_id = $1',
    [fromId],
  );
  change.faces = await snapshotFaces(
    tx,
    faces.map((f) => f.id),
  );
  await tx.query(
    `update face_crops set student_id = $2, updated_at = now() where student_id = $1`,
    [fromId, intoId],
  );
  // The merged student's attendance overrides carry over where the other has none.
  const { rows: moved } = await tx.query<{ session_id: SessionId }>(
    `update attendance a set student_id = $2 where a.student_id = $1
       and not exists (select 1 from attendance b where b.student_id = $2 and b.session_id = a.session_id)
     returning a.session_id`,
    [fromId, intoId],
  );
  if (moved.length > 0) {
    change.movedAttendance.push({
      from: fromId,
      to: intoId,
      sessionIds: moved.map((m) => m.session_id),
    });
  }
  change.deletedAttendance = (
    await tx.query<ReviewChange['deletedAttendance'][number]>(
      `select session_id, student_id, status, source, evidence_crop_id from attendance where student_id = $1`,
      [fromId],
    )
  ).rows;
  // "Not this student" decisions about the merged one now hold for the one they joined.
  change.deletedRejections = (
    await tx.query<ReviewChange['deletedRejections'][number]>(
      'select crop_id, student_id from crop_rejections where student_id = $1',
      [fromId],
    )
  ).rows;
  change.addedRejections = (
    await tx.query<ReviewChange['addedRejections'][number]>(
      `insert into crop_rejections (crop_id, student_id, class_id)
       select crop_id, $2, class_id from crop_rejections where student_id = $1
       on conflict do nothing returning crop_id, student_id`,
      [fromId, intoId],
    )
  ).rows;
  change.deleted = [(await snapshotStudent(tx, fromId))!];
  await tx.query('delete from students where id = $1', [fromId]);
  // Merging a named student into an unnamed one keeps the name the teacher gave.
  if (into.isAutoCreated && !from.isAutoCreated) {
    change.renamed = [(await snapshotStudent(tx, intoId))!];
    await tx.query(
      `update students set name = $2, is_auto_created = false, updated_at = now() where id = $1`,
      [intoId, from.name],
    );
  }
  await audit(tx, classId, 'merge-students', intoId, change, { fromId, intoId }, 'student');
  return findStudent(tx, classId, intoId);
}

/** Gives faces to a student as confirmed, recording the pairings they leave as rejected. */
async function giveFaces(
  tx: Queryable,
  change: ReviewChange,
  classId: ClassId,
  cropIds: readonly CropId[],
  studentId: StudentId,
): Promise<void> {
  change.faces = await snapshotFaces(tx, cropIds);
  const leaving = change.faces.filter((f) => f.student_id && f.student_id !== studentId);
  for (const face of leaving) {
    const { rows } = await tx.query<ReviewChange['addedRejections'][number]>(
      `insert into crop_rejections (crop_id, student_id, class_id) values ($1, $2, $3)
       on conflict do nothing returning crop_id, student_id`,
      [face.id, face.student_id, classId],
    );
    change.addedRejections.push(...rows);
  }
  change.removedRejections = (
    await tx.query<ReviewChange['removedRejections'][number]>(
      `delete from crop_rejections where student_id = $1 and crop_id = any($2::uuid[])
       returning crop_id, student_id`,
      [studentId, cropIds],
    )
  ).rows;
  await tx.query(
    `update face_crops set student_id = $2, assignment_status = 'confirmed', confidence = null,
            updated_at = now() where id = any($1::uuid[])`,
    [cropIds, studentId],
  );
}

async function createStudent(
  tx: Queryable,
  change: ReviewChange,
  classId: ClassId,
  name: string,
  isAutoCreated: boolean,
): Promise<StudentId> {
  const { rows } = await tx.query<{ id: StudentId }>(
    'insert into students (class_id, name, is_auto_created) values ($1, $2, $3) returning id',
    [classId, name, isAutoCreated],
  );
  change.created.push(rows[0]!.id);
  return rows[0]!.id;
}

async function requireStudent(tx: Queryable, studentId: StudentId) {
  const { rows } = await withDbErrors({ notFound: studentNotFound }, () =>
    tx.query<{ class_id: ClassId; name: string; is_auto_created: boolean }>(
      'select class_id, name, is_auto_created from students where id = $1',
      [studentId],
    ),
  );
  const row = rows[0];
  if (!row) throw studentNotFound();
  return { classId: row.class_id, name: row.name, isAutoCreated: row.is_auto_created };
}

/** The faces' class; every face must exist, and be of `classId` when given. */
async function requireFacesOfClass(
  tx: Queryable,
  cropIds: readonly CropId[],
  classId: ClassId | null,
): Promise<ClassId> {
  if (cropIds.length === 0) throw validationError('Select at least one face.');
  const unique = [...new Set(cropIds)];
  const { rows } = await withDbErrors({ notFound: facesNotFound }, () =>
    tx.query<{ class_id: ClassId }>('select class_id from face_crops where id = any($1::uuid[])', [
      unique,
    ]),
  );
  if (rows.length !== unique.length) throw facesNotFound();
  const classes = new Set(rows.map((r) => r.class_id));
  const only = rows[0]!.class_id;
  if (classes.size > 1 || (classId && only !== classId)) {
    throw validationError('These faces and this student are not all in the same class.');
  }
  return only;
}

async function studentByName(tx: Queryable, classId: ClassId, name: string) {
  const { rows } = await tx.query<{ id: StudentId; name: string }>(
    'select id, name from students where class_id = $1 and lower(name) = lower($2)',
    [classId, name],
  );
  return rows[0] ?? null;
}

async function findStudent(tx: Queryable, classId: ClassId, studentId: StudentId) {
  const student = (await listStudents(tx, classId)).find((s) => s.id === studentId);
  if (!student) throw studentNotFound();
  return student;
}

async function audit(
  tx: Queryable,
  classId: ClassId,
  action: string,
  entityId: string,
  change: ReviewChange,
  newValue: unknown,
  entity: 'face_crop' | 'student' = 'face_crop',
): Promise<void> {
  await recordUndoableChange(tx, {
    classId,
    entity,
    entityId,
    action: REVIEW_ACTION + action,
    change,
    newValue,
  });
}

/** One transaction per review change, with database errors in plain words. */
function inReview<T>(db: Database, work: (tx: Queryable) => Promise<T>): Promise<T> {
  return withDbErrors({ notFound: studentNotFound }, () => db.transaction(work));
}
