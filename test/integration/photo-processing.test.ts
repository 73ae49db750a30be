// Adding and processing a session's photos with the real models on real photos, against a
// real PGlite: faces and embeddings are stored, bad files fail alone, nothing is duplicated.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { ClassId, ImageId, SessionId } from '../../src/contracts/ids';
import type { PhotoProgress } from '../../src/contracts/photos';
import type { InferenceApi } from '../../src/contracts/inference';
import { addPhotos, collectOrphanPhotos } from '../../src/core/photos/add-photos';
import { memoryPhotoStore, type PhotoStore } from '../../src/core/photos/photo-store';
import {
  CANCELLED_MESSAGE,
  MAX_ATTEMPTS,
  PhotoProcessor,
} from '../../src/core/photos/processing-queue';
import { createClass } from '../../src/core/classes/classes';
import { createSession, listSessionImages } from '../../src/core/sessions/sessions';
import { createNodeInference } from '../../scripts/lib/node-inference';
import type { Database } from '../../src/db/open';
import { useTestDatabase } from '../support/db';
import { expectAppError } from '../support/errors';

const photo = (name: string) =>
  new Uint8Array(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'photos', name)));

const db = useTestDatabase();
let inference: InferenceApi;
beforeAll(() => {
  inference = createNodeInference();
});

async function setUp(): Promise<{
  classId: ClassId;
  sessionId: SessionId;
  store: PhotoStore;
  processor: PhotoProcessor;
}> {
  const cls = await createClass(db(), 'Physics');
  const session = await createSession(db(), cls.id, {
    startsAt: '2026-11-20T09:00:00Z',
    title: '',
  });
  const store = memoryPhotoStore();
  const processor = new PhotoProcessor(db(), store, inference, { embeddingModels: ['arcface'] });
  return { classId: cls.id, sessionId: session.id, store, processor };
}

async function imageRows(sessionId: SessionId) {
  const { rows } = await db().query<{
    file_name: string;
    status: string;
    failure_count: number;
    last_error: string | null;
    crops: number;
  }>(
    `select file_name, status, failure_count, last_error,
            (select count(*) from face_crops c where c.image_id = i.id)::int as crops
     from session_images i where session_id = $1 order by file_name`,
    [sessionId],
  );
  return rows;
}

describe('adding photos', () => {
  test('refuses empty and non-image files, recognises duplicates, stores the rest', async () => {
    const { sessionId, store } = await setUp();
    const result = await addPhotos(db(), store, sessionId, [
      { fileName: 'group.jpg', bytes: photo('bbt4.jpg') },
      { fileName: 'again.jpg', bytes: photo('bbt4.jpg') },
      { fileName: 'empty.jpg', bytes: new Uint8Array() },
      { fileName: 'notes.jpg', bytes: photo('not-a-photo.jpg') },
    ]);
    expect(result.added.map((a) => a.fileName)).toEqual(['group.jpg']);
    expect(result.duplicates).toEqual([
      { fileName: 'again.jpg', existingImageId: result.added[0]?.imageId },
    ]);
    expect(result.refused.map((r) => r.fileName)).toEqual(['empty.jpg', 'notes.jpg']);
    expect(result.refused[0]?.reason).toMatch(/empty/);
    expect(await store.keys()).toEqual([result.added[0]?.imageId]);

    const second = await addPhotos(db(), store, sessionId, [
      { fileName: 'later.jpg', bytes: photo('bbt4.jpg') },
    ]);
    expect(second.added).toEqual([]);
    expect(second.duplicates).toHaveLength(1);
    expect(await imageRows(sessionId)).toHaveLength(1);
  });

  test('an unknown session is not-found and stores nothing', async () => {
    const { store } = await setUp();
    await expect(
      addPhotos(db(), store, crypto.randomUUID() as SessionId, [
        { fileName: 'a.jpg', bytes: photo('bbt4.jpg') },
      ]),
    ).rejects.toMatchObject({ code: 'not-found' });
    expect(await store.keys()).toEqual([]);
  });

  const quotaExceeded = () =>
    new DOMException('The quota has been exceeded.', 'QuotaExceededError');

  test('a full disk while storing the photos: a plain storage error, no bytes and no rows', async () => {
    const { sessionId, store } = await setUp();
    let puts = 0;
    const filling: PhotoStore = {
      ...store,
      put: async (id, bytes, mimeType) => {
        if (++puts === 2) throw quotaExceeded();
        await store.put(id, bytes, mimeType);
      },
    };
    const error = await expectAppError(
      addPhotos(db(), filling, sessionId, [
        { fileName: 'a.jpg', bytes: photo('bbt3.jpg') },
        { fileName: 'b.jpg', bytes: photo('bbt4.jpg') },
      ]),
      'storage',
    );
    expect(error.message).toMatch(/out of storage space, so nothing was saved/);
    expect(puts).toBe(2);
    expect(await store.keys()).toEqual([]);
    expect(await imageRows(sessionId)).toEqual([]);
  });

  test('a full disk when the database saves the rows: the rows and bytes are taken out again', async () => {
    const { sessionId, store } = await setUp();
    // PGlite commits in memory, then writes to IndexedDB; a full disk fails that write.
    const real = db();
    const persistingFails = new Proxy(real, {
      get(target, key) {
        if (key === 'transaction') {
          return async (work: Parameters<Database['transaction']>[0]) => {
            await target.transaction(work);
            throw quotaExceeded();
          };
        }
        const value: unknown = Reflect.get(target, key);
        return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
      },
    });
    await expectAppError(
      addPhotos(persistingFails, store, sessionId, [
        { fileName: 'a.jpg', bytes: photo('bbt3.jpg') },
      ]),
      'storage',
    );
    expect(await store.keys()).toEqual([]);
    expect(await imageRows(sessionId)).toEqual([]);
  });

  test('photo bytes whose row is gone are collected', async () => {
    const { sessionId, store } = await setUp();
    await addPhotos(db(), store, sessionId, [{ fileName: 'a.jpg', bytes: photo('bbt4.jpg') }]);
    await db().query('delete from session_images');
    expect(await collectOrphanPhotos(db(), store)).toBe(1);
    expect(await store.keys()).toEqual([]);
  });
});

