// Assigning the faces of a new session to the students clustered from earlier sessions: kNN over
// pgvector in a real PGlite, real models, real photos.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { ClassId, CropId, SessionId, StudentId } from '../../src/contracts/ids';
import { FaceCropAssignmentService } from '../../src/core/assignment/face-crop-assignment';
import { FaceCropClusteringService } from '../../src/core/clustering/face-crop-clustering';
import { addPhotos } from '../../src/core/photos/add-photos';
import { memoryPhotoStore } from '../../src/core/photos/photo-store';
import { PhotoProcessor } from '../../src/core/photos/processing-queue';
import { createClass } from '../../src/core/classes/classes';
import { createSession } from '../../src/core/sessions/sessions';
import { createNodeInference } from '../../scripts/lib/node-inference';
import { studentsFromGroups } from '../support/answered-groups';
import { openMigratedDatabase } from '../support/db';
import type { Database } from '../../src/db/open';

const photo = (name: string) =>
  new Uint8Array(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'photos', name)));

// bbt3 and bbt4 are the first session, bbt5 the second; four people are in all three photos.
let raw: Database; // processed, nothing identified
let clustered: Database; // the first session clustered into students
let classId: ClassId;
let firstSession: SessionId;
let secondSession: SessionId;
/** bbt5 face -> the student of its person's bbt3/bbt4 faces (for the people in all photos). */
const expected = new Map<CropId, StudentId>();
let bbt5Faces: CropId[] = [];

beforeAll(async () => {
  const inference = createNodeInference();
  raw = await openMigratedDatabase();
  const store = memoryPhotoStore();
  classId = (await createClass(raw, 'Physics')).id;
  firstSession = (
    await createSession(raw, classId, { startsAt: '2026-11-20T09:00:00Z', title: '' })
  ).id;
  secondSession = (
    await createSession(raw, classId, { startsAt: '2026-11-27T09:00:00Z', title: '' })
  ).id;
  const files = (names: string[]) => names.map((f) => ({ fileName: f, bytes: photo(f) }));
  await addPhotos(raw, store, firstSession, files(['bbt3.jpg', 'bbt4.jpg']));
  await addPhotos(raw, store, secondSession, files(['bbt5.jpg']));
  await new PhotoProcessor(raw, store, inference, { embeddingModels: ['arcface'] }).kick();

  clustered = (await raw.clone()) as Database;
  const grouped = await new FaceCropClusteringService(clustered).clusterSessionCrops(firstSession);
  await studentsFromGroups(clustered, classId, grouped);
  const students = await studentOf(clustered);
  const { rows } = await raw.query<{ id: CropId }>(
    `select c.id from face_crops c join session_images i on i.id = c.image_id
     where i.session_id = $1 order by c.id`,
    [secondSession],
  );
  bbt5Faces = rows.map((r) => r.id);

  // Ground truth: the three photos clustered together; a cluster of three holds one person.
  const reference = (await raw.clone()) as Database;
  const all = await new FaceCropClusteringService(reference).clusterClassCrops(classId, {
    formGroups: false,
    assignCrops: false,
  });
  for (const cluster of all.clusters.filter((c) => c.size === 3)) {
    const face = cluster.cropIds.find((id) => bbt5Faces.includes(id));
    const earlier = cluster.cropIds.filter((id) => id !== face).map((id) => students.get(id));
    if (face && earlier[0] && earlier.every((s) => s === earlier[0])) {
      expected.set(face, earlier[0]);
    }
  }
  await reference.close();
}, 180_000);

async function studentOf(db: Database): Promise<Map<string, StudentId>> {
  const { rows } = await db.query<{ id: string; student_id: StudentId }>(
    'select id, student_id from face_crops where student_id is not null',
  );
  return new Map(rows.map((r) => [r.id, r.student_id]));
}

const fresh = async () => (await clustered.clone()) as Database;

