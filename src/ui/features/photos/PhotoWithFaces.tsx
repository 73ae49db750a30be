import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type CSSProperties } from 'react';
import type { SessionImage } from '../../../contracts/entities';
import type { StudentId } from '../../../contracts/ids';
import type { Face } from '../../../contracts/photos';
import { LoadFailed } from '../../components/QueryState';
import { countOf } from '../../format';
import { BlobImage } from './BlobImage';
import { faceLabel } from './face-label';
import { photoQueries } from './queries';
import { SessionFacePanel } from '../review/FacePanel';

const percent = (value: number, of: number) => `${(100 * value) / of}%`;

/** Tallest a photo is shown, as a share of the window's height (70vh). */
const MAX_HEIGHT_VH = 70;

/** True once the element has come near the window; photos far down the page are not loaded. */
function useNearViewport<T extends Element>() {
  const ref = useRef<T>(null);
  const [near, setNear] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element || near) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) setNear(true);
      },
      { rootMargin: '600px 0px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [near]);
  return [ref, near] as const;
}

/**
 * A processed photo with a box on every face found, labelled with the student's name, or "?"
 * for someone not yet named. Faces that do not count (not in this class, low quality) are not
 * drawn unless the teacher shows them. Box coordinates are pixels of the
 * upright photo (image.width × image.height). The frame is sized to exactly the size the photo is
 * shown at (the whole width available, no wider than the photo, no taller than 70% of the
 * window), so boxes placed in percentages of it land on the faces at any screen size, and the
 * space is kept while the photo loads.
 */
export function PhotoWithFaces({
  image,
  faces,
  names,
}: {
  image: SessionImage;
  faces: readonly Face[];
  names: ReadonlyMap<StudentId, string> | undefined;
}) {
  const [frameRef, near] = useNearViewport<HTMLDivElement>();
  const [showHidden, setShowHidden] = useState(false);
  const file = useQuery({ ...photoQueries.file(image.id), enabled: near });
  // The face whose panel is open (tapping a box: who is this?).
  const [opened, setOpened] = useState<Face | null>(null);
  const { width, height } = image;
  if (width === null || height === null || width <= 0 || height <= 0) return null;

  const labelled = faces.map((face, index) => ({ face, index, label: faceLabel(face, names) }));
  const hiddenCount = labelled.filter((f) => f.label.hidden).length;
  const shown = showHidden ? labelled : labelled.filter((f) => !f.label.hidden);

  const frameStyle: CSSProperties = {
    width: `min(100%, ${width}px, ${(MAX_HEIGHT_VH * width) / height}vh)`,
    aspectRatio: `${width} / ${height}`,
  };

  return (
    <figure className="photo-faces">
      <div ref={frameRef} className="photo-faces__frame" style={frameStyle}>
        {file.data && (
          <BlobImage
            bytes={file.data.bytes}
            mimeType={file.data.mimeType}
            alt={`${image.fileName}, ${countOf(faces.length, 'face')} marked`}
          />
        )}
        {shown.map(({ face, index, label }) => (
          <button
            type="button"
            key={face.id}
            className={`face-box face-box--${label.kind}`}
            data-testid="face-box"
            data-crop-id={face.id}
            onClick={() => setOpened(face)}
            style={{
              left: percent(face.box.x, width),
              top: percent(face.box.y, height),
              width: percent(face.box.width, width),
              height: percent(face.box.height, height),
            }}
          >
            {/* The name in words for screen readers, the short label for the eye: no aria-label,
                so the visible text never has to appear inside it. */}
            <span className="visually-hidden">{`Face ${index + 1}: ${label.description}`}</span>
            {(label.text || label.hidden) && (
              <span className="face-box__label" aria-hidden="true">
                {label.hidden ? 'not counted' : label.text}
              </span>
            )}
          </button>
        ))}
      </div>
      {hiddenCount > 0 && (
        <button
          type="button"
          className="link-button photo-faces__reveal"
          aria-pressed={showHidden}
          onClick={() => setShowHidden((shown) => !shown)}
        >
          {showHidden
            ? `Hide the ${countOf(hiddenCount, 'face')} not counted`
            : `Show ${countOf(hiddenCount, 'face')} not counted`}
        </button>
      )}
      {file.isError && <LoadFailed error={file.error} />}
      {opened && (
        <SessionFacePanel
          face={{
            cropId: opened.id,
            studentId: opened.studentId,
            assignmentStatus: opened.assignmentStatus,
          }}
          sessionId={image.sessionId}
          onClose={() => setOpened(null)}
        />
      )}
    </figure>
  );
}
