import { describe, expect, test } from 'vitest';
import type { Student } from '../../src/contracts/entities';
import type { ClassId, StudentId } from '../../src/contracts/ids';
import { matchStudents, orderForLesson } from '../../src/ui/features/review/roster-search';

const student = (name: string): Student => ({
  id: name as StudentId,
  classId: 'c' as ClassId,
  name,
  isAutoCreated: false,
  createdAt: '',
  updatedAt: '',
});
const names = (list: Student[]) => list.map((s) => s.name);
const roster = ['Tiger Woods', 'al Gore', 'Christine Todd Whitman', 'Angela Bassett'].map(student);

describe('orderForLesson', () => {
  test('students not seen in the lesson first, each part alphabetical', () => {
    const seen = new Set(['Angela Bassett' as StudentId]);
    expect(names(orderForLesson(roster, seen))).toEqual([
      'al Gore',
      'Christine Todd Whitman',
      'Tiger Woods',
      'Angela Bassett',
    ]);
  });
});

describe('matchStudents', () => {
  test('a word starting with the letters first (any case), then the name containing them', () => {
    expect(names(matchStudents(roster, 'ti'))).toEqual(['Tiger Woods', 'Christine Todd Whitman']);
    expect(names(matchStudents(roster, 'Go'))).toEqual(['al Gore']);
    expect(names(matchStudents(roster, 'an'))).toEqual([
      'Angela Bassett',
      'Christine Todd Whitman',
    ]);
  });

  test('nothing matches: an empty list', () => {
    expect(matchStudents(roster, 'zz')).toEqual([]);
  });
});
