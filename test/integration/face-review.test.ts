// The teacher's corrections on real clustered faces: name, merge, move, split, "not a student",
// and undo. Real PGlite, real models, real photos (three bbt photos, seven people, 16 faces).
import { beforeAll, describe, expect, test } from 'vitest';
import type { ClassId, CropId, SessionId, StudentId } from '../../src/contracts/ids';
import type { ReviewScope } from '../../src/contracts/review';
import { FaceCropClusteringService } from '../../src/core/clustering/face-crop-clustering';
import {
  assignFacesToName,
  confirmFaces,
  markNotAStudent,
  mergeStudents,
  nameStudent,
  splitFaces,
} from '../../src/core/review/face-review';
import { undoLastChange } from '../../src/core/history/undo-history';
import { createClass } from '../../src/core/classes/classes';
import { addStudent } from '../../src/core/students/students';
import { studentsFromGroups } from '../support/answered-groups';
import type { Database, Queryable } from '../../src/db/open';
import { expectAppError } from '../support/errors';
import { dataApiFor, processedClass, type ProcessedClass } from '../support/processed-class';

let base: ProcessedClass;
let processed: Database;
let classId: ClassId;
let sessionId: SessionId;

beforeAll(async () => {
  base = await processedClass(['bbt3.jpg', 'bbt4.jpg', 'bbt5.jpg']);
  ({ db: processed, classId, sessionId } = base);
}, 120_000);

/** The faces of a scope as the review screen gets them (through the core's data API). */
const faceGroups = (db: Database, scope: ReviewScope) => dataApiFor(base, db).listFaceGroups(scope);

/** A copy of the processed database with the session clustered into "Unnamed" students. */
/** The session's faces clustered, each question answered with a student of its own. */
async function clusteredDb(): Promise<Database> {
  const db = (await processed.clone()) as Database;
  const result = await new FaceCropClusteringService(db).clusterSessionCrops(sessionId);
  await studentsFromGroups(db, classId, result);
  return db;
}

async function studentGroups(db: Database) {
  return (await faceGroups(db, { sessionId })).filter((g) => g.kind === 'student');
}

/** Every row of the class that the review operations may touch, in a stable order. */
async function reviewState(db: Queryable) {
  const q = async (sql: string) => (await db.query(sql)).rows;
  const { rows: students } = await db.query(
    'select id, name, is_auto_created from students where class_id = $1 order by id',
    [classId],
  );
  return {
    students,
    faces: await q(
      'select id, student_id, assignment_status, confidence from face_crops order by id',
    ),
    rejections: await q(
      'select crop_id, student_id from crop_rejections order by crop_id, student_id',
    ),
    attendance: await q(
      'select session_id, student_id, status, source from attendance order by 1, 2',
    ),
  };
}

async function reviewAudit(db: Queryable) {
  const { rows } = await db.query<{ action: string }>(
    `select action from audit_log where action like 'review:%' or action = 'undo' order by id`,
  );
  return rows.map((r) => r.action);
}

describe('listFaceGroups', () => {
  test('unknown faces are shown as the questions recognition formed, never as students', async () => {
    const db = (await processed.clone()) as Database;
    const before = await reviewState(db);
    // Before any run: each unknown face on its own, and listing writes nothing.
    const ungrouped = await faceGroups(db, { sessionId });
    expect(ungrouped.every((g) => g.kind === 'unsorted' && g.groupId === null)).toBe(true);
    expect(ungrouped.flatMap((g) => g.faces)).toHaveLength(16);
    expect(await reviewState(db)).toEqual(before);
    await new FaceCropClusteringService(db).clusterSessionCrops(sessionId);
    const groups = await faceGroups(db, { sessionId });
    expect(groups.every((g) => g.kind === 'unsorted' && g.studentId === null)).toBe(true);
    expect(groups.map((g) => g.faces.length)).toEqual([3, 3, 3, 3, 2, 1, 1]);
    expect(groups.flatMap((g) => g.faces)).toHaveLength(16);
  });

  test('after clustering: one group per student, largest first, with a confidence cue', async () => {
    const db = await clusteredDb();
    const groups = await faceGroups(db, { sessionId });
    expect(groups).toHaveLength(7);
    expect(groups.every((g) => g.kind === 'student' && g.isAutoCreated)).toBe(true);
    expect(groups.map((g) => g.faces.length)).toEqual([3, 3, 3, 3, 2, 1, 1]);
    for (const g of groups) {
      expect(g.confidence).toBeGreaterThan(0);
      expect(g.confidence).toBeLessThanOrEqual(1);
    }
    // The class view holds the same faces.
    const classGroups = await faceGroups(db, { classId });
    expect(classGroups.flatMap((g) => g.faces).length).toBe(16);
  });
});

