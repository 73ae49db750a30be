// A class's recognition settings (model and preset): audited, validated before anything is
// written, and what the core's clustering, assignment and photo processing use. Real PGlite,
// real models, real photos.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { countRows } from '../support/db';
import type { ClassId, CropId } from '../../src/contracts/ids';
import { FaceCropAssignmentService } from '../../src/core/assignment/face-crop-assignment';
import { FaceCropClusteringService } from '../../src/core/clustering/face-crop-clustering';
import { createCore } from '../../src/core/create-core';
import { addPhotos } from '../../src/core/photos/add-photos';
import { PhotoProcessor } from '../../src/core/photos/processing-queue';
import { createClass } from '../../src/core/classes/classes';
import { createSession } from '../../src/core/sessions/sessions';
import type { Database } from '../../src/db/open';
import { PRESET_NAMES, presetParameters } from '../../src/domain/recognition/presets';
import { EMBEDDING_MODEL_IDS } from '../../src/domain/recognition/models';
import { EMBEDDING_MODELS } from '../../src/ml/registry';
import {
  assignmentParametersFor,
  clusteringParametersFor,
} from '../../src/core/settings/settings-api';
import { expectAppError } from '../support/errors';
import {
  dataApiFor,
  fixturePhoto,
  processedClass,
  type ProcessedClass,
} from '../support/processed-class';

let base: ProcessedClass;

beforeAll(async () => {
  base = await processedClass(['bbt3.jpg', 'bbt4.jpg']);
}, 180_000);

afterAll(async () => {
  await base?.db.close();
});

const fresh = async () => {
  const db = (await base.db.clone()) as Database;
  return { db, api: dataApiFor(base, db) };
};

async function embeddingCounts(db: Database) {
  const { rows } = await db.query<{ model_id: string; n: number }>(
    'select model_id, count(*)::int as n from embeddings group by model_id order by model_id',
  );
  return Object.fromEntries(rows.map((r) => [r.model_id, r.n]));
}

