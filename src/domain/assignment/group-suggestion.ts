// When a question (a group of unknown faces) may be offered to the teacher as "This is <name>?".
//
// A suggestion must mean something: it is made only when the app's own assignment rule (the
// calibrated open-set threshold plus margin, each photo decided jointly, see assign.ts) would
// give faces of the group to a student, and gives none of them to anyone else. Below that bar a
// name is a guess, and a guess with a big button is worse than the plain "Who is this?": so there
// is no suggestion, and no percentage is ever shown. This is the one place of that rule.

/** What the assignment rule decided for one face of the group (a dry run: nothing written). */
export interface FaceDecision {
  /** The student the rule would give the face to; null when it would give it to nobody. */
  studentId: string | null;
}

/** The student to suggest for a group of faces, or null ("Who is this?"). */
export function groupSuggestion(decisions: readonly FaceDecision[]): string | null {
  const students = new Set(decisions.flatMap((d) => (d.studentId === null ? [] : [d.studentId])));
  // None passes the bar: no suggestion. Two students pass it for one group: the grouping or the
  // rule is unsure which, so the teacher is asked plainly.
  return students.size === 1 ? [...students][0]! : null;
}
