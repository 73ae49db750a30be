// The card's Debugging recipes on real stored faces with real embeddings: check a face's
// embeddings, test the similarity of two faces, verify clustering without writing anything.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CropId } from '../../src/contracts/ids';
import type { DataApi } from '../../src/core/data-api';
import type { Database } from '../../src/db/open';
import { EMBEDDING_MODELS } from '../../src/ml/registry';
import { expectAppError } from '../support/errors';
import { dataApiFor, processedClass, type ProcessedClass } from '../support/processed-class';

// Three photos of the same group: four people are in all three, three more in fewer.
let base: ProcessedClass;
let api: DataApi;
let faces: { id: CropId; imageId: string }[];

beforeAll(async () => {
  base = await processedClass(['bbt3.jpg', 'bbt4.jpg', 'bbt5.jpg']);
  api = dataApiFor(base, base.db);
  faces = await api.listSessionFaces(base.sessionId);
}, 180_000);

afterAll(async () => {
  await base?.db.close();
});

async function snapshot(db: Database) {
  const { rows } = await db.query(
    `select (select count(*) from students)::int as students,
            (select count(*) from audit_log)::int as audit,
            (select string_agg(assignment_status, ',' order by id) from face_crops) as statuses`,
  );
  return rows[0];
}

describe('inspectCropEmbeddings', () => {
  test("shows a processed face's model, version and dimension", async () => {
    const report = await api.inspectCropEmbeddings(faces[0]!.id);
    expect(report).toMatchObject({
      cropId: faces[0]!.id,
      classModel: 'arcface',
      hasEmbedding: true,
    });
    expect(report.embeddings).toEqual([
      expect.objectContaining({
        modelName: 'arcface',
        modelVersion: EMBEDDING_MODELS.arcface.version,
        dimension: 512,
        isCurrentVersion: true,
      }),
    ]);
  });

  test('a face without its class model embedding says so', async () => {
    const db = (await base.db.clone()) as Database;
    await db.query('delete from embeddings where crop_id = $1', [faces[0]!.id]);
    const report = await dataApiFor(base, db).inspectCropEmbeddings(faces[0]!.id);
    expect(report).toMatchObject({ hasEmbedding: false, embeddings: [] });
  });

  test('an unknown face is not-found', async () => {
    await expectAppError(
      api.inspectCropEmbeddings('00000000-0000-4000-8000-000000000000' as CropId),
      'not-found',
    );
    await expectAppError(api.inspectCropEmbeddings('face-1' as CropId), 'not-found');
  });
});

