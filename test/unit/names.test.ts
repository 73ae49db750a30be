import { describe, expect, it } from 'vitest';
import {
  compareNames,
  normalizeFileName,
  normalizeName,
  validateName,
  validateOptionalName,
} from '../../src/domain/names';
import { thrownDomainError } from '../support/errors';

const thrown = thrownDomainError;

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

describe('normalizeName: invisible characters (issue 10)', () => {
  it('removes zero-width, soft hyphen, byte order mark, bidi controls and control characters', () => {
    expect(normalizeName('An\u200bna\u200b')).toBe('Anna');
    expect(normalizeName('Be\u00ada\ufeff')).toBe('Bea');
    expect(normalizeName('\u202egnp.exe')).toBe('gnp.exe');
    expect(normalizeName('\u2066Ali\u2069 \u200fBen\u200e')).toBe('Ali Ben');
    expect(normalizeName('Ma\0rta\u0007\u001b')).toBe('Marta');
    expect(normalizeName('\u3164')).toBe('');
  });

  it('collapses the spaces an invisible character leaves behind', () => {
    expect(normalizeName('Ana \u200b María')).toBe('Ana María');
  });

  it('keeps a zero-width non-joiner between letters (Persian spelling), drops it elsewhere', () => {
    expect(normalizeName('\u0645\u06cc\u200c\u0631\u0627')).toBe('\u0645\u06cc\u200c\u0631\u0627');
    expect(normalizeName('Anna\u200c')).toBe('Anna');
    expect(normalizeName('\u200d')).toBe('');
  });
});

describe('normalizeFileName', () => {
  it('caps a file name at 200 characters and keeps its extension', () => {
    const name = normalizeFileName(`${'x'.repeat(10_000)}.jpeg`);
    expect(Array.from(name)).toHaveLength(200);
    expect(name.endsWith('….jpeg')).toBe(true);
    expect(normalizeFileName('IMG_0001.JPG')).toBe('IMG_0001.JPG');
  });

  it('drops bidi and control characters, and names a file with nothing left "photo"', () => {
    expect(normalizeFileName('\u202egnp.exe')).toBe('gnp.exe');
    expect(normalizeFileName('\u200b')).toBe('photo');
  });
});

describe('validateName', () => {
  it('refuses a name with nothing visible in plain words', () => {
    for (const raw of ['\u200b\u200b', '\u00ad', '\0']) {
      const error = thrown(() => validateName(raw, 'student'));
      expect(error.code).toBe('validation');
      expect(error.message).toBe(
        "A student's name can't be made only of invisible characters. Type it again.",
      );
    }
  });

  it('allows an empty optional title but not an invisible one', () => {
    expect(validateOptionalName('  ', 'session title', 200)).toBe('');
    expect(validateOptionalName(' Lab\u200b ', 'session title', 200)).toBe('Lab');
    expect(thrown(() => validateOptionalName('\u200b', 'session title', 200)).message).toBe(
      "A session's title can't be made only of invisible characters. Type it again.",
    );
  });

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
