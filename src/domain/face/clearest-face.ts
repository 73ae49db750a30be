// Which of a student's faces stands for them on the class page ("the class photo"): the one a
// teacher would pick. One rule, used by the core's class overview.
// - Only faces known to be theirs: confirmed by the teacher, or named automatically.
// - Never a face marked "low quality, not counted" (cut by the photo's edge, blurred, tiny...).
// - The teacher's word first: a confirmed face beats any automatic one.
// - Then the clearest: the larger the face and the surer the detector, the better
//   (shorter box side in photo pixels x detection score); ties go to the lower id, so the
//   choice is stable from one read to the next.

export interface PortraitCandidate {
  cropId: string;
  confirmed: boolean;
  lowQuality: boolean;
  /** Shorter side of the face box, photo pixels. */
  sizePx: number;
  /** In [0, 1]. */
  detectionScore: number;
}

function clarity(face: PortraitCandidate): number {
  return face.sizePx * face.detectionScore;
}

/** The face to show for a student, or null when none of their faces qualifies. */
export function clearestFace<T extends PortraitCandidate>(faces: readonly T[]): T | null {
  let best: T | null = null;
  for (const face of faces) {
    if (face.lowQuality) continue;
    if (best === null || isClearer(face, best)) best = face;
  }
  return best;
}

function isClearer(a: PortraitCandidate, b: PortraitCandidate): boolean {
  if (a.confirmed !== b.confirmed) return a.confirmed;
  const diff = clarity(a) - clarity(b);
  if (diff !== 0) return diff > 0;
  return a.cropId < b.cropId;
}