describe('processing photos', () => {
  test('photos are listed and processed in the order they were picked, not by name or id', async () => {
    const { sessionId, store } = await setUp();
    // One selection, so one transaction: the rows share its now(). Names out of alphabetical
    // order, so neither the file name nor the random id can give this order by chance.
    const picked = ['c-first.jpg', 'a-second.jpg', 'b-third.jpg'];
    const added = await addPhotos(db(), store, sessionId, [
      { fileName: picked[0] ?? '', bytes: photo('bbt3.jpg') },
      { fileName: picked[1] ?? '', bytes: photo('bbt2.jpg') },
      { fileName: picked[2] ?? '', bytes: photo('bbt5.jpg') },
    ]);
    expect(added.added.map((a) => a.fileName)).toEqual(picked);
    const listed = await listSessionImages(db(), sessionId);
    expect(listed.map((image) => image.fileName)).toEqual(picked);

    const started: ImageId[] = [];
    const processor = new PhotoProcessor(db(), store, inference, {
      embeddingModels: ['arcface'],
      onProgress: ({ imageId }) => {
        if (!started.includes(imageId)) started.push(imageId);
      },
    });
    await processor.kick();
    expect(started).toEqual(added.added.map((a) => a.imageId));
  });

  test('finds the six faces of a group photo; a truncated photo fails alone', async () => {
    const { sessionId, store, processor } = await setUp();
    await addPhotos(db(), store, sessionId, [
      { fileName: 'a-group.jpg', bytes: photo('bbt4.jpg') },
      { fileName: 'b-broken.jpg', bytes: photo('truncated.jpg') },
    ]);
    await processor.kick();
    const [group, broken] = await imageRows(sessionId);
    expect(group).toMatchObject({ status: 'done', crops: 6, last_error: null });
    expect(broken).toMatchObject({ status: 'failed', crops: 0, failure_count: 1 });
    expect(broken?.last_error).toMatch(/could not be read/);

    const { rows } = await db().query<{
      model_id: string;
      dimension: number;
      norm: number;
      thumb: number;
    }>(
      `select e.model_id, e.dimension, vector_norm(e.vector) as norm, length(c.thumbnail) as thumb
       from embeddings e join face_crops c on c.id = e.crop_id`,
    );
    expect(rows).toHaveLength(6);
    for (const row of rows) {
      expect(row).toMatchObject({ model_id: 'arcface', dimension: 512 });
      expect(row.norm).toBeCloseTo(1, 4);
      expect(row.thumb).toBeGreaterThan(500);
    }
  });

  test('an interrupted photo is processed again without duplicate faces', async () => {
    const { sessionId, store, processor } = await setUp();
    await addPhotos(db(), store, sessionId, [{ fileName: 'group.jpg', bytes: photo('bbt4.jpg') }]);
    await processor.kick();
    // As if the page had been closed in the middle of processing it again.
    await db().query("update session_images set status = 'processing'");
    await processor.kick();
    expect(await imageRows(sessionId)).toMatchObject([
      { status: 'done', crops: 6, failure_count: 1 },
    ]);
    const { rows } = await db().query<{ n: number }>('select count(*)::int as n from embeddings');
    expect(rows[0]?.n).toBe(6);
  });

  test(`a photo interrupted ${MAX_ATTEMPTS} times is given up on`, async () => {
    const { sessionId, store, processor } = await setUp();
    await addPhotos(db(), store, sessionId, [{ fileName: 'group.jpg', bytes: photo('bbt4.jpg') }]);
    await db().query(
      `update session_images set status = 'processing', failure_count = ${MAX_ATTEMPTS - 1}`,
    );
    await processor.kick();
    const [row] = await imageRows(sessionId);
    expect(row).toMatchObject({ status: 'failed', crops: 0, failure_count: MAX_ATTEMPTS });
    expect(row?.last_error).toMatch(/several times/);
  });

  test('cancelling stops the waiting photos; retry processes them', async () => {
    const { sessionId, store, processor } = await setUp();
    await addPhotos(db(), store, sessionId, [{ fileName: 'group.jpg', bytes: photo('bbt4.jpg') }]);
    await processor.cancelSession(sessionId);
    await processor.kick();
    expect(await imageRows(sessionId)).toMatchObject([
      { status: 'failed', crops: 0, last_error: CANCELLED_MESSAGE, failure_count: 0 },
    ]);
    const { rows } = await db().query<{ id: string }>('select id from session_images');
    await processor.retry(rows.map((r) => r.id) as never);
    await processor.whenIdle();
    expect(await imageRows(sessionId)).toMatchObject([{ status: 'done', crops: 6 }]);
  });

  test('a processor stopped mid-photo (tab hand-over) puts it back in the queue, no attempt counted', async () => {
    const { sessionId, store, processor } = await setUp();
    await addPhotos(db(), store, sessionId, [{ fileName: 'group.jpg', bytes: photo('bbt4.jpg') }]);
    const stopping = processorStoppingAt('detecting', store);
    const running = stopping.processor.kick();
    await stopping.reached;
    await stopping.processor.stop();
    await running;
    // The stopped processor saved no faces and put the photo back as it was.
    expect(await imageRows(sessionId)).toMatchObject([
      { status: 'pending', crops: 0, failure_count: 0 },
    ]);
    await processor.kick();
    expect(await imageRows(sessionId)).toMatchObject([
      { status: 'done', crops: 6, failure_count: 0 },
    ]);
  });

  test('a photo whose page unloaded while processing it is resumed without counting an attempt', async () => {
    const { sessionId, store } = await setUp();
    await addPhotos(db(), store, sessionId, [{ fileName: 'group.jpg', bytes: photo('bbt4.jpg') }]);
    const { rows } = await db().query<{ id: ImageId }>('select id from session_images');
    const unloaded = new Set(rows.map((r) => r.id));
    // As many reloads as would give up on a crashing photo, and more.
    await db().query(
      `update session_images set status = 'processing', failure_count = ${MAX_ATTEMPTS - 1}`,
    );
    const processor = new PhotoProcessor(db(), store, inference, {
      embeddingModels: ['arcface'],
      stoppedByUnload: (id) => unloaded.delete(id),
    });
    await processor.kick();
    expect(await imageRows(sessionId)).toMatchObject([
      { status: 'done', crops: 6, failure_count: MAX_ATTEMPTS - 1 },
    ]);
  });

  test('Retry forgets the failed attempts: the photo gets its full count of attempts again', async () => {
    const { sessionId, store, processor } = await setUp();
    await addPhotos(db(), store, sessionId, [{ fileName: 'group.jpg', bytes: photo('bbt4.jpg') }]);
    // Given up on after crashing the page MAX_ATTEMPTS times.
    await db().query(
      `update session_images set status = 'processing', failure_count = ${MAX_ATTEMPTS - 1}`,
    );
    await processor.kick();
    expect(await imageRows(sessionId)).toMatchObject([
      { status: 'failed', failure_count: MAX_ATTEMPTS },
    ]);
    const { rows } = await db().query<{ id: ImageId }>('select id from session_images');
    await processor.retry(rows.map((r) => r.id));
    await processor.whenIdle();
    expect(await imageRows(sessionId)).toMatchObject([
      { status: 'done', crops: 6, failure_count: 0, last_error: null },
    ]);
    // One more crash after the retry is one attempt, not the last straw.
    await db().query(`update session_images set status = 'processing'`);
    await db().query(`delete from face_crops`);
    await processor.kick();
    expect(await imageRows(sessionId)).toMatchObject([
      { status: 'done', crops: 6, failure_count: 1 },
    ]);
  });
});

/** A processor that reports when it reaches a stage of its first photo. */
function processorStoppingAt(stage: PhotoProgress['stage'], store: PhotoStore) {
  let reach!: () => void;
  const reached = new Promise<void>((resolve) => (reach = resolve));
  const processor = new PhotoProcessor(db(), store, inference, {
    embeddingModels: ['arcface'],
    onProgress: (p) => {
      if (p.stage === stage) reach();
    },
  });
  return { processor, reached };
}
