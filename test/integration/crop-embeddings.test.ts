// The card's generate-embedding endpoints on stored faces of a real photo: one face or a batch,
// the class's model unless one is named, and a bad id failing alone.
import { beforeAll, describe, expect, test } from 'vitest';
import type { CropId } from '../../src/contracts/ids';
import type { Database } from '../../src/db/open';
import { EMBEDDING_MODELS } from '../../src/ml/registry';
import { countAll } from '../support/db';
import { expectAppError } from '../support/errors';
import { dataApiFor, processedClass, type ProcessedClass } from '../support/processed-class';
import { parseVectorText } from '../../src/db/vector-text';

let base: ProcessedClass;
let faceIds: CropId[];

beforeAll(async () => {
  base = await processedClass(['bbt4.jpg']);
  const { rows } = await base.db.query<{ id: CropId }>('select id from face_crops order by id');
  faceIds = rows.map((r) => r.id);
}, 120_000);

const fresh = async () => {
  const db = (await base.db.clone()) as Database;
  return { db, api: dataApiFor(base, db) };
};

async function storedVector(db: Database, cropId: CropId, model: string) {
  const { rows } = await db.query<{ vector: string }>(
    'select vector::text as vector from embeddings where crop_id = $1 and model_id = $2',
    [cropId, model],
  );
  return rows[0] ? parseVectorText(rows[0].vector) : null;
}

describe('generateCropEmbeddingsBatch', () => {
  test("recomputes every face with the class's model; the same vectors come back", async () => {
    const { db, api } = await fresh();
    expect(faceIds).toHaveLength(6);
    const before = await storedVector(db, faceIds[0]!, 'arcface');
    const result = await api.generateCropEmbeddingsBatch({ faceCropIds: faceIds });
    expect(result).toMatchObject({ succeeded: 6, failed: 0 });
    for (const r of result.results) {
      expect(r).toMatchObject({ ok: true, modelName: 'arcface', dimension: 512 });
    }
    const after = await storedVector(db, faceIds[0]!, 'arcface');
    let dot = 0;
    for (let i = 0; i < 512; i++) dot += before![i]! * after![i]!;
    expect(dot).toBeGreaterThan(0.999);
  });

  test('a bad id fails alone, in plain words; the others succeed', async () => {
    const { api } = await fresh();
    const missing = '00000000-0000-4000-8000-000000000000';
    const result = await api.generateCropEmbeddingsBatch({
      faceCropIds: [faceIds[0]!, missing, 'not-an-id', faceIds[1]!],
      modelName: 'facenet',
    });
    expect(result).toMatchObject({ succeeded: 2, failed: 2 });
    expect(result.results.map((r) => r.ok)).toEqual([true, false, false, true]);
    for (const failure of result.results.slice(1, 3)) {
      expect(failure).toMatchObject({ ok: false, error: { code: 'not-found' } });
    }
    expect(result.results[0]).toMatchObject({ modelName: 'facenet', dimension: 128 });
  });

  test('an unknown model is a validation error and changes nothing', async () => {
    const { db, api } = await fresh();
    const before = await countAll(db);
    await expectAppError(
      api.generateCropEmbeddingsBatch({ faceCropIds: faceIds, modelName: 'vgg-face' }),
      'validation',
    );
    expect(await countAll(db)).toEqual(before);
  });
});

describe('generateCropEmbedding', () => {
  test('without a model, a face of a facenet class gets a facenet embedding', async () => {
    const { db, api } = await fresh();
    await db.query("update classes set embedding_model = 'facenet'");
    const result = await api.generateCropEmbedding(faceIds[2]!);
    expect(result).toEqual({
      cropId: faceIds[2],
      modelName: 'facenet',
      dimension: EMBEDDING_MODELS.facenet.outputDim,
    });
    expect(await storedVector(db, faceIds[2]!, 'facenet')).toHaveLength(128);
    await expectAppError(
      api.generateCropEmbedding('00000000-0000-4000-8000-000000000000' as CropId),
      'not-found',
    );
  });
});
