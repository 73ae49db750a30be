// Attendance measures of the workflow tasks (classroom, roster) and the teacher's naming step of
// the classroom cold start. Pure functions, unit-tested.

export interface SessionAttendance {
  /** Students (by name) marked present: at least one face of the session assigned to them. */
  predicted: ReadonlySet<string>;
  /** Students (by name) truly present. */
  truth: ReadonlySet<string>;
}

export interface AttendanceScores {
  /** "Present" marks of students outside the class list (not scored; see attendanceScores). */
  outsideRoster: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
}

/**
 * Precision, recall and F1 of "present" over all (session, student) pairs, the students being
 * the class list (`roster`) when given. A student of the app that is not on it (an unnamed
 * cluster of a stranger, say) marked present is counted apart, in `outsideRoster`; without a
 * roster every predicted student is scored.
 */
export function attendanceScores(
  sessions: readonly SessionAttendance[],
  roster?: ReadonlySet<string>,
): AttendanceScores {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let outside = 0;
  for (const { predicted, truth } of sessions) {
    for (const student of predicted) {
      if (roster && !roster.has(student)) outside++;
      else if (truth.has(student)) tp++;
      else fp++;
    }
    for (const student of truth) if (!predicted.has(student)) fn++;
  }
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    outsideRoster: outside,
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    precision,
    recall,
    f1,
  };
}

/**
 * The identity most of a cluster's faces belong to (null: a stranger, a face matching no truth
 * face). Ties go to a named identity, then to the first name in order, so runs are repeatable.
 */
export function majorityIdentity(labels: readonly (string | null)[]): string | null {
  const counts = new Map<string | null, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  let best: string | null = null;
  let bestCount = 0;
  for (const [label, count] of counts) {
    const better =
      count > bestCount ||
      (count === bestCount && (best === null ? label !== null : label !== null && label < best));
    if (better) {
      best = label;
      bestCount = count;
    }
  }
  return best;
}

export interface NamingCandidate {
  studentId: string;
  /** The truth identity of each face of the student's cluster (null: a stranger). */
  labels: readonly (string | null)[];
}

/**
 * The names a teacher gives the created students: each its cluster's majority identity, unless
 * that is a stranger or the identity already has a name. Larger clusters are named first (they
 * are the clearest to the teacher), ties in the given order.
 */
export function namingPlan(
  candidates: readonly NamingCandidate[],
  alreadyNamed: ReadonlySet<string> = new Set(),
): { studentId: string; name: string }[] {
  const named = new Set(alreadyNamed);
  const plan: { studentId: string; name: string }[] = [];
  const order = candidates
    .map((candidate, i) => ({ candidate, i }))
    .sort((a, b) => b.candidate.labels.length - a.candidate.labels.length || a.i - b.i);
  for (const { candidate } of order) {
    const name = majorityIdentity(candidate.labels);
    if (name === null || named.has(name)) continue;
    named.add(name);
    plan.push({ studentId: candidate.studentId, name });
  }
  return plan;
}