describe('naming and merging', () => {
  test('a new name renames the cluster; a roster name merges it into that student', async () => {
    const db = await clusteredDb();
    const [first, second] = await studentGroups(db);
    const named = await nameStudent(db, first!.studentId!, 'Leonard');
    expect(named).toMatchObject({ id: first!.studentId, name: 'Leonard', isAutoCreated: false });

    const penny = await addStudent(db, classId, 'Penny');
    const merged = await nameStudent(db, second!.studentId!, 'penny');
    expect(merged.id).toBe(penny.id);
    const groups = await studentGroups(db);
    expect(groups.find((g) => g.studentId === penny.id)?.faces).toHaveLength(second!.faces.length);
    expect(groups.some((g) => g.studentId === second!.studentId)).toBe(false);
    expect(await reviewAudit(db)).toEqual(['review:name-student', 'review:merge-students']);
  });

  test('merging two clusters keeps every face and the given name', async () => {
    const db = await clusteredDb();
    const groups = await studentGroups(db);
    const small = groups.at(-1)!;
    const named = await nameStudent(db, small.studentId!, 'Stuart');
    // Merge the named student into an unnamed one: the name is kept.
    const into = groups.at(-2)!;
    const result = await mergeStudents(db, named.id, into.studentId!);
    expect(result).toMatchObject({ id: into.studentId, name: 'Stuart', isAutoCreated: false });
    const after = await studentGroups(db);
    expect(after.find((g) => g.studentId === into.studentId)?.faces).toHaveLength(
      small.faces.length + into.faces.length,
    );
  });

  test('a student cannot be merged into themselves or across classes', async () => {
    const db = await clusteredDb();
    const [group] = await studentGroups(db);
    const before = await reviewState(db);
    await expectAppError(mergeStudents(db, group!.studentId!, group!.studentId!), 'validation');
    const other = await createClass(db, 'Chemistry');
    const stranger = await addStudent(db, other.id, 'Howard');
    await expectAppError(mergeStudents(db, group!.studentId!, stranger.id), 'validation');
    await expectAppError(
      mergeStudents(db, group!.studentId!, '00000000-0000-4000-8000-000000000000' as StudentId),
      'not-found',
    );
    expect(await reviewState(db)).toEqual(before);
  });
});

