// Enrolling students from reference photos with the real models on real photos, against a real
// PGlite: each photo's face becomes a confirmed face of the student, bad photos fail alone, the
// same photo is kept once, and the reference faces are the gallery that assigns a session photo.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { ClassId, SessionId, StudentId } from '../../src/contracts/ids';
import type { InferenceApi } from '../../src/contracts/inference';
import { FaceCropAssignmentService } from '../../src/core/assignment/face-crop-assignment';
import type { CoreContext } from '../../src/core/core-context';
import { createDataApi } from '../../src/core/data-api';
import { enrolStudentPhotos, NO_FACE_MESSAGE } from '../../src/core/enrolment/enrol-photos';
import { addPhotos } from '../../src/core/photos/add-photos';
import { listSessionFaces } from '../../src/core/photos/photo-queries';
import { memoryPhotoStore } from '../../src/core/photos/photo-store';
import { PhotoProcessor } from '../../src/core/photos/processing-queue';
import { createClass } from '../../src/core/classes/classes';
import { getSession, createSession, listSessionImages } from '../../src/core/sessions/sessions';
import { addStudent } from '../../src/core/students/students';
import { createNodeInference } from '../../scripts/lib/node-inference';
import { countAll, countRows, useTestDatabase } from '../support/db';
import { expectAppError } from '../support/errors';

const fixtures = join(import.meta.dirname, '..', 'fixtures');
const file = (folder: string, name: string) => ({
  fileName: name,
  bytes: new Uint8Array(readFileSync(join(fixtures, folder, name))),
});
const reference = (person: string, n: number) => file(`enroll/${person}`, `${person}${n}.png`);

// The people of test/fixtures/photos/bbt5.jpg (../shared/datasets/bbt/sessions/truth.json).
const IN_BBT5 = ['howard', 'leonard', 'penny', 'raj', 'sheldon'];

const db = useTestDatabase();
let inference: InferenceApi;
beforeAll(() => {
  inference = createNodeInference();
});

async function setUp() {
  const photos = memoryPhotoStore();
  const processor = new PhotoProcessor(db(), photos, inference, { embeddingModels: ['arcface'] });
  const context: CoreContext = { db: db(), photos, processor, inference };
  const classId: ClassId = (await createClass(db(), 'Physics')).id;
  const students = new Map<string, StudentId>();
  for (const name of IN_BBT5) students.set(name, (await addStudent(db(), classId, name)).id);
  return { context, classId, students, student: (name: string) => students.get(name)! };
}

async function addSession(context: CoreContext, classId: ClassId): Promise<SessionId> {
  const session = await createSession(db(), classId, {
    startsAt: '2026-11-27T09:00:00Z',
    title: '',
  });
  await addPhotos(db(), context.photos, session.id, [file('photos', 'bbt5.jpg')]);
  await context.processor.kick();
  return session.id;
}

