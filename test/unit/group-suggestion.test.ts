import { describe, expect, test } from 'vitest';
import { groupSuggestion } from '../../src/domain/assignment/group-suggestion';

describe('groupSuggestion', () => {
  test('no face passes the assignment bar: no suggestion', () => {
    expect(groupSuggestion([{ studentId: null }, { studentId: null }])).toBeNull();
    expect(groupSuggestion([])).toBeNull();
  });

  test('faces that pass all name one student: that student, even if others do not pass', () => {
    expect(groupSuggestion([{ studentId: 'howard' }, { studentId: null }])).toBe('howard');
    expect(groupSuggestion([{ studentId: 'howard' }, { studentId: 'howard' }])).toBe('howard');
  });

  test('faces of one group passing for two students: no suggestion', () => {
    expect(groupSuggestion([{ studentId: 'howard' }, { studentId: 'raj' }])).toBeNull();
  });
});
