import { describe, expect, test } from 'vitest';
import { csvCell, csvFileName, toCsv } from '../../src/domain/attendance/csv';
import {
  automaticStatus,
  bestEvidence,
  PRESENT_CONFIDENCE,
} from '../../src/domain/attendance/status';

describe('CSV cells', () => {
  test('RFC 4180 quoting: commas, quotes and line breaks', () => {
    expect(csvCell('Ana')).toBe('Ana');
    expect(csvCell('Smith, Ana')).toBe('"Smith, Ana"');
    expect(csvCell('Ana "Nan" Smith')).toBe('"Ana ""Nan"" Smith"');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('')).toBe('');
  });

  test('a cell a spreadsheet would run as a formula is shown as text', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      // The apostrophe comes first (inside the quotes when the cell needs them).
      expect(csvCell(`${start}1`)).toMatch(/^"?'/);
    }
    expect(csvCell('=SUM(A1,A2)')).toBe(`"'=SUM(A1,A2)"`);
    expect(csvCell('Anne-Marie')).toBe('Anne-Marie');
  });

  test('a byte order mark, one CRLF per row', () => {
    expect(
      toCsv([
        ['a', 'b'],
        ['c', 'd'],
      ]),
    ).toBe('\uFEFFa,b\r\nc,d\r\n');
  });

  test('file names without characters file systems refuse', () => {
    expect(csvFileName('A/B: C?', 'attendance')).toBe('A-B- C- attendance.csv');
    expect(csvFileName('')).toBe('attendance.csv');
  });
});

describe('attendance rules', () => {
  const face = (assignmentStatus: 'auto' | 'confirmed', confidence: number | null, cropId = 'x') =>
    ({ cropId, assignmentStatus, confidence }) as const;

  test('present at the documented level, uncertain just below, absent without faces', () => {
    expect(automaticStatus([face('auto', PRESENT_CONFIDENCE)])).toBe('present');
    expect(automaticStatus([face('auto', PRESENT_CONFIDENCE - 0.01)])).toBe('uncertain');
    expect(automaticStatus([face('confirmed', null)])).toBe('present');
    expect(automaticStatus([])).toBe('absent');
  });

  test('evidence: confirmed first, then the most confident', () => {
    expect(bestEvidence([face('auto', 0.99, 'a'), face('confirmed', null, 'b')])?.cropId).toBe('b');
    expect(bestEvidence([face('auto', 0.6, 'a'), face('auto', 0.8, 'b')])?.cropId).toBe('b');
    expect(bestEvidence([])).toBeNull();
  });
});
