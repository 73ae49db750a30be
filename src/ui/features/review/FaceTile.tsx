import type { ReviewFace } from '../../../contracts/review';
import { BlobImage } from '../photos/BlobImage';

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
    face.goodQuality ? null : 'poor quality',
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
          <span className="face-tile__poor" aria-hidden="true">
            ?
          </span>
        )}
      </button>
    </li>
  );
}
