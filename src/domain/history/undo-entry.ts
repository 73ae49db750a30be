// What an undo entry records about a teacher's change, beside the rows it puts back: what the
// change did in the teacher's words, and which lessons it touched. One place for both, so the
// notice after a change, the undo history and the undo itself all say the same thing, and undo
// on a lesson's page can tell whether it would reach into another lesson.

/** A change to who is who or to attendance, as the teacher made it. */
export type TeacherChange =
  /** Faces given to a student by typing or picking a name (a question answered). */
  | { kind: 'named-faces'; faces: number; name: string }
  /** Faces moved to, or confirmed as, a student. */
  | { kind: 'moved-faces'; faces: number; to: string }
  | { kind: 'not-in-class'; faces: number }
  /** "Ask me again" on the dismissed list. */
  | { kind: 'asked-again'; faces: number }
  /** "Someone else": faces taken from their student into a new question. */
  | { kind: 'someone-else'; faces: number }
  | { kind: 'renamed'; from: string; to: string }
  | { kind: 'merged'; from: string; into: string }
  | { kind: 'marked-attendance'; student: string; status: 'present' | 'absent' | 'uncertain' }
  | { kind: 'cleared-attendance'; student: string };

const faces = (count: number) => (count === 1 ? 'a face' : `${count} faces`);

/** The change in the teacher's words: "Named 3 faces Howard", "Marked Penny present". */
export function describeChange(change: TeacherChange): string {
  switch (change.kind) {
    case 'named-faces':
      return `Named ${faces(change.faces)} ${change.name}`;
    case 'moved-faces':
      return `Moved ${faces(change.faces)} to ${change.to}`;
    case 'not-in-class':
      return `Marked ${faces(change.faces)} not in this class`;
    case 'asked-again':
      return `Asked again about ${faces(change.faces)} marked not in this class`;
    case 'someone-else':
      return `Moved ${faces(change.faces)} to someone not yet named`;
    case 'renamed':
      return `Renamed ${change.from} ${change.to}`;
    case 'merged':
      return `Merged ${change.from} into ${change.into}`;
    case 'marked-attendance':
      return `Marked ${change.student} ${change.status}`;
    case 'cleared-attendance':
      return `Set ${change.student} back to what the photos say`;
  }
}

/** What an undo says it did: "Undid: Named 3 faces Howard". */
export function describeUndo(description: string): string {
  return `Undid: ${description}`;
}

/**
 * The lessons a change touched: the lessons of the faces it changed and of the attendance rows
 * it changed, each once, in that order. A change with none (a student renamed) touched the class
 * list only, no lesson's faces or attendance.
 */
export function lessonsTouched<L extends string>(
  faceLessons: readonly (L | null)[],
  attendanceLessons: readonly L[],
): L[] {
  const lessons: L[] = [];
  for (const lesson of [...faceLessons, ...attendanceLessons]) {
    if (lesson !== null && !lessons.includes(lesson)) lessons.push(lesson);
  }
  return lessons;
}

/**
 * The lessons other than `fromLesson` that undoing a change would alter. Undo from a lesson's
 * page may only change that lesson without asking; from a class-wide page (no lesson) every
 * lesson of the class is in view, so nothing is "other".
 */
export function otherLessonsReached<L extends string>(
  changeLessons: readonly L[],
  fromLesson: L | null,
): L[] {
  if (fromLesson === null) return [];
  return changeLessons.filter((lesson) => lesson !== fromLesson);
}
