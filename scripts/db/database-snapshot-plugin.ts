// Vite plugin: the pre-initialised database (src/db/database-snapshot.ts) made from the app's
// own migration files, once per build or dev server:
//   - the build writes it to dist/database/rollcall.tar.gz (the service worker precaches it with
//     the other .gz files), the dev server serves it at the same path;
//   - `virtual:database-snapshot` tells the core worker its path and the SHA-256 to check.
// Add `databaseSnapshot()` to `plugins` and `databaseSnapshotModule()` to `worker.plugins`.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createServer, type Plugin } from 'vite';
import type * as SnapshotModule from '../../src/db/database-snapshot.ts';
import type * as MigrationsModule from '../../src/db/parse-migrations.ts';

/** Where the build puts the snapshot, relative to the app's base URL. */
export const SNAPSHOT_FILE = 'database/rollcall.tar.gz';

const MODULE_ID = 'virtual:database-snapshot';
const RESOLVED_ID = `\0${MODULE_ID}`;

interface Snapshot {
  gzip: Uint8Array;
  sha256: string;
}

/** One snapshot per process, shared by the page and worker builds (made from the same files). */
let made: Promise<Snapshot> | undefined;

function snapshotOf(root: string): Promise<Snapshot> {
  made ??= makeSnapshot(root);
  return made;
}

async function makeSnapshot(root: string): Promise<Snapshot> {
  const migrationsDir = join(root, 'src', 'db', 'migrations');
  const files = Object.fromEntries(
    readdirSync(migrationsDir)
      .filter((name) => name.endsWith('.sql'))
      .map((name) => [name, readFileSync(join(migrationsDir, name), 'utf8')]),
  );
  // The app's own database code, loaded as the eval command loads it (Vite's SSR loader), not
  // bundled into this config.
  const loader = await createServer({
    root,
    configFile: false,
    logLevel: 'error',
    server: { middlewareMode: true, hmr: false, ws: false },
    appType: 'custom',
    optimizeDeps: { noDiscovery: true },
  });
  try {
    const { parseMigrations } = (await loader.ssrLoadModule(
      '/src/db/parse-migrations.ts',
    )) as typeof MigrationsModule;
    const { makeDatabaseSnapshot } = (await loader.ssrLoadModule(
      '/src/db/database-snapshot.ts',
    )) as typeof SnapshotModule;
    const gzip = await makeDatabaseSnapshot(parseMigrations(files));
    const sha256 = createHash('sha256').update(gunzipSync(gzip)).digest('hex');
    return { gzip, sha256 };
  } finally {
    await loader.close();
  }
}

/** `virtual:database-snapshot`: { file, sha256 } of this build's snapshot. */
async function moduleSource(root: string): Promise<string> {
  const { sha256 } = await snapshotOf(root);
  return `export default ${JSON.stringify({ file: SNAPSHOT_FILE, sha256 })};`;
}

/** `virtual:database-snapshot` as a plugin, and the app root it reads the migrations from. */
function snapshotModule(name: string) {
  const state = { root: process.cwd() };
  const plugin = {
    name,
    configResolved(config) {
      state.root = config.root;
    },
    resolveId: (id) => (id === MODULE_ID ? RESOLVED_ID : undefined),
    load: (id) => (id === RESOLVED_ID ? moduleSource(state.root) : undefined),
  } satisfies Plugin;
  return { plugin, state };
}

/** The module alone, for the worker builds (`worker.plugins`). */
export function databaseSnapshotModule(): Plugin {
  return snapshotModule('rollcall-database-snapshot-module').plugin;
}

/** The module, plus the file itself: written by the build, served by the dev server. */
export function databaseSnapshot(): Plugin {
  const { plugin, state } = snapshotModule('rollcall-database-snapshot');
  return {
    ...plugin,
    configureServer(server) {
      server.middlewares.use(`/${SNAPSHOT_FILE}`, (_request, response, next) => {
        snapshotOf(state.root).then(({ gzip }) => {
          response.setHeader('Content-Type', 'application/gzip');
          response.end(gzip);
        }, next);
      });
      // An edited or added migration makes a new snapshot (and a new SHA-256 for the worker).
      server.watcher.on('all', (_event, file) => {
        if (!file.includes(join('src', 'db', 'migrations'))) return;
        made = undefined;
        const cached = server.moduleGraph.getModuleById(RESOLVED_ID);
        if (cached) server.moduleGraph.invalidateModule(cached);
      });
    },
    async generateBundle() {
      const { gzip } = await snapshotOf(state.root);
      this.emitFile({ type: 'asset', fileName: SNAPSHOT_FILE, source: gzip });
    },
  };
}
