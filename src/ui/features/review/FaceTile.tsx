import type { ReviewFace } from '../../../contracts/review';
import { BlobImage } from '../photos/BlobImage';

/** The "?" badge's words: in the tile's accessible name (with the "?" it shows), and in the
 * legend under any faces that carry it. */
const POOR_FACE_NAME = 'unclear face (?)';
const POOR_FACE_EXPLANATION =
  'Unclear face: blurred, turned away or small. Rollcall does not learn from it, but you can still name it.';

/** The visible explanation of the "?" badge, shown under faces that carry it. */
export function PoorFaceLegend({ faces }: { faces: readonly ReviewFace[] }) {
  if (faces.every((face) => face.goodQuality)) return null;
  return (
    <p className="hint face-tile-legend">
      <span className="face-tile__poor face-tile__poor--inline" aria-hidden="true">
        ?
      </span>{' '}
      {POOR_FACE_EXPLANATION}
    </p>
  );
}

/** One face as a toggle button: pressing it selects the face for the actions of the bar. */
export function FaceTile({
  face,
  label,
  jpeg,
  selected,
  onToggle,
}: {
  face: ReviewFace;
  label: string;
  jpeg: Uint8Array | undefined;
  selected: boolean;
  onToggle: () => void;
}) {
  const notes = [
    face.assignmentStatus === 'confirmed' ? 'confirmed' : null,
    face.goodQuality ? null : POOR_FACE_NAME,
  ].filter(Boolean);
  return (
    <li>
      <button
        type="button"
        className="face-tile"
        data-crop-id={face.cropId}
        aria-pressed={selected}
        aria-label={[label, ...notes].join(', ')}
        onClick={onToggle}
      >
        {jpeg ? (
          <BlobImage bytes={jpeg} mimeType="image/jpeg" alt="" width={72} height={72} />
        ) : (
          <span className="face-tile__placeholder" />
        )}
        {face.assignmentStatus === 'confirmed' && (
          <span className="face-tile__mark" aria-hidden="true">
            ✓
          </span>
        )}
        {!face.goodQuality && (
          <span className="face-tile__poor" aria-hidden="true" title={POOR_FACE_EXPLANATION}>
            ?
          </span>
        )}
      </button>
    </li>
  );
}