describe('enrolStudentPhotos', () => {
  test("each photo's face becomes a confirmed face of the student, with its embedding, thumbnail and an audit entry", async () => {
    const { context, classId, student } = await setUp();
    const howard = student('howard');
    const result = await enrolStudentPhotos(context, howard, [
      reference('howard', 1),
      reference('howard', 2),
    ]);

    expect(result.studentId).toBe(howard);
    expect(result.enrolled).toBe(2);
    expect(result.photos.map((p) => [p.fileName, p.facesFound, p.error])).toEqual([
      ['howard1.png', 1, null],
      ['howard2.png', 1, null],
    ]);
    const cropIds = result.photos.map((p) => p.cropId);
    const { rows } = await db().query<{
      id: string;
      student_id: string;
      assignment_status: string;
      has_thumbnail: boolean;
      models: string[];
      session_id: string | null;
      image_student: string;
      image_status: string;
    }>(
      `select c.id, c.student_id, c.assignment_status, c.thumbnail is not null as has_thumbnail,
              array(select e.model_id from embeddings e where e.crop_id = c.id) as models,
              i.session_id, i.student_id as image_student, i.status as image_status
       from face_crops c join session_images i on i.id = c.image_id order by i.file_name`,
    );
    expect(rows.map((r) => r.id)).toEqual(cropIds);
    for (const row of rows) {
      expect(row).toMatchObject({
        student_id: howard,
        assignment_status: 'confirmed',
        has_thumbnail: true,
        models: ['arcface'],
        session_id: null,
        image_student: howard,
        image_status: 'done',
      });
    }
    // The photo is kept (a face can be embedded again with another model later).
    expect(await context.photos.keys()).toHaveLength(2);

    const audit = await db().query<{ entity: string; entity_id: string; action: string }>(
      "select entity, entity_id, action, new_value from audit_log where action = 'enrol-photo'",
    );
    expect(audit.rows).toHaveLength(2);
    expect(audit.rows[0]).toMatchObject({ entity: 'student', entity_id: howard });
    void classId;
  }, 60_000);

  test('the same photo again, or twice in one go, is recognised and stored once', async () => {
    const { context, student } = await setUp();
    const raj = student('raj');
    const first = await enrolStudentPhotos(context, raj, [reference('raj', 1)]);
    const before = await countAll(db());
    const again = await enrolStudentPhotos(context, raj, [
      reference('raj', 1),
      reference('raj', 2),
      { ...reference('raj', 2), fileName: 'copy of raj2.png' },
    ]);
    expect(again.enrolled).toBe(1);
    const [repeat, fresh, copy] = again.photos;
    expect(repeat?.error?.code).toBe('conflict');
    expect(repeat?.error?.message).toBe('This photo is already one of raj’s reference photos.');
    expect(repeat?.error?.details).toMatchObject({ existingCropId: first.photos[0]?.cropId });
    expect(fresh?.error).toBeNull();
    expect(copy?.error?.code).toBe('conflict');
    expect(copy?.error?.details).toMatchObject({ existingCropId: fresh?.cropId });
    const after = await countAll(db());
    expect(after.face_crops - before.face_crops).toBe(1);
    expect(after.session_images - before.session_images).toBe(1);
    // The same photo may still be another student's reference (a photo of two friends).
    const other = await enrolStudentPhotos(context, student('penny'), [reference('raj', 1)]);
    expect(other.enrolled).toBe(1);
  }, 60_000);

  test('a photo without a face, or not readable, fails alone with a plain reason', async () => {
    const { context, student } = await setUp();
    const penny = student('penny');
    const result = await enrolStudentPhotos(context, penny, [
      file('bad-inputs', 'no-faces.jpg'),
      file('photos', 'not-a-photo.jpg'),
      file('photos', 'truncated.jpg'),
      file('bad-inputs', 'empty.jpg'),
      reference('penny', 1),
    ]);
    expect(result.enrolled).toBe(1);
    const [noFace, notPhoto, truncated, empty, good] = result.photos;
    expect(noFace).toMatchObject({ cropId: null, facesFound: 0 });
    expect(noFace?.error).toMatchObject({ code: 'validation', message: NO_FACE_MESSAGE });
    expect(notPhoto?.error?.message).toMatch(/not a photo Rollcall can read/);
    expect(truncated?.error?.code).toBe('unsupported-image');
    expect(truncated?.cropId).toBeNull();
    expect(empty?.error?.message).toBe('This file is empty.');
    expect(good).toMatchObject({ error: null, facesFound: 1 });
    expect(await countRows(db(), 'session_images')).toBe(1);
    expect(await countRows(db(), 'face_crops')).toBe(1);
    expect(await context.photos.keys()).toHaveLength(1);
  }, 60_000);

  test('a group photo gives its largest face and says how many it found', async () => {
    const { context, student } = await setUp();
    const result = await enrolStudentPhotos(context, student('leonard'), [
      file('photos', 'bbt5.jpg'),
    ]);
    const [outcome] = result.photos;
    expect(outcome?.facesFound).toBeGreaterThanOrEqual(5);
    const { rows } = await db().query<{ area: number; n: number }>(
      'select max(box_w * box_h) as area, count(*)::int as n from face_crops',
    );
    expect(rows[0]?.n).toBe(1);
    // The stored face is the largest of the photo's faces as a session would see them.
    const session = await addSession(
      context,
      (await db().query<{ id: ClassId }>('select id from classes')).rows[0]!.id,
    );
    const faces = await listSessionFaces(db(), session);
    const largest = Math.max(...faces.map((f) => f.box.width * f.box.height));
    expect(faces).toHaveLength(outcome!.facesFound);
    expect(rows[0]?.area).toBeCloseTo(largest, 0);
  }, 60_000);

  test('bad calls change nothing: an unknown student, no photos, too many photos', async () => {
    const { context, student } = await setUp();
    const before = await countAll(db());
    await expectAppError(
      enrolStudentPhotos(context, crypto.randomUUID() as StudentId, [reference('raj', 1)]),
      'not-found',
    );
    await expectAppError(
      enrolStudentPhotos(context, 'nope' as StudentId, [reference('raj', 1)]),
      'not-found',
    );
    await expectAppError(enrolStudentPhotos(context, student('raj'), []), 'validation');
    await expectAppError(
      enrolStudentPhotos(
        context,
        student('raj'),
        Array.from({ length: 51 }, () => reference('raj', 1)),
      ),
      'validation',
    );
    expect(await countAll(db())).toEqual(before);
  });
});

