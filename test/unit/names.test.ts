import { describe, expect, it } from 'vitest';
import { compareNames, normalizeName, validateName } from '../../src/domain/names';
import { thrownAppError } from '../support/errors';

const thrown = thrownAppError;

describe('normalizeName', () => {
  it('trims and collapses inner whitespace, including tabs and non-breaking spaces', () => {
    expect(normalizeName('  Ana \t  María\u00a0 López \n')).toBe('Ana María López');
  });

  it('composes to NFC', () => {
    const decomposed = 'Jose\u0301';
    expect(normalizeName(decomposed)).toBe('Jos\u00e9');
    expect(normalizeName(decomposed)).toHaveLength(4);
  });
});

describe('validateName', () => {
  it('returns the normalized name', () => {
    expect(validateName('  Ana   Lopez ', 'student')).toBe('Ana Lopez');
    expect(validateName('Math 101', 'class')).toBe('Math 101');
  });

  it('rejects empty and whitespace-only names in plain words', () => {
    const student = thrown(() => validateName('   ', 'student'));
    expect(student.code).toBe('validation');
    expect(student.message).toBe("A student's name can't be empty.");
    const klass = thrown(() => validateName('', 'class'));
    expect(klass.code).toBe('validation');
    expect(klass.message).toBe("A class's name can't be empty.");
  });

  it('allows 120 characters and rejects 121', () => {
    expect(validateName('a'.repeat(120), 'student')).toHaveLength(120);
    const error = thrown(() => validateName('a'.repeat(121), 'student'));
    expect(error.code).toBe('validation');
    expect(error.message).toContain('too long (at most 120 characters)');
  });

  it('counts characters as the database does, not UTF-16 units', () => {
    // 120 emoji are 240 UTF-16 units but 120 characters.
    expect(validateName('😀'.repeat(120), 'class')).toHaveLength(240);
    expect(thrown(() => validateName('😀'.repeat(121), 'class')).code).toBe('validation');
  });

  it('measures the length after collapsing whitespace', () => {
    expect(validateName(`${'a'.repeat(60)}      ${'b'.repeat(59)}`, 'student')).toHaveLength(120);
  });
});

describe('compareNames', () => {
  it('sorts case- and accent-insensitively, numbers by value', () => {
    const names = ['zoe', 'Émile', 'adam', 'Class 10', 'Class 2', 'Bea'];
    expect([...names].sort(compareNames)).toEqual([
      'adam',
      'Bea',
      'Class 2',
      'Class 10',
      'Émile',
      'zoe',
    ]);
  });

  it('is a total order: names equal but for case still compare unequal', () => {
    expect(compareNames('ana', 'Ana')).not.toBe(0);
    expect(compareNames('Ana', 'Ana')).toBe(0);
  });
});
