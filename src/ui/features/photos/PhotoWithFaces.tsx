import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type CSSProperties } from 'react';
import type { SessionImage } from '../../../contracts/entities';
import type { FaceCrop } from '../../../contracts/photos';
import { LoadFailed } from '../../components/QueryState';
import { countOf } from '../../format';
import { BlobImage } from './BlobImage';
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
 * A processed photo with a numbered box on every face found. Box coordinates are pixels of the
 * upright photo (image.width × image.height). The frame is sized to exactly the size the photo is
 * shown at (the whole width available, no wider than the photo, no taller than 70% of the
 * window), so boxes placed in percentages of it land on the faces at any screen size, and the
 * space is kept while the photo loads.
 */
export function PhotoWithFaces({
  image,
  faces,
}: {
  image: SessionImage;
  faces: readonly FaceCrop[];
}) {
  const [frameRef, near] = useNearViewport<HTMLDivElement>();
  const file = useQuery({ ...photoQueries.file(image.id), enabled: near });
  // The face whose panel is open (tapping a box: who is this?).
  const [opened, setOpened] = useState<FaceCrop | null>(null);
  const { width, height } = image;
  if (width === null || height === null || width <= 0 || height <= 0) return null;

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
        {faces.map((face, index) => (
          <button
            type="button"
            key={face.id}
            className="face-box"
            data-testid="face-box"
            aria-label={`Face ${index + 1}`}
            onClick={() => setOpened(face)}
            style={{
              left: percent(face.box.x, width),
              top: percent(face.box.y, height),
              width: percent(face.box.width, width),
              height: percent(face.box.height, height),
            }}
          >
            <span className="face-box__number" aria-hidden="true">
              {index + 1}
            </span>
          </button>
        ))}
      </div>
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
