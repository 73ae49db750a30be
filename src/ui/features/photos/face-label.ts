// What the box of a face on a photo says once the faces are recognised.
import type { StudentId } from '../../../contracts/ids';
import type { Face } from '../../../contracts/photos';

export interface FaceLabel {
  /** What the box shows: a name, "?", or nothing (a face that does not count). */
  text: string;
  /** The box's accessible name: the same in words, containing what the box shows (axe's
   * label-content-name-mismatch: a screen-reader user and a sighted one say the same words). */
  description: string;
  /** Not counted (dismissed as not in this class, or of low quality): hidden until revealed. */
  hidden: boolean;
  kind: 'student' | 'question' | 'not-counted';
}

/**
 * A student's face shows their name; a face nobody has named yet shows "?"; a face dismissed as
 * "not in this class" or of low quality shows nothing, and is only drawn when the teacher asks.
 */
export function faceLabel(
  face: Face,
  names: ReadonlyMap<StudentId, string> | undefined,
): FaceLabel {
  if (face.assignmentStatus === 'rejected') {
    return {
      text: '',
      description: 'Not in this class, not counted',
      hidden: true,
      kind: 'not-counted',
    };
  }
  if (face.studentId !== null) {
    const name = names?.get(face.studentId) ?? '';
    return { text: name, description: name || 'A student', hidden: false, kind: 'student' };
  }
  if (face.lowQuality) {
    return {
      text: '',
      description: 'Low quality, not counted',
      hidden: true,
      kind: 'not-counted',
    };
  }
  return { text: '?', description: 'Not yet named (?)', hidden: false, kind: 'question' };
}
