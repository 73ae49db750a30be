// The words and lessons of an undo entry (src/domain/history/undo-entry.ts).
import { describe, expect, test } from 'vitest';
import {
  describeChange,
  describeUndo,
  lessonsTouched,
  otherLessonsReached,
} from '../../src/domain/history/undo-entry';

describe('describeChange', () => {
  test('says what the teacher did, in their words', () => {
    expect(describeChange({ kind: 'named-faces', faces: 3, name: 'Howard' })).toBe(
      'Named 3 faces Howard',
    );
    expect(describeChange({ kind: 'moved-faces', faces: 1, to: 'Penny' })).toBe(
      'Moved a face to Penny',
    );
    expect(describeChange({ kind: 'not-in-class', faces: 2 })).toBe(
      'Marked 2 faces not in this class',
    );
    expect(describeChange({ kind: 'someone-else', faces: 1 })).toBe(
      'Moved a face to someone not yet named',
    );
    expect(describeChange({ kind: 'merged', from: 'Unnamed 2', into: 'Raj' })).toBe(
      'Merged Unnamed 2 into Raj',
    );
    expect(describeChange({ kind: 'marked-attendance', student: 'Penny', status: 'present' })).toBe(
      'Marked Penny present',
    );
    expect(describeChange({ kind: 'cleared-attendance', student: 'Penny' })).toBe(
      'Set Penny back to what the photos say',
    );
    expect(describeUndo('Marked Penny present')).toBe('Undid: Marked Penny present');
  });
});

describe('lessons', () => {
  test('a change touches the lessons of its faces and attendance rows, each once', () => {
    expect(lessonsTouched(['a', null, 'b', 'a'], ['c', 'b'])).toEqual(['a', 'b', 'c']);
    expect(lessonsTouched([null], [])).toEqual([]);
  });

  test('from a lesson, every other lesson a change touched is reached; from the class, none', () => {
    expect(otherLessonsReached(['a', 'b'], 'a')).toEqual(['b']);
    expect(otherLessonsReached(['a'], 'a')).toEqual([]);
    expect(otherLessonsReached(['a'], 'b')).toEqual(['a']);
    expect(otherLessonsReached([], 'b')).toEqual([]);
    expect(otherLessonsReached(['a', 'b'], null)).toEqual([]);
  });
});
