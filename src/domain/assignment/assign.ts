// Open-set assignment of faces to known students from their nearest gallery neighbours.
//
// Input, per face: its nearest neighbours among the identified crops of the same class and model
// ({ studentId, similarity }), e.g. from pgvector or an exact scan. Per face, the k nearest (after
// dropping students the teacher rejected for that face, and keeping at most VOTES_PER_STUDENT per
// student so that a student with many crops cannot fill all k) give each student a score:
//   - useVoting: the mean of the student's two best similarities among the k ("top-2 mean"). A
//     student seen once in the k gets, as its second value, the k-th similarity (an upper bound of
//     its unseen second crop), unless the gallery is known to hold only one crop of that student;
//   - otherwise the student's nearest similarity (nearest neighbour only).
// A face is assigned its best student when that score >= similarityThreshold AND it beats the best
// other still-available student by >= minMargin (a stranger's scores are low and close together).
// All faces of one photo are decided jointly: each student at most once per photo, chosen by the
// Hungarian algorithm over faces x (students + one "unknown" per face), maximising the summed
// score above the threshold (a student's own bar when context.studentThresholds gives one, see
// student-thresholds.ts). Pure and deterministic (order of faces, students and neighbours does
// not change the result).
import { dot, type Vector } from '../embedding/vectors';
import { solveAssignment } from './hungarian';

/** Similarities per student averaged when voting. */
export const VOTES_PER_STUDENT = 2;
/** The smallest margin scale used for confidence (when minMargin is 0 or tiny). */
const MIN_CONFIDENCE_SCALE = 0.05;

export interface Neighbour {
  studentId: string;
  /** Cosine similarity to the query face. */
  similarity: number;
  /** The gallery crop, when known (shown as evidence). */
  cropId?: string;
}

export interface FaceNeighbours {
  faceId: string;
  /**
   * Nearest gallery neighbours, any order. Enough of them to hold the k nearest with at most
   * VOTES_PER_STUDENT per student (e.g. the nearest 2 crops of each of the k nearest students),
   * when the gallery has that many; more are ignored.
   */
  neighbours: readonly Neighbour[];
}

export interface AssignmentOptions {
  /** Neighbours per face that take part in the decision. */
  k: number;
  /** Minimum student score (cosine similarity scale) to assign. */
  similarityThreshold: number;
  /** Minimum lead of the best student's score over the best other available student's. */
  minMargin: number;
  /** Top-2 mean per student (true) or nearest neighbour only (false). */
  useVoting: boolean;
}

/** A manual "this face is not this student": the pair is never proposed again. */
export interface Rejection {
  faceId: string;
  studentId: string;
}

export interface AssignmentContext {
  rejections?: Iterable<Rejection>;
  /** Crops per student in the whole gallery (lets a one-photo student be scored fairly). */
  galleryCounts?: ReadonlyMap<string, number>;
  /**
   * Per-student bars (student-thresholds.ts) replacing similarityThreshold for those students;
   * never below it there. A student absent from the map has the global bar.
   */
  studentThresholds?: ReadonlyMap<string, number>;
}

export interface StudentScore {
  studentId: string;
  score: number;
  /** How many of the face's k neighbours are this student's. */
  votes: number;
}

export type AssignmentReason =
  'assigned' | 'no-neighbours' | 'below-threshold' | 'ambiguous' | 'taken-in-photo';

export interface FaceAssignment {
  faceId: string;
  /** The student assigned, or null: unknown / left for the teacher. */
  studentId: string | null;
  /** The student this face would get (the best one still free in the photo), or null. */
  candidateId: string | null;
  /** The candidate's score (-1 when there is no candidate). */
  score: number;
  /** The best other available student's score (or the bound used for unseen students). */
  secondScore: number;
  margin: number;
  /**
   * Confidence in [0, 1] that the candidate is this face's student, from the margin and the
   * score relative to their requirements: 0.5 exactly at the requirements, >= 0.5 when assigned.
   */
  confidence: number;
  reason: AssignmentReason;
  /** The k neighbours that decided it, nearest first. */
  neighbours: Neighbour[];
  /** Every student among the k neighbours, best first. */
  scores: StudentScore[];
}

interface Scored {
  faceId: string;
  neighbours: Neighbour[];
  scores: StudentScore[];
  byStudent: Map<string, number>;
  /** Upper bound of the score of a student absent from the k neighbours. */
  unseenBound: number;
}

