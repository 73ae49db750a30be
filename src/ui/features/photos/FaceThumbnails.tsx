import { useQuery } from '@tanstack/react-query';
import type { ImageId } from '../../../contracts/ids';
import type { FaceCrop } from '../../../contracts/photos';
import { BlobImage } from './BlobImage';
import { photoQueries } from './queries';

/** The faces of one photo as small pictures, numbered like the boxes on the photo. */
export function FaceThumbnails({
  imageId,
  faces,
}: {
  imageId: ImageId;
  faces: readonly FaceCrop[];
}) {
  const cropIds = faces.map((face) => face.id);
  const thumbnails = useQuery({
    ...photoQueries.thumbnails(imageId, cropIds),
    enabled: cropIds.length > 0,
  });
  if (!thumbnails.data || thumbnails.data.length === 0) return null;
  const byCrop = new Map(thumbnails.data.map((t) => [t.cropId, t.jpeg]));

  return (
    <ol className="face-strip" aria-label="Faces found">
      {faces.map((face, index) => {
        const jpeg = byCrop.get(face.id);
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
