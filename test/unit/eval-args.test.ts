import { describe, expect, test } from 'vitest';
import { OptionReader, parseArgs, UsageError } from '../../scripts/eval/args';
import type { Identity } from '../../scripts/eval/datasets';
import { createRandom } from '../../scripts/eval/random';
import { samplePairs } from '../../scripts/eval/tasks/verify';

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