describe('class settings', () => {
  test('a class starts with arcface and the balanced preset, every face embedded', async () => {
    const { api } = await fresh();
    const settings = await api.getClassSettings(base.classId);
    expect(settings).toMatchObject({
      classId: base.classId,
      embeddingModel: 'arcface',
      preset: 'balanced',
      facesMissingEmbedding: 0,
    });
    expect(settings.faceCount).toBeGreaterThan(5);
  });

  test('a change is saved and audited with the values before and after', async () => {
    const { api } = await fresh();
    const changed = await api.updateClassSettings(base.classId, { preset: 'high-precision' });
    expect(changed).toMatchObject({ embeddingModel: 'arcface', preset: 'high-precision' });
    expect(await api.getClassSettings(base.classId)).toMatchObject({ preset: 'high-precision' });
    const [entry] = await api.listAudit({ classId: base.classId, limit: 1 });
    expect(entry).toMatchObject({
      entity: 'class',
      entityId: base.classId,
      action: 'settings-changed',
      oldValue: { embeddingModel: 'arcface', preset: 'balanced' },
      newValue: { embeddingModel: 'arcface', preset: 'high-precision' },
    });
    // Saving the same values again changes nothing and records nothing.
    const before = (await api.listAudit({ classId: base.classId })).length;
    await api.updateClassSettings(base.classId, { preset: 'high-precision' });
    expect(await api.listAudit({ classId: base.classId })).toHaveLength(before);
  });

  test('bad input is a plain validation or not-found error and changes nothing', async () => {
    const { api } = await fresh();
    const auditBefore = await api.listAudit({ classId: base.classId });
    const bad = [
      { embeddingModel: 'vgg-face' },
      { preset: 'turbo' },
      { embeddingModel: 'facenet', preset: 'turbo' },
      { preset: 42 as unknown as string },
    ];
    for (const input of bad) {
      const error = await expectAppError(
        api.updateClassSettings(base.classId, input),
        'validation',
      );
      expect(error.message).toMatch(/There is no (face model|preset) called/);
    }
    await expectAppError(
      api.updateClassSettings('00000000-0000-4000-8000-000000000000' as ClassId, {
        preset: 'fast',
      }),
      'not-found',
    );
    await expectAppError(api.getClassSettings('not-a-class' as ClassId), 'not-found');
    expect(await api.getClassSettings(base.classId)).toMatchObject({
      embeddingModel: 'arcface',
      preset: 'balanced',
    });
    expect(await api.listAudit({ classId: base.classId })).toEqual(auditBefore);
  });

  test('the schema accepts exactly the models and presets the app knows', async () => {
    const { db } = await fresh();
    for (const model of EMBEDDING_MODEL_IDS)
      await db.query('update classes set embedding_model = $1', [model]);
    for (const preset of PRESET_NAMES) await db.query('update classes set preset = $1', [preset]);
    await expect(db.query("update classes set embedding_model = 'vgg'")).rejects.toThrow();
    await expect(db.query("update classes set preset = 'turbo'")).rejects.toThrow();
  });

  test("clustering and assignment use the class's preset unless the caller says otherwise", async () => {
    const { api } = await fresh();
    await api.updateClassSettings(base.classId, { preset: 'high-precision' });
    const strict = presetParameters('high-precision', 'arcface');
    const check = await api.verifyClustering({ sessionId: base.sessionId });
    expect(check).toMatchObject({
      modelName: 'arcface',
      similarityThreshold: strict.clustering.similarityThreshold,
      maxClusters: strict.clustering.maxClusters,
    });
    // An explicit preset or parameter wins over the class's.
    expect(
      await api.verifyClustering({ sessionId: base.sessionId }, { preset: 'balanced' }),
    ).toMatchObject({ similarityThreshold: EMBEDDING_MODELS.arcface.thresholds.clustering });
    expect(
      await api.verifyClustering({ sessionId: base.sessionId }, { similarityThreshold: 0.5 }),
    ).toMatchObject({ similarityThreshold: 0.5, maxClusters: strict.clustering.maxClusters });
    const assigned = await api.assignSessionCrops(base.sessionId);
    expect(assigned.modelName).toBe('arcface');
  });

  test.each(['class', 'session', 'face'] as const)(
    "a %s's parameters are resolved once, from its class's settings, into one frozen value the services keep",
    async (scopeKind) => {
      const { db } = await fresh();
      const core = createCore({ db, photos: base.store, inference: base.inference });
      await core.api.updateClassSettings(base.classId, { preset: 'high-precision' });
      const { rows } = await db.query<{ id: CropId }>('select id from face_crops limit 1');
      const scope =
        scopeKind === 'class'
          ? { classId: base.classId }
          : scopeKind === 'session'
            ? { sessionId: base.sessionId }
            : { cropId: rows[0]!.id };
      const strict = presetParameters('high-precision', 'arcface');
      const assignment = await assignmentParametersFor(core.context, scope, { k: 9 });
      expect(assignment).toEqual({
        ...strict.assignment,
        k: 9,
        embeddingModel: 'arcface',
        modelVersion: EMBEDDING_MODELS.arcface.version,
        preset: 'high-precision',
      });
      expect(Object.isFrozen(assignment)).toBe(true);
      const clustering = await clusteringParametersFor(core.context, scope);
      expect(clustering).toMatchObject({ ...strict.clustering, preset: 'high-precision' });
      // A service given the resolved value keeps that very value: nothing is defaulted or
      // checked a second time.
      expect(new FaceCropAssignmentService(db, assignment).parameters).toBe(assignment);
      expect(new FaceCropClusteringService(db, clustering).parameters).toBe(clustering);
      // A bad choice is refused before anything runs, as a validation error.
      await expectAppError(
        assignmentParametersFor(core.context, scope, { minMargin: -0.5 }),
        'validation',
      );
    },
  );

  test("switching the class's model embeds its faces with the new model before clustering and assignment use it", async () => {
    const { db, api } = await fresh();
    const faces = (await api.getClassSettings(base.classId)).faceCount;
    expect(await embeddingCounts(db)).toEqual({ arcface: faces });
    const switched = await api.updateClassSettings(base.classId, { embeddingModel: 'facenet' });
    expect(switched.embeddingModel).toBe('facenet');
    // Clustering waits for the missing embeddings (started in the background by the switch).
    const result = await api.clusterSessionCrops(base.sessionId, {
      formGroups: false,
      assignCrops: false,
    });
    expect(result.modelName).toBe('facenet');
    expect(result.clusterSizes.reduce((a, b) => a + b, 0)).toBe(faces);
    expect(await embeddingCounts(db)).toEqual({ arcface: faces, facenet: faces });
    expect(await api.getClassSettings(base.classId)).toMatchObject({ facesMissingEmbedding: 0 });
    const { rows } = await db.query<{ dimension: number }>(
      "select distinct dimension from embeddings where model_id = 'facenet'",
    );
    expect(rows).toEqual([{ dimension: EMBEDDING_MODELS.facenet.outputDim }]);
    const assigned = await api.assignSessionCrops(base.sessionId);
    expect(assigned.modelName).toBe('facenet');
    expect(assigned.results.every((r) => r.reason !== 'no-embedding')).toBe(true);
  }, 120_000);

  test("the workflows and review screens also use the class's model: a facenet-only class is recognised", async () => {
    const { db, api } = await fresh();
    await api.updateClassSettings(base.classId, { embeddingModel: 'facenet' });
    await api.recogniseSession(base.sessionId); // waits for the new embeddings
    // The class's faces now exist in facenet only, as if its photos had been taken with it.
    await db.query("delete from embeddings where model_id = 'arcface'");
    const recognised = await api.recogniseSession(base.sessionId);
    expect(recognised.path).toBe('cluster');
    const questions = await api.listQuestions({ sessionId: base.sessionId });
    expect(recognised.questions).toBe(questions.length);
    expect(questions.filter((g) => g.faces.length > 1).length).toBeGreaterThanOrEqual(4);
    expect(questions.flatMap((q) => q.faces)).toHaveLength(await countRows(db, 'face_crops'));
    expect(await api.listReviewQueue(base.sessionId)).toEqual([]);
  }, 120_000);

  test("new photos are embedded with their class's model only", async () => {
    const { db, api } = await fresh();
    const other = await createClass(db, 'Chemistry');
    await api.updateClassSettings(other.id, { embeddingModel: 'facenet' });
    const session = await createSession(db, other.id, {
      startsAt: '2026-11-21T09:00:00Z',
      title: '',
    });
    const before = await embeddingCounts(db);
    await addPhotos(db, base.store, session.id, [
      { fileName: 'bbt5.jpg', bytes: fixturePhoto('bbt5.jpg') },
    ]);
    await new PhotoProcessor(db, base.store, base.inference, {}).kick();
    const after = await embeddingCounts(db);
    expect(after.arcface).toBe(before.arcface);
    expect(after.facenet).toBeGreaterThan(0);
    const faces = await api.listSessionFaces(session.id);
    expect(faces.length).toBe(after.facenet);
    expect(faces.every((f) => f.models.join() === 'facenet')).toBe(true);
  }, 120_000);
});