describe('reference photos in the schema', () => {
  test('a photo belongs to a session or to a student: never both, never neither', async () => {
    const { context, classId, student } = await setUp();
    const sessionId = await addSession(context, classId);
    const insert = (session: string | null, studentId: string | null) =>
      db().query(
        `insert into session_images (session_id, student_id, class_id, file_name, byte_size, content_hash)
         values ($1, $2, $3, 'x.jpg', 1, repeat('a', 64))`,
        [session, studentId, classId],
      );
    await expect(insert(sessionId, student('raj'))).rejects.toThrow(/one_owner/);
    await expect(insert(null, null)).rejects.toThrow(/one_owner/);
    await expect(insert(null, student('raj'))).resolves.toBeDefined();
  }, 60_000);
});

describe('reference faces', () => {
  test('are the gallery that assigns a session photo, and never show in the session', async () => {
    const { context, classId, students, student } = await setUp();
    for (const name of IN_BBT5) {
      const result = await enrolStudentPhotos(context, student(name), [
        reference(name, 1),
        reference(name, 2),
      ]);
      expect(result.enrolled).toBe(2);
    }
    const sessionId = await addSession(context, classId);

    // The photo queue left the reference photos alone: still one confirmed face each.
    const { rows: references } = await db().query<{ status: string; faces: number }>(
      `select i.status, count(c.id)::int as faces from session_images i
       join face_crops c on c.image_id = i.id and c.assignment_status = 'confirmed'
       where i.student_id is not null group by i.id`,
    );
    expect(references).toHaveLength(10);
    expect(references.every((r) => r.status === 'done' && r.faces === 1)).toBe(true);

    // The session sees its own photo and faces only.
    const images = await listSessionImages(db(), sessionId);
    expect(images.map((i) => [i.fileName, i.status])).toEqual([['bbt5.jpg', 'done']]);
    expect((await getSession(db(), sessionId)).imageCount).toBe(1);
    const faces = await listSessionFaces(db(), sessionId);
    expect(faces.every((f) => f.assignmentStatus === 'unassigned')).toBe(true);

    const result = await new FaceCropAssignmentService(db()).assignSessionCrops(sessionId, {
      autoCommit: true,
    });
    const nameOf = new Map([...students].map(([name, id]) => [id as string, name]));
    const assigned = result.results.filter((r) => r.studentId !== null);
    // Everyone in the photo is recognised, each once, from their reference photos alone.
    expect(assigned.map((r) => nameOf.get(r.studentId!)).sort()).toEqual(IN_BBT5);
    const referenceCrops = new Set(
      (
        await db().query<{ id: string }>(
          'select c.id from face_crops c join session_images i on i.id = c.image_id where i.student_id is not null',
        )
      ).rows.map((r) => r.id),
    );
    for (const r of assigned) {
      expect(r.neighbours.every((n) => referenceCrops.has(n.cropId))).toBe(true);
      expect(r.neighbours[0]?.studentId).toBe(r.studentId);
    }
  }, 120_000);

  test('are listed per student, oldest first, and one can be deleted on its own (audited)', async () => {
    const { context, student } = await setUp();
    const api = createDataApi(context);
    const enrolled = await api.enrolStudentPhotos(student('penny'), [
      reference('penny', 1),
      reference('penny', 2),
    ]);
    await api.enrolStudentPhotos(student('raj'), [reference('raj', 1)]);
    const faces = await api.listReferenceFaces(student('penny'));
    expect(faces.map((f) => [f.fileName, f.cropId])).toEqual([
      ['penny1.png', enrolled.photos[0]?.cropId],
      ['penny2.png', enrolled.photos[1]?.cropId],
    ]);
    const thumbnails = await api.getFaceThumbnails(faces.map((f) => f.cropId));
    expect(thumbnails).toHaveLength(2);
    await api.deletePhoto(faces[0]!.imageId);
    expect((await api.listReferenceFaces(student('penny'))).map((f) => f.fileName)).toEqual([
      'penny2.png',
    ]);
    expect(await countRows(db(), 'audit_log', "entity = 'image' and action = 'delete'")).toBe(1);
    expect(await context.photos.keys()).toHaveLength(2);
    await expectAppError(api.listReferenceFaces(crypto.randomUUID() as StudentId), 'not-found');
  }, 60_000);

  test('go with their student: deleting the student deletes the photos and their bytes', async () => {
    const { context, student } = await setUp();
    await enrolStudentPhotos(context, student('sheldon'), [
      reference('sheldon', 1),
      reference('sheldon', 2),
    ]);
    await enrolStudentPhotos(context, student('raj'), [reference('raj', 1)]);
    expect(await context.photos.keys()).toHaveLength(3);
    await createDataApi(context).deleteStudent(student('sheldon'));
    expect(await countRows(db(), 'session_images')).toBe(1);
    expect(await countRows(db(), 'face_crops')).toBe(1);
    expect(await context.photos.keys()).toHaveLength(1);
  }, 60_000);
});