describe('compareCrops', () => {
  test('the cosine of the stored vectors, judged against the model thresholds', async () => {
    // Two faces clustering puts together (one person in two photos) and two faces of one photo
    // (necessarily two people).
    const check = await api.clusterSessionCrops(base.sessionId, {
      formGroups: false,
      assignCrops: false,
    });
    // Average linkage lets a group hold a pair below the threshold, so take its closest pair.
    const [a, b, c] = check.clusters.find((cluster) => cluster.size === 3)!.cropIds;
    const pairs = await Promise.all(
      [
        [a!, b!],
        [a!, c!],
        [b!, c!],
      ].map(async ([x, y]) => ({ x: x!, y: y!, report: await api.compareCrops(x!, y!) })),
    );
    const closest = pairs.reduce((best, p) =>
      p.report.comparisons[0]!.similarity > best.report.comparisons[0]!.similarity ? p : best,
    );
    const [same1, same2] = [closest.x, closest.y];
    const byImage = faces.filter((f) => f.imageId === faces[0]!.imageId);
    const [other1, other2] = byImage;

    const same = closest.report;
    expect(same.comparisons).toHaveLength(1);
    const [arcface] = same.comparisons;
    const { rows } = await base.db.query<{ similarity: number }>(
      `select 1 - (a.vector <=> b.vector) as similarity from embeddings a, embeddings b
       where a.crop_id = $1 and b.crop_id = $2 and a.model_id = 'arcface' and b.model_id = 'arcface'`,
      [same1, same2],
    );
    expect(arcface!.similarity).toBeCloseTo(Number(rows[0]!.similarity), 5);
    expect(arcface).toMatchObject({
      modelName: 'arcface',
      verdict: 'same-person',
      thresholds: {
        verification: EMBEDDING_MODELS.arcface.thresholds.verification,
        clustering: EMBEDDING_MODELS.arcface.thresholds.clustering,
        assignment: EMBEDDING_MODELS.arcface.thresholds.assignment,
      },
    });
    expect(arcface!.explanation).toMatch(/same person/);

    const different = await api.compareCrops(other1!.id, other2!.id, { modelName: 'arcface' });
    expect(different.comparisons[0]!.verdict).not.toBe('same-person');
    expect(different.comparisons[0]!.similarity).toBeLessThan(arcface!.similarity);
  });

  test('one comparison per model both faces have', async () => {
    const db = (await base.db.clone()) as Database;
    const both = dataApiFor(base, db);
    const ids = [faces[0]!.id, faces[5]!.id];
    await both.generateCropEmbeddingsBatch({ faceCropIds: ids, modelName: 'facenet' });
    const report = await both.compareCrops(ids[0]!, ids[1]!);
    expect(report.comparisons.map((c) => c.modelName)).toEqual(['arcface', 'facenet']);
    expect(report.comparisons[1]!.thresholds.verification).toBe(
      EMBEDDING_MODELS.facenet.thresholds.verification,
    );
  }, 60_000);

  test('a wrong model is a validation error, an unknown face not-found', async () => {
    const [a, b] = [faces[0]!.id, faces[1]!.id];
    const missing = await expectAppError(
      api.compareCrops(a, b, { modelName: 'facenet' }),
      'validation',
    );
    expect(missing.message).toMatch(/need a facenet embedding/);
    await expectAppError(api.compareCrops(a, b, { modelName: 'vgg' }), 'validation');
    await expectAppError(
      api.compareCrops(a, '00000000-0000-4000-8000-000000000000' as CropId),
      'not-found',
    );
  });
});

describe('verifyClustering', () => {
  test("reports the session's clusters and writes nothing", async () => {
    const before = await snapshot(base.db);
    const result = await api.verifyClustering({ sessionId: base.sessionId });
    expect(result).toMatchObject({
      modelName: 'arcface',
      maxClusters: 50,
      similarityThreshold: EMBEDDING_MODELS.arcface.thresholds.clustering,
      faces: faces.length,
      numClusters: 7,
      clustersWithinCap: 7,
      unclustered: 0,
    });
    expect(result.clusterSizes.slice(0, 4)).toEqual([3, 3, 3, 3]);
    expect(await snapshot(base.db)).toEqual(before);
  });

  test('chosen parameters change the result: a cap of 2 and a very strict threshold', async () => {
    const capped = await api.verifyClustering({ classId: base.classId }, { maxClusters: 2 });
    expect(capped).toMatchObject({ numClusters: 7, clustersWithinCap: 2, maxClusters: 2 });
    const strict = await api.verifyClustering(
      { sessionId: base.sessionId },
      { similarityThreshold: 0.95 },
    );
    expect(strict.numClusters).toBeGreaterThan(7);
  });

  test('bad parameters are validation errors, an unknown session not-found', async () => {
    await expectAppError(
      api.verifyClustering({ sessionId: base.sessionId }, { maxClusters: 0 }),
      'validation',
    );
    await expectAppError(
      api.verifyClustering({ sessionId: base.sessionId }, { similarityThreshold: 2 }),
      'validation',
    );
    await expectAppError(
      api.verifyClustering({ sessionId: '00000000-0000-4000-8000-000000000000' as never }),
      'not-found',
    );
  });
});
