// "Who's who" suggestions on real photos through the core API as the app builds it: a new class
// has nothing to suggest (a plain "Who is this?" for every question); once the teacher names one
// face of a person, their other faces are suggested as that student, because the calibrated
// assignment rule now gives them to that student; no one else is suggested anything.
import { beforeAll, expect, test } from 'vitest';
import type { ClassId, SessionId } from '../../src/contracts/ids';
import type { DataApi } from '../../src/core/data-api';
import { fixturePhoto, openNodeCore } from '../support/processed-class';

let api: DataApi;
let classId: ClassId;
let sessionId: SessionId;

beforeAll(async () => {
  const core = await openNodeCore();
  api = core.api;
  classId = (await api.createClass('Physics')).id;
  await api.addStudent(classId, 'Penny');
  sessionId = (await api.createSession(classId, { startsAt: '2026-11-02T09:00:00Z', title: 'x' }))
    .id;
  // Three photos, sixteen faces, seven people (four of them in all three photos).
  await api.addPhotos(
    sessionId,
    ['bbt3.jpg', 'bbt4.jpg', 'bbt5.jpg'].map((f) => ({ fileName: f, bytes: fixturePhoto(f) })),
  );
  await core.context.processor.kick();
  await core.context.processor.whenIdle();
  await api.recogniseSession(sessionId);
}, 240_000);

test('a new class: the questions, largest first, none with a suggestion', async () => {
  const questions = await api.listQuestions({ sessionId });
  const whosWho = await api.listWhosWho({ sessionId });
  expect(whosWho.map((g) => g.groupId)).toEqual(questions.map((g) => g.groupId));
  expect(whosWho.map((g) => g.suggestion)).toEqual(questions.map(() => null));
  const sizes = whosWho.map((g) => g.faces.length);
  expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
}, 60_000);

test('one face named: the rest of that person is suggested as them, nobody else is', async () => {
  const [largest] = await api.listWhosWho({ sessionId });
  expect(largest!.faces.length).toBeGreaterThanOrEqual(2);
  const [first, ...rest] = largest!.faces.map((f) => f.cropId);
  const leonard = await api.assignFacesToName([first!], 'Leonard');

  const after = await api.listWhosWho({ sessionId });
  const restGroup = after.find((g) => g.faces.some((f) => rest.includes(f.cropId)));
  expect(restGroup?.suggestion).toEqual({ studentId: leonard.id, name: 'Leonard' });
  // Other questions are other people: no suggestion (at worst one person asked twice, Leonard).
  for (const group of after) {
    if (group.suggestion) expect(group.suggestion.studentId).toBe(leonard.id);
  }
  expect(after.filter((g) => g.suggestion).length).toBeLessThanOrEqual(2);
}, 60_000);