describe('assignSessionCrops', () => {
  test('gives the faces of people seen before the students of their clusters, each once', async () => {
    expect(expected.size).toBe(4);
    const db = await fresh();
    const result = await new FaceCropAssignmentService(db).assignSessionCrops(secondSession, {
      autoCommit: true,
    });
    expect(result.committed).toBe(true);
    expect(result.results.map((r) => r.cropId).sort()).toEqual([...bbt5Faces].sort());
    const assigned = result.results.filter((r) => r.studentId !== null);
    expect(new Set(assigned.map((r) => r.studentId)).size).toBe(assigned.length);
    for (const [face, student] of expected) {
      const r = result.results.find((x) => x.cropId === face)!;
      expect(r.studentId).toBe(student);
      expect(r.reason).toBe('assigned');
      expect(r.confidence).toBeGreaterThanOrEqual(0.5);
      expect(r.neighbours.length).toBeGreaterThan(0);
      expect(r.neighbours[0]!.studentId).toBe(student);
    }
    const written = await studentOf(db);
    for (const r of assigned) expect(written.get(r.cropId)).toBe(r.studentId);
    const { rows } = await db.query<{ n: number }>(
      "select count(*)::int as n from face_crops where assignment_status = 'auto' and id = any($1::uuid[])",
      [bbt5Faces],
    );
    expect(rows[0]?.n).toBe(assigned.length);
  });

  test('without autoCommit nothing is written: the results are proposals', async () => {
    const db = await fresh();
    const before = await studentOf(db);
    const result = await new FaceCropAssignmentService(db).assignSessionCrops(secondSession);
    expect(result.committed).toBe(false);
    expect(result.assigned).toBeGreaterThanOrEqual(4);
    expect(await studentOf(db)).toEqual(before);
  });

  test('a student the teacher rejected for a face is never proposed for it', async () => {
    const db = await fresh();
    const [face, student] = [...expected][0]!;
    await db.query(
      'insert into crop_rejections (crop_id, student_id, class_id) values ($1, $2, $3)',
      [face, student, classId],
    );
    const result = await new FaceCropAssignmentService(db).assignSessionCrops(secondSession);
    const r = result.results.find((x) => x.cropId === face)!;
    expect(r.studentId).not.toBe(student);
    expect(r.candidateId).not.toBe(student);
    expect(r.neighbours.some((n) => n.studentId === student)).toBe(false);
    const single = await new FaceCropAssignmentService(db).assignCrop(face);
    expect(single.studentId).not.toBe(student);
  });

  test('a class with no identified faces leaves every face unassigned', async () => {
    const db = (await raw.clone()) as Database;
    const result = await new FaceCropAssignmentService(db).assignSessionCrops(secondSession, {
      autoCommit: true,
    });
    expect(result.assigned).toBe(0);
    for (const r of result.results) {
      expect(r).toMatchObject({ studentId: null, reason: 'no-neighbours', neighbours: [] });
    }
    expect((await studentOf(db)).size).toBe(0);
  });
});

describe('assignCrop and assignClassCrops', () => {
  test('one face gets its student; identified faces are never changed', async () => {
    const db = await fresh();
    const service = new FaceCropAssignmentService(db);
    const [face, student] = [...expected][1]!;
    const r = await service.assignCrop(face, { autoCommit: true });
    expect(r).toMatchObject({ cropId: face, studentId: student, reason: 'assigned' });
    expect((await studentOf(db)).get(face)).toBe(student);
    const again = await service.assignCrop(face, { autoCommit: true });
    expect(again.reason).toBe('already-identified');
    // The class batch assigns the rest of the second session and nothing of the first.
    const before = await studentOf(db);
    const batch = await service.assignClassCrops(classId, { autoCommit: true });
    expect(batch.results.map((x) => x.cropId).sort()).toEqual(
      bbt5Faces.filter((id) => id !== face).sort(),
    );
    const after = await studentOf(db);
    for (const [id, s] of before) expect(after.get(id)).toBe(s);
    for (const [id, s] of expected) expect(after.get(id)).toBe(s);
  });

  test('unknown ids are not-found; bad options are validation errors', async () => {
    const db = await fresh();
    const service = new FaceCropAssignmentService(db);
    const missing = crypto.randomUUID();
    await expect(service.assignCrop(missing as CropId)).rejects.toMatchObject({
      code: 'not-found',
    });
    await expect(service.assignCrop('nope' as CropId)).rejects.toMatchObject({
      code: 'not-found',
    });
    await expect(service.assignSessionCrops(missing as SessionId)).rejects.toMatchObject({
      code: 'not-found',
    });
    await expect(service.assignClassCrops(missing as ClassId)).rejects.toMatchObject({
      code: 'not-found',
    });
    const validation = expect.objectContaining({ code: 'validation' }) as Error;
    expect(() => new FaceCropAssignmentService(db, { embeddingModel: 'vgg' })).toThrow(validation);
    expect(() => new FaceCropAssignmentService(db, { k: 0 })).toThrow(validation);
    expect(() => new FaceCropAssignmentService(db, { k: 2.5 })).toThrow(validation);
    expect(() => new FaceCropAssignmentService(db, { similarityThreshold: 2 })).toThrow(validation);
    await expect(
      service.assignClassCrops(classId, { autoCommit: 'yes' as unknown as boolean }),
    ).rejects.toMatchObject({ code: 'validation' });
  });
});