const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function byNearest(a: Neighbour, b: Neighbour): number {
  return (
    b.similarity - a.similarity ||
    compareIds(a.studentId, b.studentId) ||
    compareIds(a.cropId ?? '', b.cropId ?? '')
  );
}

function checkOptions(options: AssignmentOptions): void {
  if (!Number.isInteger(options.k) || options.k < 1) {
    throw new RangeError(`k must be a positive integer, got ${options.k}`);
  }
  if (!Number.isFinite(options.similarityThreshold)) {
    throw new RangeError('similarityThreshold must be a number');
  }
  if (!Number.isFinite(options.minMargin) || options.minMargin < 0) {
    throw new RangeError('minMargin must be a number >= 0');
  }
}

/** The k nearest neighbours of one face (rejected students removed) and its student scores. */
function scoreFace(
  face: FaceNeighbours,
  options: AssignmentOptions,
  rejected: ReadonlySet<string>,
  galleryCounts: ReadonlyMap<string, number> | undefined,
): Scored {
  const candidates = face.neighbours
    .filter((n) => Number.isFinite(n.similarity) && !rejected.has(n.studentId))
    .map((n) => ({ ...n }))
    .sort(byNearest);
  const perStudent = new Map<string, number>();
  const neighbours: Neighbour[] = [];
  for (const n of candidates) {
    if (neighbours.length === options.k) break;
    const seen = perStudent.get(n.studentId) ?? 0;
    if (seen >= VOTES_PER_STUDENT) continue;
    perStudent.set(n.studentId, seen + 1);
    neighbours.push(n);
  }
  // With fewer than k neighbours the gallery is exhausted: nobody is unseen.
  const full = neighbours.length === options.k;
  const kth = full ? (neighbours[neighbours.length - 1] as Neighbour).similarity : -1;
  const sims = new Map<string, number[]>();
  for (const n of neighbours) {
    const list = sims.get(n.studentId);
    if (list) list.push(n.similarity);
    else sims.set(n.studentId, [n.similarity]);
  }
  const scores: StudentScore[] = [];
  for (const [studentId, list] of sims) {
    let score = list[0] as number;
    if (options.useVoting) {
      const known = galleryCounts?.get(studentId);
      const available = known ?? (full ? Infinity : list.length);
      const take = Math.min(VOTES_PER_STUDENT, available);
      let sum = 0;
      for (let i = 0; i < take; i++) sum += list[i] ?? kth;
      score = take > 0 ? sum / take : score;
    }
    scores.push({ studentId, score, votes: list.length });
  }
  scores.sort((a, b) => b.score - a.score || compareIds(a.studentId, b.studentId));
  return {
    faceId: face.faceId,
    neighbours,
    scores,
    byStudent: new Map(scores.map((s) => [s.studentId, s.score])),
    unseenBound: kth,
  };
}

const clamp01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);

/**
 * Assigns the faces of ONE photo jointly (each student at most once). Returns one result per
 * face, in the order given. Rejected (face, student) pairs are never proposed.
 */
