// Undo you can see (issue 13, item 5), against a real PGlite: the history says what each change
// did and which lesson it touched; undo from a lesson's page never reaches silently into another
// lesson (on lesson 2 it used to revert a merge made on lesson 1's page); overrides are undone
// too. The faces are rows as photo processing stores them (no vectors: nothing here compares
// faces), the changes are the core's own calls.
import { describe, expect, test } from 'vitest';
import type { ClassId, CropId, ImageId, SessionId } from '../../src/contracts/ids';
import type { UndoPlace } from '../../src/contracts/history';
import { createAttendanceApi } from '../../src/core/attendance/attendance-api';
import type { CoreContext } from '../../src/core/core-context';
import { listChanges, undoLastChange } from '../../src/core/history/undo-history';
import { assignFacesToName, confirmFaces, mergeStudents } from '../../src/core/review/face-review';
import { createClass } from '../../src/core/classes/classes';
import { createSession } from '../../src/core/sessions/sessions';
import { addStudent } from '../../src/core/students/students';
import type { Queryable } from '../../src/db/open';
import { useTestDatabase } from '../support/db';
import { expectAppError } from '../support/errors';
import { fakeHash } from '../support/rows';

const db = useTestDatabase();
const attendance = () => createAttendanceApi({ db: db() } as CoreContext);

const QUALITY = JSON.stringify({
  interEyePx: 40,
  sharpness: 100,
  yawDeg: 0,
  pitchDeg: 0,
  detectionScore: 0.99,
  overall: 0.9,
});

async function photoWithFaces(q: Queryable, classId: ClassId, sessionId: SessionId, n: number) {
  const { rows } = await q.query<{ id: ImageId }>(
    `insert into session_images (session_id, class_id, file_name, byte_size, content_hash, status,
                                 processed_at)
     values ($1, $2, 'p.jpg', 1, $3, 'done', now()) returning id`,
    [sessionId, classId, fakeHash()],
  );
  const faces: CropId[] = [];
  for (let i = 0; i < n; i++) {
    const { rows: crop } = await q.query<{ id: CropId }>(
      `insert into face_crops (image_id, class_id, box_x, box_y, box_w, box_h, detection_score,
                               quality)
       values ($1, $2, $3, 20, 30, 40, 0.99, $4) returning id`,
      [rows[0]!.id, classId, 10 + i * 60, QUALITY],
    );
    faces.push(crop[0]!.id);
  }
  return faces;
}

/** A class with Howard and Penny on the list and two lessons of three unknown faces each. */
async function twoLessons() {
  const classId = (await createClass(db(), 'Physics')).id;
  const howard = (await addStudent(db(), classId, 'Howard')).id;
  const penny = (await addStudent(db(), classId, 'Penny')).id;
  const lesson1 = (
    await createSession(db(), classId, { startsAt: '2026-03-05T09:00:00Z', title: 'One' })
  ).id;
  const lesson2 = (
    await createSession(db(), classId, { startsAt: '2026-03-12T09:00:00Z', title: 'Two' })
  ).id;
  const faces1 = await photoWithFaces(db(), classId, lesson1, 3);
  const faces2 = await photoWithFaces(db(), classId, lesson2, 3);
  return { classId, howard, penny, lesson1, lesson2, faces1, faces2 };
}

/** Every row a change to who is who or to attendance may touch, in a stable order. */
async function state() {
  const q = async (sql: string) => (await db().query(sql)).rows;
  return {
    students: await q('select id, name, is_auto_created from students order by id'),
    faces: await q(
      'select id, student_id, assignment_status, group_id from face_crops order by id',
    ),
    rejections: await q('select crop_id, student_id from crop_rejections order by 1, 2'),
    attendance: await q(
      'select session_id, student_id, status, source from attendance order by 1, 2',
    ),
  };
}

const undo = (place: UndoPlace, request?: Parameters<typeof undoLastChange>[2]) =>
  undoLastChange(db(), place, request);

