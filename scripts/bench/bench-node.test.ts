// A tiny smoke run of `npm run bench`'s Node halves (scripts/bench/bench-node.ts): the stage
// timing runs the real pipeline on one small photo and accounts for every stage, clustering and
// kNN rows come out for a small size. The browser half and real sizes run only in `npm run bench`.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { compareKnn, runClustering, runNodePipeline } from './bench-node';

const PHOTO = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'photos', 'bbt4.jpg');

describe('bench harness (smoke)', () => {
  test('times every stage of the pipeline and the embedding models', async () => {
    const result = await runNodePipeline({
      photos: [PHOTO],
      repeat: 1,
      embedPhoto: PHOTO,
      embedFaces: 2,
      batches: [1, 2],
    });
    const [photo] = result.photos;
    expect(photo?.faces).toBe(6);
    expect(photo?.detectRuns).toBeGreaterThan(0);
    const stages = ['decodeMs', 'detectMs', 'landmarksEmbedMs', 'thumbnailsMs'] as const;
    for (const stage of stages) expect(photo?.[stage]).toBeGreaterThan(0);
    const sum = stages.reduce((s, stage) => s + (photo?.[stage] ?? 0), 0);
    expect(sum).toBeLessThanOrEqual((photo?.totalMs ?? 0) + 1);
    expect(result.embedding.map((e) => `${e.model}@${e.batch}`)).toEqual([
      'arcface@1',
      'arcface@2',
      'facenet@1',
      'facenet@2',
    ]);
  }, 120_000);

  test('clustering and kNN rows for a small gallery', async () => {
    const [row] = runClustering({ sizes: [100], sklearnMax: 0 });
    expect(row?.faces).toBe(100);
    expect(row?.rollcallClusters).toBeGreaterThan(0);
    expect(row?.sklearnMs).toBeNull();
    const [sql, memory] = await compareKnn({ sizes: [200], queries: 5, sqlQueries: 3, k: 5 });
    expect(sql?.galleryFaces).toBe(200);
    expect(sql?.msPerQueryP50).toBeGreaterThan(0);
    expect(memory?.msPerQueryP50).toBeGreaterThan(0);
    expect(memory?.recall).toBe(1);
    expect(memory?.identical).toBe(3);
  }, 60_000);
});
