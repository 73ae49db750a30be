// The class's gallery in memory (issue 14, item 4) against pgvector in a real PGlite, on real
// embeddings of the fixture photos (real models): the same neighbours in the same order with
// the same similarities, bit for bit, as the SQL query it replaces; and every change a teacher
// makes (naming a face, undo, deleting a student, dismissing a face) is in the next assignment.
import { beforeAll, describe, expect, test } from 'vitest';
import type { ClassId, CropId } from '../../src/contracts/ids';
import { ClassGalleries } from '../../src/core/assignment/class-gallery';
import { storedVectors } from '../../src/core/assignment/vector-copy';
import {
  FaceCropAssignmentService,
  sqlNeighbours,
} from '../../src/core/assignment/face-crop-assignment';
import { undoLastChange } from '../../src/core/history/undo-history';
import { assignFacesToName, markNotAStudent } from '../../src/core/review/face-review';
import { deleteStudent } from '../../src/core/students/students';
import type { Database, Queryable } from '../../src/db/open';
import { VOTES_PER_STUDENT } from '../../src/domain/assignment/assign';
import { pgvectorCosineDistance } from '../../src/domain/embedding/face-matrix';
import { EMBEDDING_MODELS } from '../../src/ml/registry';
import { processedClass, type ProcessedClass } from '../support/processed-class';
import { parseVectorText } from '../../src/db/vector-text';

const MODEL = 'arcface';
const VERSION = EMBEDDING_MODELS.arcface.version;

let base: ProcessedClass;

beforeAll(async () => {
  base = await processedClass(['bbt2.jpg', 'bbt3.jpg', 'bbt4.jpg', 'bbt5.jpg']);
}, 240_000);

interface Face {
  id: CropId;
  class_id: ClassId;
  image_id: string;
  file_name: string;
}

async function faces(db: Queryable): Promise<Face[]> {
  const { rows } = await db.query<Face>(
    `select c.id, c.class_id, c.image_id, i.file_name from face_crops c
     join session_images i on i.id = c.image_id
     join embeddings e on e.crop_id = c.id and e.model_id = $1
     order by i.file_name, c.id`,
    [MODEL],
  );
  return rows;
}

/** The in-memory answer for a face, as the assignment service asks for it. */
async function memoryNeighbours(db: Database, face: Face, excluded: string[], k: number) {
  const galleries = ClassGalleries.of(db);
  await galleries.listen();
  const matrix = await galleries.matrix(db, {
    classId: face.class_id,
    modelId: MODEL,
    modelVersion: VERSION,
  });
  const query = (await storedVectors(db, [face.id], MODEL, VERSION)).get(face.id);
  return (
    matrix?.nearest(query!.vector, {
      k,
      perGroup: VOTES_PER_STUDENT,
      skipGroups: excluded,
      skipBatch: face.image_id,
      skipId: face.id,
    }) ?? []
  ).map((n) => ({ cropId: n.id, studentId: n.group, similarity: n.similarity }));
}

/** Every face's neighbours in memory and in SQL, for several k and exclusions: all equal. */
async function expectSameAsSql(db: Database): Promise<number> {
  let compared = 0;
  const all = await faces(db);
  const { rows: people } = await db.query<{ id: string }>(
    'select distinct coalesce(student_id, dismissed_id) as id from face_crops where ' +
      "assignment_status <> 'unassigned' order by 1",
  );
  for (const face of all) {
    for (const k of [1, 3, 10, 100]) {
      for (const excluded of [[], people.slice(0, 1).map((p) => p.id)]) {
        const run = { embeddingModel: MODEL, modelVersion: VERSION, k };
        const sql = await sqlNeighbours(db, face, excluded, run);
        const memory = await memoryNeighbours(db, face, excluded, k);
        // toEqual on numbers is Object.is: the similarities are the same doubles.
        expect(memory).toEqual(sql);
        compared += sql.length;
      }
    }
  }
  return compared;
}

/** Each photo's faces: the first half named as their own students, one face dismissed. */
async function nameHalf(db: Database): Promise<void> {
  const all = await faces(db);
  const named = all.filter((_, i) => i % 2 === 0);
  for (const [i, face] of named.entries()) {
    if (i === 3) await markNotAStudent(db, [face.id]);
    else await assignFacesToName(db, [face.id], `Student ${i % 5}`);
  }
}

/**
 * Every face of the first photo named, each a student of its own: the other photos are the same
 * people, so a class run assigns their faces, and from the second photo it runs through on, a
 * student's nearest faces include one it assigned (a student's first two faces are both
 * neighbours). Which photo the run takes first does not matter (photos added together tie on
 * their time and are then ordered by their random ids).
 */
async function nameFirstPhoto(db: Database): Promise<void> {
  const all = await faces(db);
  const first = all.filter((f) => f.file_name === all[0]!.file_name);
  for (const [i, face] of first.entries()) {
    await assignFacesToName(db, [face.id], `Student ${i}`);
  }
}

