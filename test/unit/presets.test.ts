// The named presets: balanced is the calibrated registry defaults, high-precision is stricter
// for every model, explicit parameters win over a preset.
import { describe, expect, test } from 'vitest';
import { clusteringParameters } from '../../src/core/settings/resolve-parameters';
import { FaceCropAssignmentService } from '../../src/core/assignment/face-crop-assignment';
import { FaceCropClusteringService } from '../../src/core/clustering/face-crop-clustering';
import type { Database } from '../../src/db/open';
import {
  PRESET_NAMES,
  preferredModel,
  presetParameters,
} from '../../src/domain/recognition/presets';
import { EMBEDDING_MODEL_IDS } from '../../src/domain/recognition/models';
import { EMBEDDING_MODELS } from '../../src/ml/registry';
import { thrownAppError } from '../support/errors';

// The services only touch the database when they run; construction is pure.
const noDb = {} as Database;

describe.each(EMBEDDING_MODEL_IDS)('presets for %s', (model) => {
  const { thresholds } = EMBEDDING_MODELS[model];
  const balanced = presetParameters('balanced', model);
  const strict = presetParameters('high-precision', model);
  const fast = presetParameters('fast', model);

  test('balanced is exactly the calibrated defaults', () => {
    expect(balanced.clustering).toEqual({
      maxClusters: 50,
      similarityThreshold: thresholds.clustering,
    });
    expect(balanced.assignment).toEqual({
      k: 5,
      similarityThreshold: thresholds.assignment,
      minMargin: thresholds.assignmentMargin,
      useVoting: true,
    });
  });

  test('high-precision is stricter than balanced, and below 1', () => {
    expect(strict.clustering.similarityThreshold).toBeGreaterThan(
      balanced.clustering.similarityThreshold,
    );
    expect(strict.clustering.similarityThreshold).toBeLessThan(1);
    expect(strict.assignment.similarityThreshold).toBeGreaterThan(
      balanced.assignment.similarityThreshold,
    );
    expect(strict.assignment.similarityThreshold).toBeLessThan(1);
    expect(strict.assignment.minMargin).toBeGreaterThan(balanced.assignment.minMargin);
    expect(strict.assignment).toMatchObject({ k: 7, useVoting: true });
    expect(strict.clustering.maxClusters).toBe(30);
  });

  test('fast takes k 3 without voting, with a higher bar than balanced to make up for it', () => {
    expect(fast.assignment).toMatchObject({
      k: 3,
      minMargin: thresholds.assignmentMargin,
      useVoting: false,
    });
    expect(fast.assignment.similarityThreshold).toBeGreaterThan(thresholds.assignment);
    expect(fast.assignment.similarityThreshold).toBeLessThanOrEqual(
      strict.assignment.similarityThreshold,
    );
    expect(fast.clustering).toEqual({
      maxClusters: 50,
      similarityThreshold: thresholds.clustering,
    });
  });

  test('the services default to balanced', () => {
    const clustering = new FaceCropClusteringService(noDb, { embeddingModel: model });
    expect(clustering.similarityThreshold).toBe(balanced.clustering.similarityThreshold);
    expect(clustering.maxClusters).toBe(50);
    const assignment = new FaceCropAssignmentService(noDb, { embeddingModel: model });
    expect(assignment).toMatchObject(balanced.assignment);
  });

  test('a preset sets the services, explicit parameters win over it', () => {
    const clustering = new FaceCropClusteringService(noDb, {
      embeddingModel: model,
      preset: 'high-precision',
      maxClusters: 12,
    });
    expect(clustering.similarityThreshold).toBe(strict.clustering.similarityThreshold);
    expect(clustering.maxClusters).toBe(12);
    const assignment = new FaceCropAssignmentService(noDb, {
      embeddingModel: model,
      preset: 'high-precision',
      k: 2,
      useVoting: false,
    });
    expect(assignment).toMatchObject({
      k: 2,
      useVoting: false,
      similarityThreshold: strict.assignment.similarityThreshold,
      minMargin: strict.assignment.minMargin,
    });
  });
});

describe('preset models', () => {
  test('fast prefers facenet, the others arcface; an explicit model wins', () => {
    expect(preferredModel('fast')).toBe('facenet');
    expect(preferredModel('high-precision')).toBe('arcface');
    expect(preferredModel('balanced')).toBe('arcface');
    expect(clusteringParameters({ preset: 'fast' }).embeddingModel).toBe('facenet');
    expect(clusteringParameters({ preset: 'fast', embeddingModel: 'arcface' }).embeddingModel).toBe(
      'arcface',
    );
    expect(new FaceCropAssignmentService(noDb, {}).embeddingModel).toBe('arcface');
  });

  test('every preset name resolves; an unknown preset or model is a validation error', () => {
    for (const preset of PRESET_NAMES) expect(clusteringParameters({ preset }).preset).toBe(preset);
    expect(thrownAppError(() => clusteringParameters({ preset: 'turbo' })).code).toBe('validation');
    expect(thrownAppError(() => clusteringParameters({ embeddingModel: 'vgg' })).code).toBe(
      'validation',
    );
  });
});