export function assignPhotoFaces(
  faces: readonly FaceNeighbours[],
  options: AssignmentOptions,
  context: AssignmentContext = {},
): FaceAssignment[] {
  checkOptions(options);
  const ids = new Set<string>();
  for (const f of faces) {
    if (ids.has(f.faceId)) throw new RangeError(`face ${f.faceId} is given twice`);
    ids.add(f.faceId);
  }
  const rejectedByFace = new Map<string, Set<string>>();
  for (const r of context.rejections ?? []) {
    const set = rejectedByFace.get(r.faceId) ?? new Set<string>();
    set.add(r.studentId);
    rejectedByFace.set(r.faceId, set);
  }
  const none = new Set<string>();
  // Canonical order (faces and students by id) so that input order never changes the result.
  const scored = faces
    .map((f) => scoreFace(f, options, rejectedByFace.get(f.faceId) ?? none, context.galleryCounts))
    .sort((a, b) => compareIds(a.faceId, b.faceId));
  const thresholdOf = (studentId: string) =>
    context.studentThresholds?.get(studentId) ?? options.similarityThreshold;
  const students = [
    ...new Set(
      scored.flatMap((s) =>
        s.scores.filter((x) => x.score >= thresholdOf(x.studentId)).map((x) => x.studentId),
      ),
    ),
  ].sort(compareIds);

  // Joint step: rows = faces, columns = eligible students then one "unknown" per face.
  const chosen = new Map<string, string>();
  if (students.length > 0) {
    const forbidden = 1e6;
    const cost = scored.map((face) => {
      const row = students.map((studentId) => {
        const score = face.byStudent.get(studentId);
        const threshold = thresholdOf(studentId);
        return score !== undefined && score >= threshold ? -(score - threshold) : forbidden;
      });
      for (let i = 0; i < scored.length; i++) row.push(0);
      return row;
    });
    const columns = solveAssignment(cost);
    scored.forEach((face, i) => {
      const column = columns[i] as number;
      if (column < students.length && (cost[i] as number[])[column] !== forbidden) {
        chosen.set(face.faceId, students[column] as string);
      }
    });
  }
  const takenBy = new Map<string, string>(); // student -> face
  for (const [faceId, studentId] of chosen) takenBy.set(studentId, faceId);

  const scale = Math.max(options.minMargin, MIN_CONFIDENCE_SCALE);
  const results = new Map<string, FaceAssignment>();
  for (const face of scored) {
    const free = face.scores.filter((s) => {
      const owner = takenBy.get(s.studentId);
      return owner === undefined || owner === face.faceId;
    });
    const mine = chosen.get(face.faceId);
    const candidate = mine !== undefined ? face.scores.find((s) => s.studentId === mine) : free[0];
    let reason: AssignmentReason;
    let score = -1;
    let secondScore = -1;
    let margin = 0;
    let confidence = 0;
    if (candidate === undefined) {
      reason = face.scores.length === 0 ? 'no-neighbours' : 'taken-in-photo';
    } else {
      score = candidate.score;
      const threshold = thresholdOf(candidate.studentId);
      const other = free.find((s) => s.studentId !== candidate.studentId);
      secondScore = Math.max(other?.score ?? -1, face.unseenBound);
      margin = score - secondScore;
      confidence = Math.min(
        clamp01(0.5 + (margin - options.minMargin) / (2 * scale)),
        clamp01(0.5 + (score - threshold) / (2 * scale)),
      );
      const best = face.scores[0] as StudentScore;
      if (mine !== undefined) reason = margin < options.minMargin ? 'ambiguous' : 'assigned';
      else if (best.score >= thresholdOf(best.studentId) && takenBy.has(best.studentId)) {
        reason = 'taken-in-photo';
      } else reason = 'below-threshold';
    }
    results.set(face.faceId, {
      faceId: face.faceId,
      studentId: reason === 'assigned' ? (candidate as StudentScore).studentId : null,
      candidateId: candidate?.studentId ?? null,
      score,
      secondScore,
      margin,
      confidence: reason === 'assigned' ? confidence : Math.min(confidence, 0.4999),
      reason,
      neighbours: face.neighbours,
      scores: face.scores,
    });
  }
  return faces.map((f) => results.get(f.faceId) as FaceAssignment);
}

/** One face alone (a photo with a single face). */
export function assignFace(
  face: FaceNeighbours,
  options: AssignmentOptions,
  context: AssignmentContext = {},
): FaceAssignment {
  return assignPhotoFaces([face], options, context)[0] as FaceAssignment;
}

/**
 * Exact search: the k nearest of `gallery` to `query` by cosine (dot product of L2-normalised
 * vectors), at most `perStudent` per student, nearest first: the neighbours the decision uses.
 */
export function nearestNeighbours(
  query: Vector,
  gallery: readonly { studentId: string; cropId?: string; vector: Vector }[],
  k: number,
  perStudent = VOTES_PER_STUDENT,
): Neighbour[] {
  const all: Neighbour[] = gallery.map((g) => {
    const similarity = dot(query, g.vector);
    return g.cropId === undefined
      ? { studentId: g.studentId, similarity }
      : { studentId: g.studentId, similarity, cropId: g.cropId };
  });
  all.sort(byNearest);
  const counts = new Map<string, number>();
  const out: Neighbour[] = [];
  for (const n of all) {
    if (out.length === k) break;
    const seen = counts.get(n.studentId) ?? 0;
    if (seen >= perStudent) continue;
    counts.set(n.studentId, seen + 1);
    out.push(n);
  }
  return out;
}
