// What a photo card says about where its photo stands, in plain words.
import type { SessionImage } from '../../../contracts/entities';
import type { PhotoProgress } from '../../../contracts/photos';
import { countOf } from '../../format';

export interface PhotoStatusView {
  /** "Waiting", "Finding faces (12/40)", "Done — 6 faces", "Failed: …". */
  text: string;
  /** Overall progress 0–100 while the photo waits or is being processed; null otherwise. */
  percent: number | null;
  tone: 'waiting' | 'working' | 'done' | 'failed';
}

const counted = (label: string, p: PhotoProgress) =>
  p.total > 0 ? `${label} (${Math.min(p.completed, p.total)}/${p.total})` : label;

const fraction = (p: PhotoProgress) => (p.total > 0 ? Math.min(1, p.completed / p.total) : 0);

/** Each stage's share of the whole job: reading is quick, finding faces takes longest. */
function workingView(progress: PhotoProgress | undefined): PhotoStatusView {
  const working = (text: string, percent: number): PhotoStatusView => ({
    text,
    percent: Math.round(percent),
    tone: 'working',
  });
  switch (progress?.stage) {
    case undefined:
    case 'queued':
    case 'decoding':
      return working('Reading the photo', 2);
    case 'detecting':
      return working(counted('Finding faces', progress), 5 + 65 * fraction(progress));
    case 'embedding':
      return working(counted('Recognising faces', progress), 70 + 25 * fraction(progress));
    case 'saving':
    case 'done':
      return working('Saving', 97);
    case 'failed':
      // The failure is being written down; its reason follows in a moment.
      return { text: 'Failed', percent: null, tone: 'failed' };
  }
}

export function photoStatus(
  image: SessionImage,
  progress: PhotoProgress | undefined,
  faceCount: number | undefined,
): PhotoStatusView {
  switch (image.status) {
    case 'pending':
      return { text: 'Waiting', percent: 0, tone: 'waiting' };
    case 'processing':
      return workingView(progress);
    case 'done':
      return {
        text: faceCount === undefined ? 'Done' : `Done — ${countOf(faceCount, 'face')}`,
        percent: null,
        tone: 'done',
      };
    case 'failed':
      return {
        text: `Failed: ${image.lastError ?? 'This photo could not be processed.'}`,
        percent: null,
        tone: 'failed',
      };
  }
}
