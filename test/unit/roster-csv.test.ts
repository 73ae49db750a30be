import { describe, expect, it } from 'vitest';
import { decodeTextFile, parseCsv, parseRoster } from '../../src/domain/roster-csv';
import { thrownDomainError } from '../support/errors';

const NOT_TEXT =
  "This file can't be read as a list of names. Save it as CSV or plain text and try again.";

const thrown = thrownDomainError;

const utf8 = (text: string) => new TextEncoder().encode(text);
const bytes = (...values: number[]) => new Uint8Array(values);

describe('decodeTextFile', () => {
  it('decodes UTF-8 and strips the BOM', () => {
    const text = decodeTextFile(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('Zoë\nAna')]));
    expect(text).toBe('Zoë\nAna');
    expect(text.charCodeAt(0)).toBe(0x5a);
  });

  it('falls back to windows-1252 for bytes that are not UTF-8', () => {
    // "José" and "Renée" as written by older Excel on Windows
    expect(decodeTextFile(bytes(0x4a, 0x6f, 0x73, 0xe9))).toBe('José');
    expect(decodeTextFile(bytes(0x52, 0x65, 0x6e, 0xe9, 0x65))).toBe('Renée');
    // the 0x80-0x9f range is not Latin-1: 0x92 is a right single quote, 0x8a is Š
    expect(decodeTextFile(bytes(0x4f, 0x92, 0x4e, 0x65, 0x69, 0x6c, 0x6c, 0x0a, 0x8a, 0x61))).toBe(
      'O\u2019Neill\n\u0160a',
    );
  });

  it('decodes UTF-16 with a byte order mark', () => {
    const le = bytes(0xff, 0xfe, 0x41, 0x00, 0x6e, 0x00, 0x61, 0x00);
    expect(decodeTextFile(le)).toBe('Ana');
    const be = bytes(0xfe, 0xff, 0x00, 0x41, 0x00, 0x6e, 0x00, 0x61);
    expect(decodeTextFile(be)).toBe('Ana');
  });

  it('rejects a file with NUL bytes (images, spreadsheets) as not text', () => {
    const png = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d);
    const error = thrown(() => decodeTextFile(png));
    expect(error.code).toBe('validation');
    expect(error.message).toBe(NOT_TEXT);
  });

  it('rejects binary garbage without NUL bytes', () => {
    let seed = 7;
    const garbage = new Uint8Array(2000).map(() => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return ((seed >>> 16) % 255) + 1; // 1..255, never 0
    });
    expect(garbage.includes(0)).toBe(false);
    expect(thrown(() => decodeTextFile(garbage)).message).toBe(NOT_TEXT);
  });

  it('accepts text with a stray control character', () => {
    expect(decodeTextFile(utf8('Ana\nBea\u0007\nCarl\nDora\nEmil\nFrida\nGus\nHal\n'))).toContain(
      'Bea',
    );
  });

  it('returns an empty string for an empty file', () => {
    expect(decodeTextFile(new Uint8Array())).toBe('');
  });
});

