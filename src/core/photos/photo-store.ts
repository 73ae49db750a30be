// Photo bytes live in their own IndexedDB database, not in Postgres: PGlite keeps its whole
// database in memory, and a class's photos would not fit there. Rows in session_images point
// here by id; orphans (bytes whose row is gone) are collected at start.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ImageId } from '../../contracts/ids';

interface PhotoDb extends DBSchema {
  photos: { key: string; value: { bytes: Blob; mimeType: string } };
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
    async put(id, bytes, mimeType) {
      const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mimeType });
      await (await open()).put('photos', { bytes: blob, mimeType }, id);
    },
    async get(id) {
      const entry = await (await open()).get('photos', id);
      if (!entry) return undefined;
      return { bytes: new Uint8Array(await entry.bytes.arrayBuffer()), mimeType: entry.mimeType };
    },
    async delete(ids) {
      if (ids.length === 0) return;
      const tx = (await open()).transaction('photos', 'readwrite');
      await Promise.all([...ids.map((id) => tx.store.delete(id)), tx.done]);
    },
    async keys() {
      return (await (await open()).getAllKeys('photos')) as ImageId[];
    },
  };
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
