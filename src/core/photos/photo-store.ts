// Photo bytes live in their own IndexedDB database, not in Postgres: PGlite keeps its whole
// database in memory, and a class's photos would not fit there. Rows in session_images point
// here by id; orphans (bytes whose row is gone) are collected at start.
//
// Bytes are stored as an ArrayBuffer, not a Blob: WebKit (Safari) refuses Blob values in
// private browsing. Photos stored by earlier versions as Blobs are still read.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { AppError, isQuotaError } from '../../contracts/errors';
import type { ImageId } from '../../contracts/ids';

/** A stored photo: `data` since ArrayBuffer storage, `bytes` (a Blob) before. */
type StoredPhoto = { data: ArrayBuffer; mimeType: string } | { bytes: Blob; mimeType: string };

interface PhotoDb extends DBSchema {
  photos: { key: string; value: StoredPhoto };
}

export const PHOTO_DATABASE = 'rollcall-photos';

export interface PhotoStore {
  put(id: ImageId, bytes: Uint8Array, mimeType: string): Promise<void>;
  get(id: ImageId): Promise<{ bytes: Uint8Array; mimeType: string } | undefined>;
  delete(ids: readonly ImageId[]): Promise<void>;
  keys(): Promise<ImageId[]>;
}

export function openPhotoStore(): PhotoStore {
  let db: Promise<IDBPDatabase<PhotoDb>> | undefined;
  const open = () =>
    (db ??= openDB<PhotoDb>(PHOTO_DATABASE, 1, {
      upgrade(database) {
        database.createObjectStore('photos');
      },
      // "Delete all data" deletes this database: step aside instead of blocking it forever,
      // and open it afresh on the next use.
      blocking(_current, _blocked, event) {
        (event.target as IDBDatabase).close();
        db = undefined;
      },
    }));
  return {
    put: (id, bytes, mimeType) =>
      plainErrors('save', async () => {
        // A copy that owns its whole buffer: a view into a larger buffer would store all of it.
        const data = bytes.slice().buffer;
        await (await open()).put('photos', { data, mimeType }, id);
      }),
    get: (id) =>
      plainErrors('read', async () => {
        const entry = await (await open()).get('photos', id);
        if (!entry) return undefined;
        const data = 'data' in entry ? entry.data : await entry.bytes.arrayBuffer();
        return { bytes: new Uint8Array(data), mimeType: entry.mimeType };
      }),
    delete: (ids) =>
      plainErrors('delete', async () => {
        if (ids.length === 0) return;
        const tx = (await open()).transaction('photos', 'readwrite');
        await Promise.all([...ids.map((id) => tx.store.delete(id)), tx.done]);
      }),
    keys: () =>
      plainErrors('read', async () => (await (await open()).getAllKeys('photos')) as ImageId[]),
  };
}

/**
 * The browser's own storage failures (IndexedDB refused, blocked or broken) as one plain
 * 'storage' error that names the browser's reason. A full disk stays the browser's
 * QuotaExceededError, which the callers turn into their "out of space" message after undoing
 * what they wrote.
 */
async function plainErrors<T>(action: 'save' | 'read' | 'delete', work: () => Promise<T>) {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError || isQuotaError(error)) throw error;
    throw photoStorageError(action, error);
  }
}

export function photoStorageError(action: 'save' | 'read' | 'delete', error: unknown): AppError {
  const cause =
    typeof error === 'object' && error !== null && 'name' in error && 'message' in error
      ? `${String(error.name)}: ${String(error.message)}`
      : typeof error === 'string'
        ? error
        : 'no reason given';
  return new AppError(
    'storage',
    `This browser would not ${action} the photo in its storage on this device (it said: ${cause}). If this is a private window, open Rollcall in a normal window; otherwise reload the page and try again.`,
    { cause },
  );
}

/** An in-memory store with the same behaviour, for Node (tests, eval). */
export function memoryPhotoStore(): PhotoStore {
  const photos = new Map<string, { bytes: Uint8Array; mimeType: string }>();
  return {
    put: (id, bytes, mimeType) => {
      photos.set(id, { bytes: bytes.slice(), mimeType });
      return Promise.resolve();
    },
    get: (id) => Promise.resolve(photos.get(id)),
    delete: (ids) => {
      for (const id of ids) photos.delete(id);
      return Promise.resolve();
    },
    keys: () => Promise.resolve([...photos.keys()] as ImageId[]),
  };
}
