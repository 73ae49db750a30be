// Clustering stored faces of real group photos into question groups (never students), with the
// teacher's decisions as constraints that survive re-clustering. Real PGlite, real models, real
// photos.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { ClassId, SessionId, StudentId } from '../../src/contracts/ids';
import type { InferenceApi } from '../../src/contracts/inference';
import { FaceCropClusteringService } from '../../src/core/clustering/face-crop-clustering';
import { addPhotos } from '../../src/core/photos/add-photos';
import { memoryPhotoStore } from '../../src/core/photos/photo-store';
import { createCore } from '../../src/core/create-core';
import { createClass } from '../../src/core/classes/classes';
import { createSession } from '../../src/core/sessions/sessions';
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
  await createCore(
    { db: processed, photos: store, inference },
    { embeddingModels: ['arcface'] },
  ).context.processor.kick();
}, 120_000);

/** A fresh copy of the processed database, so each test starts from the same faces. */
async function freshDb(): Promise<Database> {
  return (await processed.clone()) as Database;
}

async function facesWithGroups(db: Database) {
  const { rows } = await db.query<{
    id: string;
    student_id: string | null;
    image_id: string;
    assignment_status: string;
    group_id: string | null;
  }>('select id, student_id, image_id, assignment_status, group_id from face_crops');
  return rows;
}

async function count(db: Database, table: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from ${table}`);
  return rows[0]?.n ?? 0;
}

describe('clusterSessionCrops', () => {
  test('groups the faces of a session into questions, never two faces of one photo together, and creates no student', async () => {
    const db = await freshDb();
    const result = await new FaceCropClusteringService(db).clusterSessionCrops(sessionId);
    const faces = await facesWithGroups(db);
    expect(faces).toHaveLength(16);
    // Seven people: four in all three photos, three in fewer.
    expect(result.numClusters).toBe(7);
    expect(result.clusterSizes.slice(0, 4)).toEqual([3, 3, 3, 3]);
    expect(result.groupsFormed).toBe(7);
    expect(result.cropsAssigned).toBe(0);
    expect(await count(db, 'students')).toBe(0);
    expect(await count(db, 'face_groups')).toBe(7);
    const seen = new Set<string>();
    for (const face of faces) {
      expect(face.assignment_status).toBe('unassigned');
      expect(face.group_id).not.toBeNull();
      const key = `${face.group_id}/${face.image_id}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
  });

  test('groups are re-formed, not added to: a second run leaves the same questions', async () => {
    const db = await freshDb();
    const service = new FaceCropClusteringService(db);
    await service.clusterSessionCrops(sessionId);
    const again = await service.clusterSessionCrops(sessionId);
    expect(again.groupsFormed).toBe(7);
    expect(await count(db, 'face_groups')).toBe(7);
  });

  test('without formGroups nothing is written', async () => {
    const db = await freshDb();
    const result = await new FaceCropClusteringService(db).clusterSessionCrops(sessionId, {
      formGroups: false,
      assignCrops: false,
    });
    expect(result.numClusters).toBe(7);
    expect(result.groupsFormed).toBe(0);
    expect(await count(db, 'students')).toBe(0);
    expect(await count(db, 'face_groups')).toBe(0);
  });

  test("maxClusters only marks the card's cap: every person is still asked about, none merged", async () => {
    const db = await freshDb();
    const result = await new FaceCropClusteringService(db, { maxClusters: 4 }).clusterSessionCrops(
      sessionId,
    );
    expect(result.numClusters).toBe(7);
    expect(result.clusters.filter((c) => c.withinCap)).toHaveLength(4);
    expect(result.groupsFormed).toBe(7);
  });
});

describe('re-clustering the class', () => {
  test('keeps names, confirmed faces and rejected pairings', async () => {
    const db = await freshDb();
    const service = new FaceCropClusteringService(db);
    const first = await service.clusterSessionCrops(sessionId);
    const biggest = first.clusters[0]!;
    // The teacher names the first question Leonard (one face confirmed, one automatic), and
    // says another face of it is not Leonard.
    const { rows: created } = await db.query<{ id: StudentId }>(
      "insert into students (class_id, name) values ($1, 'Leonard') returning id",
      [classId],
    );
    const leonard = created[0]!.id;
    await db.query(
      "update face_crops set student_id = $2, assignment_status = 'confirmed' where id = $1",
      [biggest.cropIds[0], leonard],
    );
    await db.query(
      "update face_crops set student_id = $2, assignment_status = 'auto', confidence = 0.9 where id = $1",
      [biggest.cropIds[2], leonard],
    );
    const rejectedCrop = biggest.cropIds[1]!;
    await db.query(
      'insert into crop_rejections (crop_id, student_id, class_id) values ($1, $2, $3)',
      [rejectedCrop, leonard, classId],
    );
    const biggestWithStudent = { ...biggest, studentId: leonard };

    const again = await service.clusterClassCrops(classId, { includeIdentified: true });
    const { rows } = await db.query<{ name: string }>('select name from students where id = $1', [
      leonard,
    ]);
    expect(rows[0]?.name).toBe('Leonard');
    const { rows: confirmed } = await db.query<{
      student_id: StudentId;
      assignment_status: string;
    }>('select student_id, assignment_status from face_crops where id = $1', [biggest.cropIds[0]]);
    expect(confirmed[0]).toEqual({ student_id: leonard, assignment_status: 'confirmed' });
    const { rows: rejected } = await db.query<{ student_id: StudentId | null }>(
      'select student_id from face_crops where id = $1',
      [rejectedCrop],
    );
    expect(rejected[0]?.student_id).not.toBe(leonard);
    // No student was made: Leonard is the only one, and his cluster is not a question.
    expect(await count(db, 'students')).toBe(1);
    const his = again.clusters.find((c) => c.studentId === biggestWithStudent.studentId);
    expect(his?.groupId).toBeNull();
    expect(again.groupsFormed).toBeGreaterThanOrEqual(6);
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
