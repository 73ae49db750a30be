// The attendance rules, in one place. Pure: faces and overrides in, statuses out.
//
// A student's automatic status in a session comes from their faces in its photos:
// - present: a face the teacher confirmed, or an automatic face with a confidence of at least
//   PRESENT_CONFIDENCE;
// - uncertain: only automatic faces below that level;
// - absent: no face at all.
// A face nobody has identified yet does not make anyone uncertain here: it waits in the review
// queue (with its likely student), and the sheet follows as soon as the teacher decides.
// The teacher's override always wins over the automatic status.
// A session counts in a class's totals ("taken") once it has a processed photo or an override;
// a session created ahead of time with no photos yet marks nobody absent.

/**
 * unassigned: no student yet; auto: a service proposed and committed it; confirmed: the teacher
 * said so; rejected: the teacher said this face is not a student of the class.
 */
export type AssignmentStatus = 'unassigned' | 'auto' | 'confirmed' | 'rejected';
export type AttendanceStatus = 'present' | 'absent' | 'uncertain';

/**
 * Automatic faces at or above this confidence count as present. 0.5 is where the assignment
 * service itself decides to assign (its confidence is >= 0.5 exactly when it assigns); faces
 * clustered into a student carry their cluster's confidence, which is 0.5 at the model's
 * clustering threshold (clusterConfidence), so a cluster looser than that is worth a look.
 */
export const PRESENT_CONFIDENCE = 0.5;

export interface StudentFace {
  cropId: string;
  assignmentStatus: AssignmentStatus;
  confidence: number | null;
}

export function isConfidentFace(face: StudentFace): boolean {
  return (
    face.assignmentStatus === 'confirmed' ||
    (face.assignmentStatus === 'auto' && (face.confidence ?? 0) >= PRESENT_CONFIDENCE)
  );
}

export function automaticStatus(faces: readonly StudentFace[]): AttendanceStatus {
  const identified = faces.filter(
    (f) => f.assignmentStatus === 'confirmed' || f.assignmentStatus === 'auto',
  );
  if (identified.length === 0) return 'absent';
  return identified.some(isConfidentFace) ? 'present' : 'uncertain';
}

/** The face that best shows the student was there: confirmed first, then the most confident. */
export function bestEvidence<F extends StudentFace>(faces: readonly F[]): F | null {
  let best: F | null = null;
  for (const face of faces) {
    if (face.assignmentStatus !== 'confirmed' && face.assignmentStatus !== 'auto') continue;
    if (best === null || evidenceRank(face) > evidenceRank(best)) best = face;
  }
  return best;
}

function evidenceRank(face: StudentFace): number {
  return face.assignmentStatus === 'confirmed' ? 2 : (face.confidence ?? 0);
}

export function effectiveStatus(
  automatic: AttendanceStatus,
  override: AttendanceStatus | undefined,
): AttendanceStatus {
  return override ?? automatic;
}

export function isSessionTaken(processedPhotos: number, overrides: number): boolean {
  return processedPhotos > 0 || overrides > 0;
}

/** present / taken sessions as a percentage in [0, 100], or null when none was taken. */
export function attendancePercentage(present: number, sessions: number): number | null {
  return sessions === 0 ? null : (100 * present) / sessions;
}

export function countStatuses(statuses: readonly AttendanceStatus[]) {
  const counts = { present: 0, absent: 0, uncertain: 0 };
  for (const status of statuses) counts[status]++;
  return counts;
}
