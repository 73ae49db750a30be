import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { SessionImage } from '../../../contracts/entities';
import type { ClassId, ImageId, SessionId, StudentId } from '../../../contracts/ids';
import type { Face } from '../../../contracts/photos';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading, LoadFailed } from '../../components/QueryState';
import { countOf } from '../../format';
import { AddPhotos } from '../photos/AddPhotos';
import { BatchProgressBar } from '../photos/BatchProgressBar';
import { InferenceInfo } from '../photos/InferenceInfo';
import { PhotoCard } from '../photos/PhotoCard';
import { photoMutations, photoQueries } from '../photos/queries';
import { usePhotoProgress } from '../photos/use-photo-progress';
import { studentQueries } from '../roster/queries';
import { sessionQueries } from '../sessions/queries';

const isBusy = (image: SessionImage) => image.status === 'pending' || image.status === 'processing';

/**
 * The session's faces by photo, as a query `select`: its result is shared structurally with the
 * previous one, so a photo whose faces did not change keeps the very same list and its card is
 * not drawn again when another photo of the session finishes.
 */
function facesByImage(faces: readonly Face[]): Partial<Record<ImageId, Face[]>> {
  const byImage: Partial<Record<ImageId, Face[]>> = {};
  for (const face of faces) (byImage[face.imageId] ??= []).push(face);
  return byImage;
}

const NO_FACES: readonly Face[] = [];

/** Student names by id, as a query `select`, so the photo cards keep one map while it holds. */
const namesById = (students: readonly { id: StudentId; name: string }[]) =>
  new Map(students.map((s) => [s.id, s.name]));

/** The session's photos: adding them, their processing (which can be stopped), their faces. */
export function PhotosSection({ sessionId, classId }: { sessionId: SessionId; classId: ClassId }) {
  const images = useQuery(sessionQueries.images(sessionId));
  const names = useQuery({ ...studentQueries.list(classId), select: namesById }).data;
  const faces = useQuery({ ...photoQueries.faces(sessionId), select: facesByImage });
  const progress = usePhotoProgress(sessionId);
  // The photos that were waiting or being processed when "Stop processing" was pressed: the
  // button says "Stopping…" until every one of them has stopped, not just until the call returns.
  const [stopping, setStopping] = useState<ReadonlySet<ImageId>>(new Set());
  const cancel = useMutation({ mutationFn: () => photoMutations.cancel(sessionId) });
  const retry = useMutation({ mutationFn: (ids: ImageId[]) => photoMutations.retry(ids) });

  const list = images.data ?? [];
  const busyImages = list.filter(isBusy);
  const busy = busyImages.length;
  const isStopping = cancel.isPending || busyImages.some((image) => stopping.has(image.id));
  const failed = list.filter((image) => image.status === 'failed');
  // A photo that has just finished has no faces in the list until the list is read again
  // (photos and faces are separate queries): "not known yet", rather than "0 faces".
  const facesOf = (image: SessionImage): readonly Face[] | undefined => {
    const found = faces.data?.[image.id];
    if (found) return found;
    return faces.data && !faces.isFetching ? NO_FACES : undefined;
  };

  return (
    <section className="card photos" aria-labelledby="photos-heading">
      <h2 id="photos-heading">Photos</h2>
      <AddPhotos sessionId={sessionId}>
        {images.isSuccess && list.length === 0 ? (
          <p className="empty-state">
            No photos yet. Drag photos here, choose files, or take a photo.
          </p>
        ) : (
          <p>Drag photos here, choose files, or take a photo.</p>
        )}
      </AddPhotos>

      <BatchProgressBar images={list} progress={progress} facesOf={facesOf} />
      {(busy > 0 || failed.length > 1) && (
        <div className="photos__toolbar button-row">
          {busy > 0 && (
            <>
              <span className="visually-hidden" role="status">
                Working on {countOf(busy, 'photo')}…
              </span>
              <button
                type="button"
                className="danger-outline"
                aria-disabled={isStopping}
                onClick={() => {
                  if (isStopping) return;
                  setStopping(new Set(busyImages.map((image) => image.id)));
                  cancel.mutate();
                }}
              >
                {isStopping ? 'Stopping…' : 'Stop processing'}
              </button>
            </>
          )}
          {failed.length > 1 && (
            <button
              type="button"
              className="secondary"
              aria-disabled={retry.isPending}
              onClick={() => {
                if (!retry.isPending) retry.mutate(failed.map((image) => image.id));
              }}
            >
              Retry all {failed.length} failed photos
            </button>
          )}
        </div>
      )}
      <ErrorMessage error={cancel.error ?? retry.error} />

      {images.isPending ? (
        <Loading label="Loading the photos…" />
      ) : images.isError ? (
        <LoadFailed error={images.error} />
      ) : (
        list.length > 0 && (
          <ul className="photo-list" aria-label="Photos of this lesson">
            {list.map((image) => (
              <PhotoCard
                key={image.id}
                image={image}
                progress={progress.get(image.id)}
                faces={facesOf(image)}
                names={names}
              />
            ))}
          </ul>
        )
      )}
      {faces.isError && <LoadFailed error={faces.error} />}
      {/* Where face analysis runs (and why not on the GPU): for whoever looks after the device,
          folded away from the teacher's path. */}
      <details className="technical-details">
        <summary>Technical details</summary>
        <InferenceInfo />
      </details>
    </section>
  );
}
