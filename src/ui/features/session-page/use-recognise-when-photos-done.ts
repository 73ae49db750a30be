import { useMutation } from '@tanstack/react-query';
import { useEffect, useEffectEvent, useRef } from 'react';
import type { RecogniseResult } from '../../../contracts/attendance';
import type { SessionImage } from '../../../contracts/entities';
import type { ImageId, SessionId } from '../../../contracts/ids';
import { attendanceMutations } from '../attendance/queries';

const isBusy = (image: SessionImage) => image.status === 'pending' || image.status === 'processing';

/** What a finished batch of photos came to: recognition's answer and how many photos failed. */
export interface FinishedBatch {
  result: RecogniseResult;
  failedPhotos: number;
}

/**
 * Runs "Recognise students" by itself once a batch of photos added on this page has been
 * processed (every photo done or failed, at least one done), then calls `onRecognised`.
 * Recognition never creates a student (students are the class list) and keeps every answer, so
 * it is safe to run without asking. Photos already finished when the page opened are left to
 * the "Recognise students" button: the teacher may have answered them since.
 */
export function useRecogniseWhenPhotosDone(
  sessionId: SessionId,
  images: readonly SessionImage[] | undefined,
  onRecognised: (batch: FinishedBatch) => void,
) {
  const mutation = useMutation({
    mutationFn: () => attendanceMutations.recognise(sessionId),
  });
  // Photos already seen finished (and recognised, or failed); null until the list first loads.
  const handled = useRef<Set<ImageId> | null>(null);
  const notify = useEffectEvent(onRecognised);
  const { isPending, mutate } = mutation;

  useEffect(() => {
    if (!images) return;
    if (handled.current === null) {
      handled.current = new Set(images.filter((i) => !isBusy(i)).map((i) => i.id));
      return;
    }
    const seen = handled.current;
    // A photo being processed again (Retry) counts as new once it finishes.
    for (const image of images) if (isBusy(image)) seen.delete(image.id);
    if (isPending || images.some(isBusy)) return;
    const finished = images.filter((image) => !seen.has(image.id));
    if (finished.length === 0) return;
    for (const image of finished) seen.add(image.id);
    if (!finished.some((image) => image.status === 'done')) return;
    const failedPhotos = finished.filter((image) => image.status === 'failed').length;
    mutate(undefined, { onSuccess: (result) => notify({ result, failedPhotos }) });
  }, [images, isPending, mutate]); // notify is an effect event: always the latest callback

  return mutation;
}
