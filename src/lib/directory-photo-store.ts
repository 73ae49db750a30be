// Photo bytes in a directory, for a library database opened in a directory (Node): one file per
// photo named by its id, and its media type beside it. The app keeps them in IndexedDB instead
// (src/core/photos/photo-store.ts); the interface is the same.
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImageId } from '../contracts/ids';
import type { PhotoStore } from '../core/photos/photo-store';

const TYPE_SUFFIX = '.type';

export function directoryPhotoStore(dir: string): PhotoStore {
  const ready = mkdir(dir, { recursive: true });
  const path = (id: string) => join(dir, id);
  return {
    async put(id, bytes, mimeType) {
      await ready;
      await writeFile(path(id), bytes);
      await writeFile(path(id) + TYPE_SUFFIX, mimeType);
    },
    async get(id) {
      await ready;
      try {
        const [bytes, mimeType] = await Promise.all([
          readFile(path(id)),
          readFile(path(id) + TYPE_SUFFIX, 'utf8'),
        ]);
        return { bytes: new Uint8Array(bytes), mimeType };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async delete(ids) {
      await ready;
      for (const id of ids) {
        await rm(path(id), { force: true });
        await rm(path(id) + TYPE_SUFFIX, { force: true });
      }
    },
    async keys() {
      await ready;
      const names = await readdir(dir);
      return names.filter((n) => !n.endsWith(TYPE_SUFFIX)) as ImageId[];
    },
  };
}
