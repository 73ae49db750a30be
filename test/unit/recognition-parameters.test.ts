// The one resolution of a run's parameters (src/domain/recognition/parameters.ts): defaults from
// the preset for the model, explicit choices win, every rule checked here and only here.
import { describe, expect, test } from 'vitest';
import { ClusteringService } from '../../src/domain/clustering/clustering';
import { InvalidInputError } from '../../src/domain/errors';
import { RECOGNITION_MODELS } from '../../src/domain/recognition/models';
import { resolveAssignment, resolveClustering } from '../../src/domain/recognition/parameters';
import { presetParameters } from '../../src/domain/recognition/presets';

describe('resolving recognition parameters', () => {
  test('no choice is the balanced preset of the default model, with its current version', () => {
    const balanced = presetParameters('balanced', 'arcface');
    expect(resolveClustering()).toEqual({
      ...balanced.clustering,
      embeddingModel: 'arcface',
      modelVersion: RECOGNITION_MODELS.arcface.version,
      preset: 'balanced',
    });
    expect(resolveAssignment()).toMatchObject(balanced.assignment);
  });

  test("a preset brings its own model's numbers; explicit numbers win over it", () => {
    const fast = resolveAssignment({ preset: 'fast', k: 4 });
    expect(fast).toMatchObject({
      ...presetParameters('fast', 'facenet').assignment,
      k: 4,
      embeddingModel: 'facenet',
      modelVersion: RECOGNITION_MODELS.facenet.version,
    });
  });

  test('a resolved value is frozen and passes through unchanged', () => {
    const run = resolveClustering({ similarityThreshold: 0.5 });
    expect(Object.isFrozen(run)).toBe(true);
    expect(resolveClustering(run)).toBe(run);
    // A look-alike object is not taken for a resolved one: it is checked.
    expect(() => resolveClustering({ ...run, maxClusters: 0 })).toThrow(InvalidInputError);
  });

  test.each([
    [{ preset: 'turbo' }, 'preset'],
    [{ embeddingModel: 'vgg' }, 'embeddingModel'],
    [{ maxClusters: 2.5 }, 'maxClusters'],
    [{ similarityThreshold: 1 }, 'similarityThreshold'],
    [{ similarityThreshold: '0.5' }, 'similarityThreshold'],
  ])('clustering choice %j is refused, naming the field', (choice, field) => {
    let thrown: unknown;
    try {
      resolveClustering(choice);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidInputError);
    expect(thrown).toMatchObject({ code: 'validation', details: { field } });
  });

  test.each([
    [{ k: 0 }, 'k'],
    [{ k: 101 }, 'k'],
    [{ minMargin: 1 }, 'minMargin'],
    [{ useVoting: 'yes' }, 'useVoting'],
    [{ similarityThreshold: -1 }, 'similarityThreshold'],
  ])('assignment choice %j is refused, naming the field', (choice, field) => {
    expect(() => resolveAssignment(choice)).toThrow(
      expect.objectContaining({ code: 'validation', details: { field } }) as Error,
    );
  });

  test('the domain ClusteringService defaults to the same preset and checks with the same rule', () => {
    const service = new ClusteringService();
    const run = resolveClustering();
    expect(service.similarityThreshold).toBe(run.similarityThreshold);
    expect(service.maxClusters).toBe(run.maxClusters);
    expect(() => new ClusteringService({ maxClusters: 0 })).toThrow(InvalidInputError);
  });
});
