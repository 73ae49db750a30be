// Per-student open-set thresholds from the class's own gallery.
//
// A stranger is named when they score above the threshold on some student. How high a stranger
// can score depends on the student: some students look like many people, others like nobody. The
// other students of the class are the stranger sample we have: every identified face of another
// student is scored against this student exactly as a query would be (the mean of its two
// nearest similarities among the student's faces, see assign.ts), and the student's bar becomes
//   max(similarityThreshold, (mean of the `cohortSize` highest such scores) + cohortMargin)
// i.e. a face must beat the people most like this student by a margin, not just the global bar.
// With cohortSize 0 every student keeps the global threshold. Pure and deterministic.
import { dot, type Vector } from '../embedding/vectors';
import { VOTES_PER_STUDENT } from './assign';

export interface GalleryFace {
  studentId: string;
  vector: Vector;
}

export interface StudentThresholdRule {
  /** Global bar (the preset's similarityThreshold). */
  similarityThreshold: number;
  /** How many of the highest other-student scores set the student's bar (0: rule off). */
  cohortSize: number;
  /** How far above those scores a face must be. */
  cohortMargin: number;
}

/** The assignment bar of every student of `gallery` (students with no face are absent). */
export function studentThresholds(
  gallery: readonly GalleryFace[],
  rule: StudentThresholdRule,
): Map<string, number> {
  return thresholdsFromCohorts(cohortScores(gallery, rule.cohortSize), rule);
}

/**
 * Per student, the scores of the other students' faces against it, highest first (at most
 * `keep` of them): what the rule needs, computed once per gallery.
 */
export function cohortScores(
  gallery: readonly GalleryFace[],
  keep: number = Infinity,
): Map<string, number[]> {
  const byStudent = new Map<string, Vector[]>();
  for (const face of gallery) {
    const list = byStudent.get(face.studentId);
    if (list) list.push(face.vector);
    else byStudent.set(face.studentId, [face.vector]);
  }
  const cohorts = new Map<string, number[]>();
  for (const [studentId, own] of byStudent) {
    const scores: number[] = [];
    if (keep > 0) {
      for (const face of gallery) {
        if (face.studentId !== studentId) scores.push(studentScore(face.vector, own));
      }
    }
    scores.sort((a, b) => b - a);
    cohorts.set(studentId, scores.slice(0, keep));
  }
  return cohorts;
}

/** The rule applied to cohort scores from cohortScores. */
export function thresholdsFromCohorts(
  cohorts: ReadonlyMap<string, readonly number[]>,
  rule: StudentThresholdRule,
): Map<string, number> {
  const thresholds = new Map<string, number>();
  for (const [studentId, scores] of cohorts) {
    const top = scores.slice(0, Math.max(0, rule.cohortSize));
    const bar =
      top.length === 0
        ? rule.similarityThreshold
        : top.reduce((s, x) => s + x, 0) / top.length + rule.cohortMargin;
    thresholds.set(studentId, Math.max(rule.similarityThreshold, bar));
  }
  return thresholds;
}

/** The mean of the VOTES_PER_STUDENT highest similarities of `query` to `faces`. */
function studentScore(query: Vector, faces: readonly Vector[]): number {
  const sims = faces.map((v) => dot(query, v)).sort((a, b) => b - a);
  const take = Math.min(VOTES_PER_STUDENT, sims.length);
  let sum = 0;
  for (let i = 0; i < take; i++) sum += sims[i] as number;
  return sum / take;
}
