// Clustering stored faces of real group photos into students, with the teacher's decisions as
// constraints that survive re-clustering. Real PGlite, real models, real photos.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { ClassId, SessionId, StudentId } from '../../src/contracts/ids';
import type { InferenceApi } from '../../src/contracts/inference';
import { FaceCropClusteringService } from '../../src/core/clustering/face-crop-clustering';
import { addPhotos } from '../../src/core/photos/add-photos';
import { memoryPhotoStore } from '../../src/core/photos/photo-store';
import { PhotoProcessor } from '../../src/core/photos/processing-queue';
import { createClass } from '../../src/core/services/classes';
import { createSession } from '../../src/core/services/sessions';
import { createNodeInference } from '../../scripts/lib/node-inference';
import { openMigratedDatabase } from '../support/db';
import type { Database } from '../../src/db/open';

const photo = (name: string) =>
  new Uint8Array(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'photos', name)));

// The three photos share four people (in all three) and have three more between them.
const PHOTOS = ['bbt3.jpg', 'bbt4.jpg', 'bbt5.jpg'];

let inference: InferenceApi;
let processed: Database;
let classId: ClassId;
let sessionId: SessionId;

beforeAll(async () => {
  inference = createNodeInference();
  processed = await openMigratedDatabase();
  const store = memoryPhotoStore();
  classId = (await createClass(processed, 'Physics')).id;
  sessionId = (
    await createSession(processed, classId, { startsAt: '2026-11-20T09:00:00Z', title: '' })
  ).id;
  await addPhotos(
    processed,
    store,
    sessionId,
    PHOTOS.map((f) => ({ fileName: f, bytes: photo(f) })),
  );
  await new PhotoProcessor(processed, store, inference, { embeddingModels: ['arcface'] }).kick();
}, 120_000);

/** A fresh copy of the processed database, so each test starts from the same faces. */
async function freshDb(): Promise<Database> {
  return (await processed.clone()) as Database;
}

async function facesByStudent(db: Database) {
  const { rows } = await db.query<{
    student_id: string | null;
    image_id: string;
    assignment_status: string;
    name: string | null;
  }>(
    `select c.student_id, c.image_id, c.assignment_status, s.name
     from face_crops c left join students s on s.id = c.student_id`,
  );
  return rows;
}

describe('clusterSessionCrops', () => {
  test('groups the faces of a session into students, never two faces of one photo together', async () => {
    const db = await freshDb();
    const result = await new FaceCropClusteringService(db).clusterSessionCrops(sessionId);
    const faces = await facesByStudent(db);
    expect(faces).toHaveLength(16);
    // Seven people: four in all three photos, three in fewer.
    expect(result.numClusters).toBe(7);
    expect(result.clusterSizes.slice(0, 4)).toEqual([3, 3, 3, 3]);
    expect(result.studentsCreated).toHaveLength(7);
    expect(result.cropsAssigned).toBe(16);
    const seen = new Set<string>();
    for (const face of faces) {
      expect(face.assignment_status).toBe('auto');
      const key = `${face.student_id}/${face.image_id}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
  });

  test('without createStudents nothing is written', async () => {
    const db = await freshDb();
    const result = await new FaceCropClusteringService(db).clusterSessionCrops(sessionId, {
      createStudents: false,
      assignCrops: false,
    });
    expect(result.numClusters).toBe(7);
    expect(result.studentsCreated).toEqual([]);
    const { rows } = await db.query<{ n: number }>('select count(*)::int as n from students');
    expect(rows[0]?.n).toBe(0);
  });

  test('maxClusters leaves surplus clusters unassigned for review instead of merging people', async () => {
    const db = await freshDb();
    const result = await new FaceCropClusteringService(db, { maxClusters: 4 }).clusterSessionCrops(
      sessionId,
    );
    expect(result.numClusters).toBe(7);
    expect(result.studentsCreated).toHaveLength(4);
    expect(result.clusters.filter((c) => !c.withinCap && c.studentId === null)).toHaveLength(3);
    expect(result.unclusteredCropIds).toHaveLength(4);
    const faces = await facesByStudent(db);
    expect(faces.filter((f) => f.assignment_status === 'unassigned')).toHaveLength(4);
  });
});

describe('re-clustering the class', () => {
  test('keeps names, confirmed faces and rejected pairings', async () => {
    const db = await freshDb();
    const service = new FaceCropClusteringService(db);
    const first = await service.clusterSessionCrops(sessionId);
    const biggest = first.clusters[0]!;
    // The teacher names a student, confirms one face, rejects another pairing and
    // sends one face back to the queue.
    await db.query("update students set name = 'Leonard', is_auto_created = false where id = $1", [
      biggest.studentId,
    ]);
    await db.query("update face_crops set assignment_status = 'confirmed' where id = $1", [
      biggest.cropIds[0],
    ]);
    const rejectedCrop = biggest.cropIds[1]!;
    await db.query(
      "update face_crops set student_id = null, assignment_status = 'unassigned' where id = $1",
      [rejectedCrop],
    );
    await db.query(
      'insert into crop_rejections (crop_id, student_id, class_id) values ($1, $2, $3)',
      [rejectedCrop, biggest.studentId, classId],
    );

    const again = await service.clusterClassCrops(classId, { includeIdentified: true });
    const { rows } = await db.query<{ name: string }>('select name from students where id = $1', [
      biggest.studentId,
    ]);
    expect(rows[0]?.name).toBe('Leonard');
    const { rows: confirmed } = await db.query<{
      student_id: StudentId;
      assignment_status: string;
    }>('select student_id, assignment_status from face_crops where id = $1', [biggest.cropIds[0]]);
    expect(confirmed[0]).toEqual({ student_id: biggest.studentId, assignment_status: 'confirmed' });
    const { rows: rejected } = await db.query<{ student_id: StudentId | null }>(
      'select student_id from face_crops where id = $1',
      [rejectedCrop],
    );
    expect(rejected[0]?.student_id).not.toBe(biggest.studentId);
    // No student was merged away or renamed: the seven students are still there.
    const { rows: students } = await db.query<{ n: number }>(
      'select count(*)::int as n from students',
    );
    expect(students[0]?.n).toBeGreaterThanOrEqual(7);
    expect(again.clusters.find((c) => c.studentId === biggest.studentId)?.isNewStudent).toBe(false);
  });

  test('an unknown model or a bad parameter is a validation error', async () => {
    const db = await freshDb();
    expect(() => new FaceCropClusteringService(db, { embeddingModel: 'vgg' })).toThrow(
      expect.objectContaining({ code: 'validation' }) as Error,
    );
    expect(() => new FaceCropClusteringService(db, { maxClusters: 0 })).toThrow(
      expect.objectContaining({ code: 'validation' }) as Error,
    );
  });

  test('a deleted class is not-found', async () => {
    const db = await freshDb();
    await expect(
      new FaceCropClusteringService(db).clusterClassCrops(crypto.randomUUID() as ClassId),
    ).rejects.toMatchObject({ code: 'not-found' });
  });
});
