// Finding a student by name while naming faces: the order the class list is offered in, and
// what a few typed letters match.
import type { Student } from '../../../contracts/entities';
import type { StudentId } from '../../../contracts/ids';
import { compareNames } from '../../../domain/names';

/**
 * The class list in the order a teacher naming the faces of a lesson wants it: the students not
 * seen in this lesson yet first (a face still unnamed is most likely one of them), then the
 * others; each part alphabetical.
 */
export function orderForLesson(
  students: readonly Student[],
  seen: ReadonlySet<StudentId>,
): Student[] {
  const sorted = [...students].sort((a, b) => compareNames(a.name, b.name));
  return [...sorted.filter((s) => !seen.has(s.id)), ...sorted.filter((s) => seen.has(s.id))];
}

/**
 * The students whose name has a word starting with `typed` (any case), then those whose name
 * contains it elsewhere; each part in the order given.
 */
export function matchStudents(students: readonly Student[], typed: string): Student[] {
  const needle = typed.toLowerCase();
  const starts = (s: Student) => {
    const name = s.name.toLowerCase();
    return name.startsWith(needle) || name.split(/[\s'’-]+/).some((w) => w.startsWith(needle));
  };
  const first = students.filter(starts);
  const then = students.filter((s) => !starts(s) && s.name.toLowerCase().includes(needle));
  return [...first, ...then];
}