describe('moving, splitting and "not a student"', () => {
  test('a moved face is confirmed and never goes back by re-clustering', async () => {
    const db = await clusteredDb();
    const [a, b] = await studentGroups(db);
    const face = a!.faces[0]!.cropId;
    await confirmFaces(db, [face], b!.studentId!);
    const { rows } = await db.query<{ student_id: string; assignment_status: string }>(
      'select student_id, assignment_status from face_crops where id = $1',
      [face],
    );
    expect(rows[0]).toEqual({ student_id: b!.studentId, assignment_status: 'confirmed' });
    const rejections = await db.query(
      'select 1 from crop_rejections where crop_id = $1 and student_id = $2',
      [face, a!.studentId],
    );
    expect(rejections.rows).toHaveLength(1);

    // The accuracy-improvement workflow: re-cluster the whole class with identified faces.
    await new FaceCropClusteringService(db).clusterClassCrops(classId, { includeIdentified: true });
    const again = await db.query<{ student_id: string }>(
      'select student_id from face_crops where id = $1',
      [face],
    );
    expect(again.rows[0]?.student_id).toBe(b!.studentId);

    // Moving it back lifts the rejection.
    await confirmFaces(db, [face], a!.studentId!);
    const lifted = await db.query(
      'select 1 from crop_rejections where crop_id = $1 and student_id = $2',
      [face, a!.studentId],
    );
    expect(lifted.rows).toHaveLength(0);
  });

  test('split faces become a new question, no student; named faces go to the roster student', async () => {
    const db = await clusteredDb();
    const [a] = await studentGroups(db);
    const studentsBefore = (await db.query('select 1 from students')).rows.length;
    const groupId = await splitFaces(db, [a!.faces[0]!.cropId]);
    expect((await db.query('select 1 from students')).rows).toHaveLength(studentsBefore);
    const question = (await faceGroups(db, { sessionId })).find((g) => g.groupId === groupId);
    expect(question?.kind).toBe('unsorted');
    expect(question?.faces.map((f) => f.cropId)).toEqual([a!.faces[0]!.cropId]);

    const raj = await assignFacesToName(db, [a!.faces[1]!.cropId], 'Raj');
    expect(raj).toMatchObject({ name: 'Raj', isAutoCreated: false });
    const sameRaj = await assignFacesToName(db, [a!.faces[2]!.cropId], 'RAJ');
    expect(sameRaj.id).toBe(raj.id);
  });

  test('"not a student" faces leave their student and are never clustered again', async () => {
    const db = await clusteredDb();
    const groups = await studentGroups(db);
    const lone = groups.at(-1)!;
    await markNotAStudent(
      db,
      lone.faces.map((f) => f.cropId),
    );
    const after = await faceGroups(db, { sessionId });
    expect(after.at(-1)).toMatchObject({ kind: 'not-a-student' });
    expect(after.at(-1)!.faces.map((f) => f.cropId)).toEqual(lone.faces.map((f) => f.cropId));
    const result = await new FaceCropClusteringService(db).clusterClassCrops(classId, {
      includeIdentified: true,
    });
    expect(result.clusters.flatMap((c) => c.cropIds)).not.toContain(lone.faces[0]!.cropId);
  });

  test('bad requests are plain errors and change nothing', async () => {
    const db = await clusteredDb();
    const [a] = await studentGroups(db);
    const before = await reviewState(db);
    await expectAppError(confirmFaces(db, [], a!.studentId!), 'validation');
    await expectAppError(
      confirmFaces(db, ['00000000-0000-4000-8000-000000000000' as CropId], a!.studentId!),
      'not-found',
    );
    await expectAppError(markNotAStudent(db, ['not-a-uuid' as CropId]), 'not-found');
    await expectAppError(assignFacesToName(db, [a!.faces[0]!.cropId], '   '), 'validation');
    const other = await createClass(db, 'Chemistry');
    const stranger = await addStudent(db, other.id, 'Howard');
    await expectAppError(confirmFaces(db, [a!.faces[0]!.cropId], stranger.id), 'validation');
    expect(await reviewState(db)).toEqual(before);
  });
});

describe('undo', () => {
  test('each change is undone exactly, newest first, and undo itself is audited', async () => {
    const db = await clusteredDb();
    await addStudent(db, classId, 'Penny');
    const [a, b, c] = await studentGroups(db);
    const states = [await reviewState(db)];
    await nameStudent(db, a!.studentId!, 'Sheldon');
    states.push(await reviewState(db));
    await confirmFaces(db, [b!.faces[0]!.cropId], a!.studentId!);
    states.push(await reviewState(db));
    await nameStudent(db, c!.studentId!, 'Penny'); // merges into the roster's Penny
    states.push(await reviewState(db));
    await splitFaces(db, [b!.faces[1]!.cropId]);
    states.push(await reviewState(db));
    await markNotAStudent(db, [a!.faces[1]!.cropId]);
    states.push(await reviewState(db));
    await mergeStudents(db, b!.studentId!, a!.studentId!);

    for (let i = states.length - 1; i >= 0; i--) {
      const undone = await undoLastChange(db, { classId });
      expect(undone.outcome === 'undone' && undone.entry.description).toBeTruthy();
      expect(await reviewState(db)).toEqual(states[i]);
    }
    expect(await undoLastChange(db, { classId })).toEqual({ outcome: 'nothing-to-undo' });
    expect((await reviewAudit(db)).filter((a) => a === 'undo')).toHaveLength(6);
  });
});
