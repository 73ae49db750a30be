import { useMutation } from '@tanstack/react-query';
import { memo, useDeferredValue } from 'react';
import type { SessionImage } from '../../../contracts/entities';
import type { StudentId } from '../../../contracts/ids';
import type { Face, PhotoProgress } from '../../../contracts/photos';
import { ConfirmButton } from '../../components/ConfirmButton';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ProgressBar } from '../../components/ProgressBar';
import { formatBytes } from '../../format';
import { FaceThumbnails } from './FaceThumbnails';
import { photoStatus } from './photo-status';
import { PhotoWithFaces } from './PhotoWithFaces';
import { photoMutations } from './queries';

interface PhotoCardProps {
  image: SessionImage;
  progress: PhotoProgress | undefined;
  /** The faces found in this photo; undefined while they load. */
  faces: readonly Face[] | undefined;
  /** The class's students' names, to label the faces on the photo; undefined while they load. */
  names: ReadonlyMap<StudentId, string> | undefined;
}

/**
 * One photo of the session: its name, where its processing stands, then its faces. Drawn again
 * only when its own photo, progress or faces change, not when another photo's do.
 */
export const PhotoCard = memo(function PhotoCard({
  image,
  progress,
  faces,
  names,
}: PhotoCardProps) {
  const status = photoStatus(image, progress, faces?.length);
  // A done photo's faces (a box on the photo and a close-up for each, 60 elements for a class) are
  // drawn in a background render that yields to the browser every few ms, so the update that
  // marks the photo done stays a short task while the next photo is being processed.
  const shownFaces = useDeferredValue(faces);
  const retry = useMutation({ mutationFn: () => photoMutations.retry([image.id]) });

  return (
    <li className={`photo-card photo-card--${status.tone}`} aria-label={image.fileName}>
      <div className="photo-card__header">
        <div className="item__main">
          <span className="item__title">{image.fileName}</span>
          <span className="item__meta">
            {formatBytes(image.byteSize)}
            {image.width !== null && image.height !== null
              ? ` · ${image.width} × ${image.height}`
              : ''}
          </span>
          <span className="photo-card__status" data-testid="photo-status">
            {status.text}
          </span>
        </div>
        <div className="actions">
          {image.status === 'failed' && (
            <button
              type="button"
              className="secondary"
              aria-label={`Retry ${image.fileName}`}
              aria-disabled={retry.isPending}
              onClick={() => {
                if (!retry.isPending) retry.mutate();
              }}
            >
              Retry
            </button>
          )}
          <ConfirmButton
            aria-label={`Delete ${image.fileName}`}
            title="Delete this photo?"
            message={
              <p>
                Delete “{image.fileName}” and the faces found in it from this session? This can’t be
                undone.
              </p>
            }
            confirmLabel="Delete photo"
            action={() => photoMutations.remove(image.id)}
          >
            Delete
          </ConfirmButton>
        </div>
      </div>
      {status.percent !== null && (
        <ProgressBar
          percent={status.percent}
          label={`Progress of ${image.fileName}`}
          valueText={status.text}
        />
      )}
      <ErrorMessage error={retry.error} />
      {image.status === 'done' && shownFaces !== undefined && (
        <>
          <PhotoWithFaces image={image} faces={shownFaces} names={names} />
          <FaceThumbnails faces={shownFaces} />
        </>
      )}
    </li>
  );
});