describe('undo from a lesson’s page', () => {
  test('never silently reverts a change made in another lesson: it names that lesson and asks', async () => {
    const c = await twoLessons();
    // On lesson 1's page: two faces named "Leonard" (a new student), who is then merged into
    // Howard.
    const leonard = await assignFacesToName(db(), c.faces1.slice(0, 2), 'Leonard');
    await mergeStudents(db(), leonard.id, c.howard);
    const afterLesson1 = await state();

    // On lesson 2's page, Undo: the latest change is lesson 1's merge. Nothing changes; the
    // outcome says which change and which lesson.
    const asked = await undo({ sessionId: c.lesson2 });
    expect(asked).toMatchObject({
      outcome: 'confirm',
      entry: { description: 'Merged Leonard into Howard', undoNext: true },
      otherLessons: [{ sessionId: c.lesson1, title: 'One' }],
    });
    expect(await state()).toEqual(afterLesson1);

    // A change on lesson 2 is undone from lesson 2 at once, and only it.
    await confirmFaces(db(), [c.faces2[0]!], c.penny);
    expect(await undo({ sessionId: c.lesson2 })).toMatchObject({
      outcome: 'undone',
      entry: { description: 'Moved a face to Penny', lessons: [{ sessionId: c.lesson2 }] },
    });
    expect(await state()).toEqual(afterLesson1);

    // The teacher agrees: the merge is undone, then the naming (from lesson 1's own page).
    expect(await undo({ sessionId: c.lesson2 }, { otherLessonsAgreed: true })).toMatchObject({
      outcome: 'undone',
      entry: { description: 'Merged Leonard into Howard' },
    });
    expect(await undo({ sessionId: c.lesson1 })).toMatchObject({
      outcome: 'undone',
      entry: { description: 'Named 2 faces Leonard' },
    });
    expect(await undo({ sessionId: c.lesson1 })).toEqual({ outcome: 'nothing-to-undo' });
    expect(
      (await state()).faces.every((f) => (f as { student_id: unknown }).student_id === null),
    ).toBe(true);
  });

  test('a change over several lessons asks on each of them; the class-wide page does not ask', async () => {
    const c = await twoLessons();
    const a = await assignFacesToName(db(), [c.faces1[0]!, c.faces2[0]!], 'leonard');
    expect(a.name).toBe('leonard');
    const named = await assignFacesToName(db(), [c.faces1[1]!], 'HOWARD');
    expect(named.id).toBe(c.howard);
    await undo({ classId: c.classId }); // lesson 1's "HOWARD" naming, said with the list's spelling
    const both = await undo({ sessionId: c.lesson1 });
    expect(both).toMatchObject({
      outcome: 'confirm',
      entry: { description: 'Named 2 faces leonard' },
      otherLessons: [{ sessionId: c.lesson2 }],
    });
    expect(await undo({ classId: c.classId })).toMatchObject({ outcome: 'undone' });
    const history = await listChanges(db(), { sessionId: c.lesson1 });
    expect(
      history.entries.map((e) => [e.kind, e.description, e.lessons.map((l) => l.title)]),
    ).toEqual([
      ['undo', 'Undid: Named 2 faces leonard', ['One', 'Two']],
      ['undo', 'Undid: Named a face Howard', ['One']],
      ['change', 'Named a face Howard', ['One']],
      ['change', 'Named 2 faces leonard', ['One', 'Two']],
    ]);
    expect(history.entries.filter((e) => e.kind === 'change').every((e) => e.undone)).toBe(true);
  });

  test('undoing a change that is no longer the latest is refused, naming the later one', async () => {
    const c = await twoLessons();
    await confirmFaces(db(), [c.faces1[0]!], c.penny);
    const first = (await listChanges(db(), { classId: c.classId })).entries[0]!;
    expect(first).toMatchObject({ description: 'Moved a face to Penny', undoNext: true });
    await confirmFaces(db(), [c.faces1[1]!], c.howard);
    const before = await state();
    const refused = await expectAppError(
      undo({ sessionId: c.lesson1 }, { entryId: first.id }),
      'conflict',
    );
    expect(refused.message).toContain('Moved a face to Howard');
    expect(await state()).toEqual(before);
    await undo({ sessionId: c.lesson1 });
    await undo({ sessionId: c.lesson1 }, { entryId: first.id });
    const again = await expectAppError(
      undo({ sessionId: c.lesson1 }, { entryId: first.id }),
      'conflict',
    );
    expect(again.message).toContain('already been undone');
  });
});

test('a change whose student was deleted since is refused in plain words, changing nothing', async () => {
  const c = await twoLessons();
  await confirmFaces(db(), [c.faces1[0]!], c.howard);
  await confirmFaces(db(), [c.faces1[0]!], c.penny); // taken from Howard
  await db().query('delete from students where id = $1', [c.howard]);
  const before = await state();
  const error = await expectAppError(undo({ sessionId: c.lesson1 }), 'conflict');
  expect(error.message).toContain('has been deleted since');
  expect(await state()).toEqual(before);
});

describe('undo of attendance overrides', () => {
  test('marking present, changing and clearing an override are each undone exactly', async () => {
    const c = await twoLessons();
    const sheet = async () =>
      (await attendance().getSessionAttendance(c.lesson1)).entries.find((e) => e.name === 'Penny');
    const start = await state();
    await attendance().setAttendance(c.lesson1, c.penny, 'present');
    const present = await state();
    await attendance().setAttendance(c.lesson1, c.penny, 'absent');
    const absent = await state();
    await attendance().clearAttendanceOverride(c.lesson1, c.penny);
    expect(await sheet()).toMatchObject({ source: 'auto', status: 'absent' });

    const history = await listChanges(db(), { sessionId: c.lesson1 });
    expect(history.entries.map((e) => e.description)).toEqual([
      'Set Penny back to what the photos say',
      'Marked Penny absent',
      'Marked Penny present',
    ]);
    expect(history.entries.every((e) => e.lessons[0]?.sessionId === c.lesson1)).toBe(true);

    expect(await undo({ sessionId: c.lesson1 })).toMatchObject({ outcome: 'undone' });
    expect(await state()).toEqual(absent);
    expect(await sheet()).toMatchObject({ source: 'manual', status: 'absent' });
    await undo({ sessionId: c.lesson1 });
    expect(await state()).toEqual(present);
    // An override of lesson 1 is another lesson seen from lesson 2.
    expect(await undo({ sessionId: c.lesson2 })).toMatchObject({
      outcome: 'confirm',
      entry: { description: 'Marked Penny present' },
    });
    await undo({ sessionId: c.lesson1 });
    expect(await state()).toEqual(start);
    expect(await sheet()).toMatchObject({ source: 'auto' });
  });

  test('undo of an override whose student was deleted since leaves them deleted', async () => {
    const c = await twoLessons();
    await attendance().setAttendance(c.lesson1, c.penny, 'present');
    await attendance().clearAttendanceOverride(c.lesson1, c.penny);
    await db().query('delete from students where id = $1', [c.penny]);
    expect(await undo({ sessionId: c.lesson1 })).toMatchObject({ outcome: 'undone' });
    expect((await state()).attendance).toEqual([]);
  });
});
