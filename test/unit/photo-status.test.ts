import { describe, expect, it } from 'vitest';
import type { SessionImage } from '../../src/contracts/entities';
import type { ImageId, SessionId } from '../../src/contracts/ids';
import type { PhotoProgress, PhotoStage } from '../../src/contracts/photos';
import { photoStatus } from '../../src/ui/features/photos/photo-status';

const image = (patch: Partial<SessionImage>): SessionImage => ({
  id: 'i1' as ImageId,
  sessionId: 's1' as SessionId,
  fileName: 'IMG_1.jpg',
  byteSize: 1000,
  contentHash: 'x',
  width: 4000,
  height: 3000,
  status: 'pending',
  failureCount: 0,
  lastError: null,
  createdAt: '2024-03-05T09:30:00Z',
  ...patch,
});

const progress = (stage: PhotoStage, completed = 0, total = 0): PhotoProgress => ({
  sessionId: 's1' as SessionId,
  imageId: 'i1' as ImageId,
  stage,
  completed,
  total,
});

describe('photoStatus', () => {
  it('says a queued photo is waiting, at zero', () => {
    expect(photoStatus(image({ status: 'pending' }), undefined, undefined)).toEqual({
      text: 'Waiting',
      percent: 0,
      tone: 'waiting',
    });
  });

  it('names each stage in plain words, with counts, and only ever moves forward', () => {
    const processing = image({ status: 'processing' });
    const steps = [
      photoStatus(processing, undefined, undefined),
      photoStatus(processing, progress('decoding', 0, 1), undefined),
      photoStatus(processing, progress('detecting', 0, 40), undefined),
      photoStatus(processing, progress('detecting', 12, 40), undefined),
      photoStatus(processing, progress('detecting', 40, 40), undefined),
      photoStatus(processing, progress('embedding', 3, 6), undefined),
      photoStatus(processing, progress('saving'), undefined),
    ];
    expect(steps.map((s) => s.text)).toEqual([
      'Reading the photo',
      'Reading the photo',
      'Finding faces (0/40)',
      'Finding faces (12/40)',
      'Finding faces (40/40)',
      'Recognising faces (3/6)',
      'Saving',
    ]);
    const percents = steps.map((s) => s.percent ?? -1);
    expect(percents.every((p) => Number.isInteger(p) && p >= 0 && p <= 100)).toBe(true);
    expect([...percents].sort((a, b) => a - b)).toEqual(percents);
  });

  it('counts the faces of a done photo', () => {
    const done = image({ status: 'done' });
    expect(photoStatus(done, progress('done', 6, 6), 6).text).toBe('Done — 6 faces');
    expect(photoStatus(done, undefined, 1).text).toBe('Done — 1 face');
    expect(photoStatus(done, undefined, undefined).text).toBe('Done');
    expect(photoStatus(done, undefined, 6).percent).toBeNull();
  });

  it('gives the reason of a failure, whatever the last progress report said', () => {
    const failed = image({ status: 'failed', lastError: 'This photo could not be read.' });
    expect(photoStatus(failed, progress('detecting', 3, 10), undefined)).toEqual({
      text: 'Failed: This photo could not be read.',
      percent: null,
      tone: 'failed',
    });
  });

  it('shows a waiting photo as waiting even when an earlier run of it failed', () => {
    expect(photoStatus(image({ status: 'pending' }), progress('failed'), undefined).text).toBe(
      'Waiting',
    );
  });
});
