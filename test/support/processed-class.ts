// A class with one session whose fixture photos went through the real face pipeline (real
// models, real PGlite), and a data API over any copy of that database.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClassId, SessionId } from '../../src/contracts/ids';
import type { InferenceApi } from '../../src/contracts/inference';
import { createCore } from '../../src/core/create-core';
import type { DataApi } from '../../src/core/data-api';
import { addPhotos } from '../../src/core/photos/add-photos';
import { memoryPhotoStore, type PhotoStore } from '../../src/core/photos/photo-store';
import { createClass } from '../../src/core/classes/classes';
import { createSession } from '../../src/core/sessions/sessions';
import type { Database } from '../../src/db/open';
import { createNodeInference } from '../../scripts/lib/node-inference';
import { openMigratedDatabase } from './db';

/** The app's core (createCore, as the app builds it) over a fresh migrated database, in Node. */
export async function openNodeCore() {
  return createCore({
    db: await openMigratedDatabase(),
    photos: memoryPhotoStore(),
    inference: createNodeInference(),
  });
}

export const fixturePhoto = (name: string) =>
  new Uint8Array(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'photos', name)));

export interface ProcessedClass {
  db: Database;
  store: PhotoStore;
  inference: InferenceApi;
  classId: ClassId;
  sessionId: SessionId;
}

export async function processedClass(photos: readonly string[]): Promise<ProcessedClass> {
  const inference = createNodeInference();
  const db = await openMigratedDatabase();
  const store = memoryPhotoStore();
  const classId = (await createClass(db, 'Physics')).id;
  const sessionId = (
    await createSession(db, classId, { startsAt: '2026-11-20T09:00:00Z', title: '' })
  ).id;
  await addPhotos(
    db,
    store,
    sessionId,
    photos.map((f) => ({ fileName: f, bytes: fixturePhoto(f) })),
  );
  await createCore({ db, photos: store, inference }).context.processor.kick();
  return { db, store, inference, classId, sessionId };
}

/** The core's data API over `db` (a copy of the processed database, usually). */
export function dataApiFor(base: ProcessedClass, db: Database): DataApi {
  return createCore({ db, photos: base.store, inference: base.inference }).api;
}
