import { useDeferredValue } from 'react';
import type { Face } from '../../../contracts/photos';
import { BlobImage } from './BlobImage';
import { useFaceThumbnails } from './face-thumbnails';

/** The faces of one photo as small pictures, numbered like the boxes on the photo. */
export function FaceThumbnails({ faces }: { faces: readonly Face[] }) {
  // Drawn in a background render that yields every few ms (a photo has 30 close-ups or more).
  const byFace = useDeferredValue(useFaceThumbnails(faces.map((face) => face.id)));
  if (!byFace || byFace.size === 0) return null;

  return (
    <ol className="face-strip" aria-label="Faces found">
      {faces.map((face, index) => {
        const jpeg = byFace.get(face.id);
        return (
          <li key={face.id} className="face-strip__item">
            {jpeg ? (
              <BlobImage
                bytes={jpeg}
                mimeType="image/jpeg"
                alt={`Close-up of face ${index + 1}`}
                width={64}
                height={64}
              />
            ) : null}
            <span className="face-strip__number" aria-hidden="true">
              {index + 1}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
