import { describe, expect, test } from 'vitest';
import { OptionReader, parseArgs, UsageError } from './args';
import type { Identity } from './datasets';
import { createRandom } from './random';
import { defaultAssignmentOptions } from './tasks/assign';
import { samplePairs } from './tasks/verify';
import { presetParameters } from '../../src/domain/recognition/presets';

describe('eval arguments', () => {
  test('parses the task and kebab-case options into camelCase', () => {
    const { task, options } = parseArgs(['verify', '--data', 'd', '--score-threshold=0.8']);
    expect(task).toBe('verify');
    const reader = new OptionReader(options);
    expect(reader.requiredString('data')).toBe('d');
    expect(reader.overrides({ scoreThreshold: 0.7, crossScaleCheck: true })).toEqual({
      scoreThreshold: 0.8,
      crossScaleCheck: true,
    });
    expect(() => reader.finish('verify')).not.toThrow();
  });

  test('rejects bad arguments with a usage error', () => {
    expect(() => parseArgs([])).toThrow(UsageError);
    expect(() => parseArgs(['verify', '--data'])).toThrow(/needs a value/);
    expect(() => parseArgs(['verify', 'stray'])).toThrow(/unexpected/);
    const reader = new OptionReader(parseArgs(['verify', '--pairs', 'many', '--x-y', '1']).options);
    expect(() => reader.number('pairs', 3000)).toThrow(/--pairs: bad value/);
    expect(() => reader.finish('verify')).toThrow(/--x-y/);
  });
});

describe('eval --preset', () => {
  test('reads a preset name, refuses an unknown one, and is optional', () => {
    const read = (...args: string[]) => new OptionReader(parseArgs(['assign', ...args]).options);
    expect(read('--preset', 'high-precision').preset()).toBe('high-precision');
    expect(read().preset()).toBeUndefined();
    expect(() => read('--preset', 'turbo').preset()).toThrow(/--preset must be one of/);
  });

  test("a preset's numbers become the task defaults; explicit options still win", () => {
    const reader = new OptionReader(parseArgs(['assign', '--k', '9']).options);
    const strict = defaultAssignmentOptions('arcface', 'high-precision');
    // The preset's numbers, with the per-student bars off as in the app.
    const perStudentBarsOff = { cohortSize: 0, cohortMargin: 0 };
    expect(strict).toEqual({
      ...presetParameters('high-precision', 'arcface').assignment,
      ...perStudentBarsOff,
    });
    expect(reader.overrides(strict)).toEqual({ ...strict, k: 9 });
    expect(defaultAssignmentOptions('facenet')).toEqual({
      ...presetParameters('balanced', 'facenet').assignment,
      ...perStudentBarsOff,
    });
  });
});

describe('verify pair sampling', () => {
  const identities: Identity[] = [
    { name: 'A', images: ['a1', 'a2', 'a3'] },
    { name: 'B', images: ['b1'] },
    { name: 'C', images: ['c1', 'c2'] },
  ];
  const owner = (image: string) => image[0];

  test('draws P positives of one identity and P negatives of two, reproducibly', () => {
    const pairs = samplePairs(identities, 200, createRandom(7));
    expect(pairs).toHaveLength(400);
    pairs.slice(0, 200).forEach((p) => {
      expect(p.isSame).toBe(true);
      expect(owner(p.a)).toBe(owner(p.b));
      expect(p.a).not.toBe(p.b);
    });
    pairs.slice(200).forEach((p) => {
      expect(p.isSame).toBe(false);
      expect(owner(p.a)).not.toBe(owner(p.b));
    });
    // B (one image) never appears in a positive pair but does in negatives.
    expect(pairs.slice(0, 200).some((p) => p.a === 'b1')).toBe(false);
    expect(pairs.slice(200).some((p) => p.a === 'b1' || p.b === 'b1')).toBe(true);
    expect(samplePairs(identities, 200, createRandom(7))).toEqual(pairs);
  });
});

describe('optional service settings', () => {
  test('only the options given are passed on, typed; bad values are usage errors', () => {
    const { options } = parseArgs(['roster', '--k', '7', '--use-voting', 'false']);
    const reader = new OptionReader(options);
    expect(reader.givenNumbers(['k', 'similarityThreshold'])).toEqual({ k: 7 });
    expect(reader.givenBooleans(['useVoting'])).toEqual({ useVoting: false });
    expect(() => reader.finish('roster')).not.toThrow();
    const bad = new OptionReader(parseArgs(['roster', '--k', 'seven']).options);
    expect(() => bad.givenNumbers(['k'])).toThrow(UsageError);
  });
});