describe('the gallery in memory', () => {
  test("reproduces pgvector's cosine distance bit for bit on real embeddings", async () => {
    const { rows } = await base.db.query<{ a: string; b: string; d: number }>(
      `select a.vector::text as a, b.vector::text as b, a.vector <=> b.vector as d
       from embeddings a join embeddings b on a.model_id = b.model_id
       where a.model_id = $1`,
      [MODEL],
    );
    expect(rows.length).toBeGreaterThan(300); // 19 faces
    const parse = parseVectorText;
    const norm32 = (v: Float32Array) => v.reduce((s, x) => Math.fround(s + Math.fround(x * x)), 0);
    let equal = 0;
    for (const r of rows) {
      const a = parse(r.a);
      const b = parse(r.b);
      if (pgvectorCosineDistance(a, 0, norm32(a), b, norm32(b), a.length) === Number(r.d)) equal++;
    }
    expect(equal).toBe(rows.length);

    // The gallery reads many vectors by binary COPY: the same floats as their text.
    const { rows: texts } = await base.db.query<{ crop_id: string; vector: string }>(
      'select crop_id, vector::text as vector from embeddings where model_id = $1',
      [MODEL],
    );
    const copied = await storedVectors(
      base.db,
      texts.map((t) => t.crop_id),
      MODEL,
      VERSION,
    );
    expect(texts.length).toBeGreaterThan(16); // the COPY path
    for (const t of texts) expect(copied.get(t.crop_id)?.vector).toEqual(parse(t.vector));
  });

  test('gives exactly the SQL neighbours, order and similarities, on real embeddings', async () => {
    const db = (await base.db.clone()) as Database;
    try {
      await nameHalf(db);
      // Exact ties: a copy of a named face's vector on an unnamed face of another photo, named
      // to another student. Both are equally near every face; SQL orders them by id.
      const all = await faces(db);
      const { rows: named } = await db.query<{ id: CropId; image_id: string }>(
        "select id, image_id from face_crops where assignment_status = 'confirmed' order by id",
      );
      const twin = all.find(
        (f) => f.image_id !== named[0]!.image_id && !named.some((n) => n.id === f.id),
      )!;
      await db.query(
        `update embeddings set vector = (select vector from embeddings where crop_id = $1
           and model_id = $3) where crop_id = $2 and model_id = $3`,
        [named[0]!.id, twin.id, MODEL],
      );
      await assignFacesToName(db, [twin.id], 'Twin');
      expect(await expectSameAsSql(db)).toBeGreaterThan(500);
    } finally {
      await db.close();
    }
  }, 120_000);

  test('every change is in the next assignment: naming, undo, deleting a student', async () => {
    const db = (await base.db.clone()) as Database;
    try {
      const service = new FaceCropAssignmentService(db);
      const all = await faces(db);
      // The closest pair of faces of two different photos: one person seen twice.
      const { rows: pairs } = await db.query<{ a: CropId; b: CropId; s: number }>(
        `select a.crop_id as a, b.crop_id as b, 1 - (a.vector <=> b.vector) as s
         from embeddings a join face_crops ca on ca.id = a.crop_id
         join embeddings b on b.model_id = a.model_id
         join face_crops cb on cb.id = b.crop_id and cb.image_id <> ca.image_id
         where a.model_id = $1 order by s desc, a.crop_id, b.crop_id limit 1`,
        [MODEL],
      );
      const top = pairs[0]!;
      const best = top.s;
      expect(best).toBeGreaterThan(0.5);
      const face = all.find((f) => f.id === top.a)!;
      const seenBefore = all.find((f) => f.id === top.b)!;
      const assign = async () => (await service.assignCrop(face.id)).neighbours;

      // Nothing named: no neighbours (and the empty gallery is loaded now).
      expect(await assign()).toEqual([]);

      const howard = await assignFacesToName(db, [seenBefore.id], 'Howard');
      const named = await assign();
      expect(named[0]).toMatchObject({ cropId: seenBefore.id, studentId: howard.id });
      expect(named[0]!.similarity).toBe(best);
      expect((await service.assignCrop(face.id)).studentId).toBe(howard.id);

      await undoLastChange(db, { classId: face.class_id });
      expect(await assign()).toEqual([]);

      const penny = await assignFacesToName(db, [seenBefore.id], 'Penny');
      expect((await assign())[0]).toMatchObject({ cropId: seenBefore.id, studentId: penny.id });
      await deleteStudent(db, penny.id);
      expect(await assign()).toEqual([]);

      // Dismissed ("not in this class"): a negative example, the face is dismissed with it.
      await markNotAStudent(db, [seenBefore.id]);
      const dismissed = await service.assignCrop(face.id);
      expect(dismissed.neighbours).toEqual([]); // dismissed people are not listed
      expect(dismissed.reason).toBe('dismissed');
      expect(await expectSameAsSql(db)).toBeGreaterThan(0);
    } finally {
      await db.close();
    }
  }, 120_000);

  test("a run's own assignments are compared with later photos, and match what was committed", async () => {
    const db = (await base.db.clone()) as Database;
    try {
      await nameFirstPhoto(db);
      const result = await new FaceCropAssignmentService(db).assignClassCrops(base.classId, {
        autoCommit: true,
      });
      expect(result.assigned).toBeGreaterThan(0);
      // Faces assigned earlier in the run are neighbours of faces of later photos.
      const assignedInRun = new Set(
        result.results.filter((r) => r.reason === 'assigned').map((r) => r.cropId as string),
      );
      const usedInRun = result.results.some((r) =>
        r.neighbours.some((n) => assignedInRun.has(n.cropId)),
      );
      expect(usedInRun).toBe(true);
      // The gallery held after the run is what was committed (reloaded or not).
      expect(await expectSameAsSql(db)).toBeGreaterThan(400); // neighbours compared (441)
    } finally {
      await db.close();
    }
  }, 120_000);
});
