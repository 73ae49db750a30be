// A roster-first class over four lessons of real group photos, through the core API exactly as
// the app builds it (createCore), with the real models and a real PGlite (issue 12):
// recognition never creates a student, unknown faces are questions the teacher answers, someone
// dismissed as "not in this class" is dismissed automatically later and never asked about, and
// junk faces ("low quality, not counted") are never assigned or asked about.
import { beforeAll, describe, expect, test } from 'vitest';
import type { ClassId, SessionId } from '../../src/contracts/ids';
import type { DataApi } from '../../src/core/data-api';
import type { CoreContext } from '../../src/core/core-context';
import { checkConsistency } from '../../src/db/consistency';
import { fixturePhoto, openNodeCore } from '../support/processed-class';

let api: DataApi;
let context: CoreContext;
let classId: ClassId;

const ROSTER = ['Ana', 'Ben', 'Cleo'];

async function lesson(day: number, file: string): Promise<SessionId> {
  const session = await api.createSession(classId, {
    startsAt: `2026-11-${String(day).padStart(2, '0')}T09:00:00Z`,
    title: file,
  });
  await api.addPhotos(session.id, [{ fileName: file, bytes: fixturePhoto(file) }]);
  await context.processor.kick();
  await context.processor.whenIdle();
  return session.id;
}

async function studentNames(): Promise<string[]> {
  return (await api.listStudents(classId)).map((s) => s.name).sort();
}

beforeAll(async () => {
  const core = await openNodeCore();
  api = core.api;
  context = core.context;
  classId = (await api.createClass('Physics')).id;
  for (const name of ROSTER) await api.addStudent(classId, name);
}, 60_000);

describe('a roster-first class over four lessons', () => {
  let dismissedFace: string;

  test('lesson 1 (new class): every face is a question, no student is made; answers name them', async () => {
    const first = await lesson(2, 'bbt3.jpg'); // five people
    const result = await api.recogniseSession(first);
    expect(result).toMatchObject({ path: 'cluster', facesAssigned: 0, questions: 5 });
    expect(await studentNames()).toEqual(ROSTER);
    const sheet = await api.getSessionAttendance(first);
    expect(sheet.entries.map((e) => e.name)).toEqual(ROSTER);
    expect(sheet.openQuestions).toBe(5);

    const questions = await api.listQuestions({ sessionId: first });
    expect(questions.map((q) => q.faces.length)).toEqual([1, 1, 1, 1, 1]);
    // Three from the class list, one new name, one not in this class.
    const answers = ['Ana', 'Ben', 'Cleo', 'Dev'];
    for (const [i, question] of questions.entries()) {
      const ids = question.faces.map((f) => f.cropId);
      if (i < answers.length) await api.assignFacesToName(ids, answers[i]!);
      else {
        await api.markNotAStudent(ids);
        dismissedFace = ids[0]!;
      }
    }
    expect(await studentNames()).toEqual(['Ana', 'Ben', 'Cleo', 'Dev']);
    const answered = await api.getSessionAttendance(first);
    expect(answered.openQuestions).toBe(0);
    expect(answered.counts).toEqual({ present: 4, absent: 0, uncertain: 0 });
  }, 120_000);

  test('lessons 2 and 3: known faces assigned, the dismissed person dismissed automatically, no student made', async () => {
    const second = await lesson(9, 'bbt4.jpg');
    const two = await api.recogniseSession(second);
    expect(two.path).toBe('assign');
    for (const question of await api.listQuestions({ sessionId: second })) {
      await api.markNotAStudent(question.faces.map((f) => f.cropId));
    }
    // bbt5 shows the same five people as bbt3: four students and the dismissed person.
    const third = await lesson(16, 'bbt5.jpg');
    const three = await api.recogniseSession(third);
    expect(three).toMatchObject({ facesAssigned: 4, facesDismissed: 1, questions: 0 });
    expect(await api.listQuestions({ sessionId: third })).toEqual([]);
    expect(await studentNames()).toEqual(['Ana', 'Ben', 'Cleo', 'Dev']);
    const sheet = await api.getSessionAttendance(third);
    expect(sheet.counts).toEqual({ present: 4, absent: 0, uncertain: 0 });
    // The automatic dismissal is listed with the teacher's, as the same person.
    const dismissed = (await api.listFaceGroups({ classId })).filter(
      (g) => g.kind === 'not-a-student' && g.faces.some((f) => f.cropId === dismissedFace),
    );
    expect(dismissed).toHaveLength(1);
    expect(dismissed[0]!.faces.map((f) => f.sessionId)).toContain(third);
  }, 240_000);

  test('lesson 4: the blurred background man cut by the edge is low quality, never assigned or asked', async () => {
    const fourth = await lesson(23, 'bbt2.jpg'); // leonard, sheldon and the background man
    const result = await api.recogniseSession(fourth);
    expect(result.lowQualityFaces).toBe(1);
    const faces = await api.listFaceGroups({ sessionId: fourth });
    const junk = faces.filter((g) => g.kind === 'low-quality');
    expect(junk).toHaveLength(1);
    expect(junk[0]!.faces).toHaveLength(1);
    const junkFace = junk[0]!.faces[0]!;
    expect(junkFace).toMatchObject({ studentId: null, assignmentStatus: 'unassigned' });
    const asked = (await api.listQuestions({ classId })).flatMap((q) => q.faces);
    expect(asked.map((f) => f.cropId)).not.toContain(junkFace.cropId);
    expect((await api.listReviewQueue(fourth)).map((i) => i.cropId)).not.toContain(junkFace.cropId);
    expect(await api.getSessionAttendance(fourth)).toMatchObject({ lowQualityFaces: 1 });
    expect(await checkConsistency(context.db)).toEqual([]);
  }, 120_000);
});