describe('parseRoster', () => {
  it('reads one name per line, skipping blank lines and normalizing', () => {
    expect(parseRoster('Ana Lopez\n\n  Bea   Smith  \n\t\nCarl\n')).toEqual([
      'Ana Lopez',
      'Bea Smith',
      'Carl',
    ]);
  });

  it('handles CRLF and lone CR line endings', () => {
    expect(parseRoster('Ana\r\nBea\r\nCarl')).toEqual(['Ana', 'Bea', 'Carl']);
    expect(parseRoster('Ana\rBea\r')).toEqual(['Ana', 'Bea']);
  });

  it('keeps "Smith, John" as one name when there is no header', () => {
    expect(parseRoster('Smith, John\nDoe, Jane\n')).toEqual(['Smith, John', 'Doe, Jane']);
  });

  it('strips surrounding quotes from a line', () => {
    expect(parseRoster('"Smith, John"\n"O""Brien"\nPlain')).toEqual([
      'Smith, John',
      'O"Brien',
      'Plain',
    ]);
  });

  it('strips a BOM left in the text', () => {
    expect(parseRoster('\uFEFFAna\nBea')).toEqual(['Ana', 'Bea']);
  });

  it('reads the name column of a CSV, among other columns', () => {
    const csv = 'Id,Email,Name,Grade\r\n1,ana@x.org,Ana Lopez,7\r\n2,bea@x.org,Bea Smith,7\r\n';
    expect(parseRoster(csv)).toEqual(['Ana Lopez', 'Bea Smith']);
  });

  it('honours RFC 4180 quoting: quoted commas, doubled quotes, line breaks in quotes', () => {
    const csv = [
      'id,name,notes',
      '1,"Smith, John","said ""hi"""',
      '2,"O""Brien, Pat","two',
      'lines"',
      '3,Zoë,',
    ].join('\r\n');
    expect(parseRoster(csv)).toEqual(['Smith, John', 'O"Brien, Pat', 'Zoë']);
  });

  it.each(['NAME', 'Student', 'student name', 'Full Name', 'student_name'])(
    'accepts %s as the header of the name column',
    (header) => {
      expect(parseRoster(`${header},age\nAna,12\nBea,13`)).toEqual(['Ana', 'Bea']);
    },
  );

  it('reads semicolon- and tab-separated exports', () => {
    expect(parseRoster('Nr;Name\n1;Smith, John\n2;Ana')).toEqual(['Smith, John', 'Ana']);
    expect(parseRoster('name\tage\nAna\t12\nBea\t13')).toEqual(['Ana', 'Bea']);
  });

  it('joins first and last name columns', () => {
    expect(parseRoster('First Name,Last Name\nAna,Lopez\nBea,Smith')).toEqual([
      'Ana Lopez',
      'Bea Smith',
    ]);
  });

  it('keeps whole lines under a one-column "Name" heading', () => {
    expect(parseRoster('Name\nSmith, John\n"Doe, Jane"\n')).toEqual(['Smith, John', 'Doe, Jane']);
  });

  it('skips rows whose name cell is empty', () => {
    expect(parseRoster('name,age\nAna,12\n,13\n\n"",14\nBea,15')).toEqual(['Ana', 'Bea']);
  });

  it('keeps repeated names in file order', () => {
    expect(parseRoster('Bea\nAna\nbea\nAna')).toEqual(['Bea', 'Ana', 'bea', 'Ana']);
  });

  it('rejects a file without names', () => {
    for (const text of ['', '\n\n  \r\n', 'name,age\n', 'Name\n\n']) {
      const error = thrown(() => parseRoster(text));
      expect(error.code).toBe('validation');
      expect(error.message).toBe('No names found in this file.');
    }
  });

  it('rejects a too-long name, saying on which line', () => {
    const error = thrown(() => parseRoster(`Ana\n\n${'x'.repeat(121)}\n`));
    expect(error.code).toBe('validation');
    expect(error.message).toBe("Line 3: A student's name is too long (at most 120 characters).");
    expect(error.details).toEqual({ line: 3 });
  });

  it('decodes and parses windows-1252 bytes end to end', () => {
    const file = bytes(0x4e, 0x61, 0x6d, 0x65, 0x0d, 0x0a, 0x52, 0x65, 0x6e, 0xe9, 0x65);
    expect(parseRoster(decodeTextFile(file))).toEqual(['Renée']);
  });
});

describe('parseCsv', () => {
  it('reports the line each record starts on', () => {
    const records = parseCsv('a,b\n"x\ny",z\nlast');
    expect(records.map((r) => r.line)).toEqual([1, 2, 4]);
    expect(records[1]?.fields).toEqual(['x\ny', 'z']);
  });

  it('treats a quote inside an unquoted field as a literal', () => {
    expect(parseCsv('5" tall,ok')[0]?.fields).toEqual(['5" tall', 'ok']);
  });
});
