// The card's EmbeddingService operations on real faces with the real models.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { InferenceApi } from '../../src/contracts/inference';
import { EmbeddingService } from '../../src/ml/embedding-service';
import { EMBEDDING_MODELS } from '../../src/ml/registry';
import { createNodeInference } from '../../scripts/lib/node-inference';

const face = (name: string) =>
  new Uint8Array(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'faces', name)));
const groupPhoto = new Uint8Array(
  readFileSync(join(import.meta.dirname, '..', 'fixtures', 'photos', 'bbt4.jpg')),
);

let inference: InferenceApi;
beforeAll(() => {
  inference = createNodeInference();
});

describe.each(['arcface', 'facenet'] as const)('EmbeddingService(%s)', (modelName) => {
  test('embeds a face and tells people apart', async () => {
    const service = new EmbeddingService({ modelName, inference });
    const bush = await service.generateEmbedding(face('George_W_Bush_0001.jpg'));
    const blair = await service.generateEmbedding(face('Tony_Blair_0001.jpg'));
    const bushAgain = await service.generateEmbedding(face('George_W_Bush_0002.jpg'));
    expect(bush).toHaveLength(service.dimension);
    expect(service.calculateSimilarity(bush, bush)).toBeCloseTo(1, 5);
    expect(service.calculateSimilarity(bush, bushAgain)).toBeGreaterThan(
      service.calculateSimilarity(bush, blair),
    );
    // Different people fall below the model's own verification threshold.
    expect(service.calculateSimilarity(bush, blair)).toBeLessThan(
      EMBEDDING_MODELS[modelName].thresholds.verification,
    );

    expect(service.findBestMatch(bush, [blair, bush], { threshold: 0.9 })).toEqual({
      index: 1,
      score: expect.closeTo(1, 5) as number,
    });
    expect(service.findBestMatch(bush, [blair], { threshold: 0.9 })).toBeNull();
    expect(
      service.findTopKMatches(bush, [blair, bush, blair], { k: 2 }).map((m) => m.index),
    ).toEqual([1, 0]);
  });

  test('refuses vectors of another size and a bad k', () => {
    const service = new EmbeddingService({ modelName, inference });
    const other = new Float32Array(modelName === 'arcface' ? 128 : 512);
    const own = new Float32Array(service.dimension);
    expect(() => service.calculateSimilarity(own, other)).toThrow(
      expect.objectContaining({ code: 'validation' }) as Error,
    );
    expect(() => service.findTopKMatches(own, [own], { k: 0 })).toThrow(
      expect.objectContaining({ code: 'validation' }) as Error,
    );
  });
});

test('an unknown model name is a validation error', () => {
  expect(() => new EmbeddingService({ modelName: 'vgg', inference })).toThrow(
    expect.objectContaining({ code: 'validation' }) as Error,
  );
});

test('a group photo gives the embedding of its largest face', async () => {
  const service = new EmbeddingService({ inference });
  const vector = await service.generateEmbedding(groupPhoto);
  expect(vector).toHaveLength(512);
});
