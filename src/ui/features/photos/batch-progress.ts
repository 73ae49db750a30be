// One progress figure for the batch of photos being processed: how many are done, the faces
// found so far and the time left, estimated from how long the batch has taken so far.
import type { SessionImage } from '../../../contracts/entities';
import type { ImageId } from '../../../contracts/ids';

export interface BatchPhoto {
  image: SessionImage;
  /** 0..1 of this photo's own processing (1 once done or failed). */
  fraction: number;
  /** Faces found, once known. */
  faces: number;
}

export interface BatchProgress {
  total: number;
  /** Photos finished (done or failed). */
  finished: number;
  failed: number;
  faces: number;
  /** 0..1 of the whole batch. */
  fraction: number;
  /** Estimated milliseconds left; null until there is enough to go on. */
  msLeft: number | null;
}

const isFinished = (image: SessionImage) => image.status === 'done' || image.status === 'failed';

/**
 * The batch's progress. `elapsedMs` is the time since the batch started; the time left is
 * extrapolated from it once a tenth of the batch is done (before that it would be a guess).
 */
export function batchProgress(photos: readonly BatchPhoto[], elapsedMs: number): BatchProgress {
  const total = photos.length;
  const finished = photos.filter((p) => isFinished(p.image)).length;
  const failed = photos.filter((p) => p.image.status === 'failed').length;
  const faces = photos.reduce((sum, p) => sum + p.faces, 0);
  const work = photos.reduce((sum, p) => sum + (isFinished(p.image) ? 1 : p.fraction), 0);
  const fraction = total === 0 ? 0 : Math.min(1, work / total);
  const msLeft =
    fraction >= 0.1 && fraction < 1 && elapsedMs > 0
      ? (elapsedMs * (1 - fraction)) / fraction
      : null;
  return { total, finished, failed, faces, fraction, msLeft };
}

/** "About 2 minutes left", "Less than a minute left". */
export function timeLeftText(msLeft: number): string {
  const minutes = Math.round(msLeft / 60_000);
  if (minutes < 1) return 'Less than a minute left';
  return minutes === 1 ? 'About 1 minute left' : `About ${minutes} minutes left`;
}

export interface Batch {
  /** The photos of the batch, in the order they were added. */
  ids: readonly ImageId[];
  /** When this page saw the batch start (ms since the epoch). */
  startedAt: number;
}

export const NO_BATCH: Batch = { ids: [], startedAt: 0 };

/**
 * The batch after the session's photos changed: every photo that has been waiting or processed
 * since the session was last idle. A photo becoming busy while none of the batch is busy any
 * more starts a new batch; photos deleted meanwhile leave it.
 */
export function nextBatch(batch: Batch, images: readonly SessionImage[], now: number): Batch {
  const busy = images.filter((image) => !isFinished(image));
  const present = new Set(images.map((image) => image.id));
  const kept = batch.ids.filter((id) => present.has(id));
  const running = busy.some((image) => kept.includes(image.id));
  const base = busy.length > 0 && !running ? { ids: [], startedAt: now } : { ...batch, ids: kept };
  const added = busy.map((image) => image.id).filter((id) => !base.ids.includes(id));
  return { ...base, ids: [...base.ids, ...added] };
}
