// The pre-initialised database a fresh profile starts from (issue 14: first open). Running
// initdb in the browser took 8-10 s of "Opening your classes…"; instead the build makes an empty
// database with every migration applied (in Node, with the same PGlite and settings as the app)
// and ships its data directory as a static file, which PGlite loads on the very first open.
// It holds the schema only: at build time there is no user data to put in it.
import { migrate } from './migrate';
import { openDatabase, releaseWriteAheadLog } from './open';
import type { Migration } from './parse-migrations';

/** What the app knows about the snapshot of its own build (virtual:database-snapshot). */
export interface SnapshotDescriptor {
  /** Relative to the app's base URL (scripts/db/database-snapshot-plugin.ts puts it there). */
  file: string;
  /** SHA-256 of the uncompressed tar, so a damaged or stale download is never loaded. */
  sha256: string;
}

/**
 * Build time: a new database with `migrations` applied, its data directory as a gzip-compressed
 * tar (PGlite's dumpDataDir). The log is checkpointed first so the tar carries no more of it
 * than a fresh database needs.
 */
export async function makeDatabaseSnapshot(migrations: readonly Migration[]): Promise<Uint8Array> {
  const db = await openDatabase();
  try {
    await migrate(db, migrations);
    await releaseWriteAheadLog(db);
    const dump = await db.dumpDataDir('gzip');
    return new Uint8Array(await dump.arrayBuffer());
  } finally {
    await db.close();
  }
}

/**
 * First open: downloads the snapshot (from the service worker's copy once it has one), and
 * returns it as a plain tar for `openDatabase`'s `initialData`, or undefined if it cannot be had
 * or is not exactly this build's (then the caller runs initdb as before: slower, never broken).
 */
export async function fetchSnapshot(
  snapshot: SnapshotDescriptor,
  baseUrl: string,
): Promise<Blob | undefined> {
  try {
    const response = await fetch(new URL(snapshot.file, baseUrl));
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    // Some hosts send .gz files with Content-Encoding: gzip, so the browser has unpacked it
    // already: unpack only what still starts with gzip's magic bytes.
    const tar = await gunzipIfCompressed(new Uint8Array(await response.arrayBuffer()));
    const actual = await sha256Hex(tar);
    if (actual !== snapshot.sha256)
      throw new Error(`SHA-256 ${actual}, expected ${snapshot.sha256}`);
    return new Blob([tar], { type: 'application/x-tar' });
  } catch (error) {
    console.warn(
      'Rollcall: the pre-initialised database could not be used; making a new one',
      error,
    );
    return undefined;
  }
}

async function gunzipIfCompressed(
  bytes: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array<ArrayBuffer>> {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
