// The lesson page's steps, the batch's progress and the labels on the photo: pure rules.
import { describe, expect, it } from 'vitest';
import type { SessionAttendance } from '../../src/contracts/attendance';
import type { SessionImage } from '../../src/contracts/entities';
import type { CropId, ImageId, SessionId, StudentId } from '../../src/contracts/ids';
import type { Face } from '../../src/contracts/photos';
import {
  batchProgress,
  nextBatch,
  NO_BATCH,
  timeLeftText,
} from '../../src/ui/features/photos/batch-progress';
import { faceLabel } from '../../src/ui/features/photos/face-label';
import { firstStep } from '../../src/ui/features/session-page/session-steps';

const image = (id: string, status: SessionImage['status']): SessionImage => ({
  id: id as ImageId,
  sessionId: 's1' as SessionId,
  fileName: `${id}.jpg`,
  byteSize: 1000,
  contentHash: 'x',
  width: 3200,
  height: 2100,
  status,
  failureCount: 0,
  lastError: null,
  createdAt: '2026-11-30T09:00:00Z',
});

const sheet = (openQuestions: number) => ({ openQuestions }) as SessionAttendance;

describe('the step a lesson opens on', () => {
  it('is Photos while there is no processed photo yet or some are still being processed', () => {
    expect(firstStep([], sheet(0))).toBe('photos');
    expect(firstStep([image('a', 'done'), image('b', 'processing')], sheet(3))).toBe('photos');
    expect(firstStep([image('a', 'failed')], sheet(0))).toBe('photos');
  });
  it("is Who's who while people are not yet named, then Attendance", () => {
    expect(firstStep([image('a', 'done'), image('b', 'failed')], sheet(2))).toBe('whos-who');
    expect(firstStep([image('a', 'done')], sheet(0))).toBe('attendance');
  });
});

describe('a batch of photos', () => {
  it('keeps every photo added since the session was last idle, and starts again after', () => {
    let batch = nextBatch(NO_BATCH, [image('a', 'done')], 0);
    expect(batch.ids).toEqual([]);
    batch = nextBatch(
      batch,
      [image('a', 'done'), image('b', 'pending'), image('c', 'pending')],
      10,
    );
    expect(batch).toEqual({ ids: ['b', 'c'], startedAt: 10 });
    batch = nextBatch(
      batch,
      [image('a', 'done'), image('b', 'done'), image('c', 'processing')],
      20,
    );
    expect(batch).toEqual({ ids: ['b', 'c'], startedAt: 10 });
    // Added while the batch runs: it joins the batch.
    const more = [
      image('a', 'done'),
      image('b', 'done'),
      image('c', 'processing'),
      image('d', 'pending'),
    ];
    expect(nextBatch(batch, more, 30).ids).toEqual(['b', 'c', 'd']);
    // Added after the batch was over: a new batch.
    const done = nextBatch(batch, [image('b', 'done'), image('c', 'done')], 40);
    expect(
      nextBatch(done, [image('b', 'done'), image('c', 'done'), image('e', 'pending')], 50),
    ).toEqual({ ids: ['e'], startedAt: 50 });
  });

  it('says photos done, faces found and the time left once a tenth is done', () => {
    const photos = [
      { image: image('a', 'done'), fraction: 1, faces: 30 },
      { image: image('b', 'processing'), fraction: 0.5, faces: 0 },
      { image: image('c', 'pending'), fraction: 0, faces: 0 },
    ];
    const state = batchProgress(photos, 90_000);
    expect(state).toMatchObject({ total: 3, finished: 1, failed: 0, faces: 30, fraction: 0.5 });
    expect(state.msLeft).toBe(90_000);
    expect(timeLeftText(state.msLeft ?? 0)).toBe('About 2 minutes left');
    expect(timeLeftText(20_000)).toBe('Less than a minute left');
    const early = batchProgress(
      [{ image: image('a', 'processing'), fraction: 0.05, faces: 0 }],
      5000,
    );
    expect(early.msLeft).toBeNull();
  });
});

describe('the label on a face of the photo', () => {
  const face = (patch: Partial<Face>): Face => ({
    id: 'c1' as CropId,
    imageId: 'a' as ImageId,
    box: { x: 0, y: 0, width: 10, height: 10 },
    detectionScore: 0.9,
    quality: {} as Face['quality'],
    studentId: null,
    assignmentStatus: 'unassigned',
    confidence: null,
    groupId: null,
    lowQuality: false,
    models: [],
    ...patch,
  });
  const names = new Map([['s1' as StudentId, 'Howard']]);

  it("names the student, asks '?' for someone not yet named, hides faces that do not count", () => {
    expect(
      faceLabel(face({ studentId: 's1' as StudentId, assignmentStatus: 'auto' }), names),
    ).toMatchObject({ text: 'Howard', hidden: false });
    expect(faceLabel(face({ groupId: 'g1' }), names)).toMatchObject({ text: '?', hidden: false });
    expect(faceLabel(face({ lowQuality: true }), names)).toMatchObject({ text: '', hidden: true });
    expect(faceLabel(face({ assignmentStatus: 'rejected' }), names)).toMatchObject({
      text: '',
      hidden: true,
    });
  });

  it('says in its accessible name what the box shows (a revealed hidden face shows "not counted")', () => {
    for (const patch of [
      { studentId: 's1' as StudentId, assignmentStatus: 'auto' as const },
      { groupId: 'g1' },
      { lowQuality: true },
      { assignmentStatus: 'rejected' as const },
    ]) {
      const label = faceLabel(face(patch), names);
      expect(label.description).toContain(label.hidden ? 'not counted' : label.text);
    }
  });
});
