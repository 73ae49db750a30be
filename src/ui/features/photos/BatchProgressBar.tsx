import { useEffect, useState } from 'react';
import type { SessionImage } from '../../../contracts/entities';
import type { ImageId } from '../../../contracts/ids';
import type { Face, PhotoProgress } from '../../../contracts/photos';
import { ProgressBar } from '../../components/ProgressBar';
import { countOf } from '../../format';
import { batchProgress, nextBatch, NO_BATCH, timeLeftText, type Batch } from './batch-progress';
import { photoStatus } from './photo-status';

/** The time now, kept in state and moved on every `everyMs` while `running`. */
function useClock(everyMs: number, running: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs, running]);
  return now;
}

/**
 * One bar for the photos being processed together: "1 of 3 photos done · 41 faces found ·
 * About 1 minute left". Shown while a batch runs, then as a one-line summary of it.
 */
export function BatchProgressBar({
  images,
  progress,
  facesOf,
}: {
  images: readonly SessionImage[];
  progress: ReadonlyMap<ImageId, PhotoProgress>;
  facesOf: (image: SessionImage) => readonly Face[] | undefined;
}) {
  const anyBusy = images.some((i) => i.status === 'pending' || i.status === 'processing');
  const now = useClock(1000, anyBusy);
  // The batch follows the photo list (React's "adjust state when a prop changes" pattern).
  const [tracked, setTracked] = useState<{ images: readonly SessionImage[]; batch: Batch }>(() => ({
    images,
    batch: nextBatch(NO_BATCH, images, now),
  }));
  if (tracked.images !== images) {
    setTracked({ images, batch: nextBatch(tracked.batch, images, now) });
  }
  const { batch } = tracked;
  if (batch.ids.length === 0) return null;

  const byId = new Map(images.map((image) => [image.id, image]));
  const photos = batch.ids.flatMap((id) => {
    const image = byId.get(id);
    if (!image) return [];
    const percent = photoStatus(image, progress.get(id), undefined).percent;
    return [{ image, fraction: (percent ?? 0) / 100, faces: facesOf(image)?.length ?? 0 }];
  });
  const state = batchProgress(photos, now - batch.startedAt);
  const running = state.finished < state.total;
  const percent = Math.round(state.fraction * 100);
  const timeLeft =
    state.msLeft === null ? 'Working out the time left…' : timeLeftText(state.msLeft);
  const words = [
    `${state.finished} of ${countOf(state.total, 'photo')} done`,
    `${countOf(state.faces, 'face')} found`,
    ...(state.failed > 0 ? [`${state.failed} failed`] : []),
    ...(running ? [timeLeft] : []),
  ].join(' · ');

  return (
    <div className="batch-progress" data-testid="batch-progress">
      <p className="batch-progress__text">{words}</p>
      {running && (
        <ProgressBar
          className="progress--batch"
          percent={percent}
          label="Progress of these photos"
          valueText={words}
        />
      )}
    </div>
  );
}
