// What Rollcall needs from the browser, checked on the page before anything starts, so that a
// browser lacking something shows a plain screen saying what, instead of hanging at "Opening".

/** One missing capability, in a teacher's words. */
export interface MissingFeature {
  id: 'workers' | 'indexeddb' | 'webassembly' | 'locks' | 'storage-refused';
  what: string;
}

const FEATURES: { id: MissingFeature['id']; what: string; present: () => boolean }[] = [
  {
    id: 'indexeddb',
    what: 'storage for web apps (IndexedDB), where your classes are kept',
    present: () => typeof indexedDB !== 'undefined' && indexedDB !== null,
  },
  {
    id: 'webassembly',
    what: 'WebAssembly, which runs the database and the face recognition',
    present: () => typeof WebAssembly === 'object' && typeof WebAssembly.instantiate === 'function',
  },
  {
    id: 'workers',
    what: 'background work (Web Workers)',
    present: () => typeof Worker === 'function' && typeof MessageChannel === 'function',
  },
  {
    id: 'locks',
    what: 'coordination between tabs (Web Locks)',
    present: () => typeof navigator !== 'undefined' && 'locks' in navigator,
  },
];

/** How long the storage probe may take before storage counts as refused. */
const STORAGE_PROBE_LIMIT_MS = 10_000;
const PROBE_DATABASE = 'rollcall-storage-check';

/**
 * Opens (and deletes) a small IndexedDB database: some browsers have IndexedDB but refuse to
 * store anything (storage blocked in the settings, some private modes).
 */
export function probeStorage(limitMs = STORAGE_PROBE_LIMIT_MS): Promise<string | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('the browser did not answer'), limitMs);
    const done = (problem: string | undefined) => {
      clearTimeout(timer);
      resolve(problem);
    };
    try {
      const request = indexedDB.open(PROBE_DATABASE, 1);
      request.onsuccess = () => {
        request.result.close();
        indexedDB.deleteDatabase(PROBE_DATABASE);
        done(undefined);
      };
      request.onerror = () => done(request.error?.message ?? 'refused');
      request.onblocked = () => done('blocked');
    } catch (error) {
      done(error instanceof Error ? error.message : String(error));
    }
  });
}

/** Everything this browser lacks; empty when Rollcall can run. */
export async function checkBrowserSupport(): Promise<MissingFeature[]> {
  const missing: MissingFeature[] = FEATURES.filter((f) => !f.present()).map(({ id, what }) => ({
    id,
    what,
  }));
  if (!missing.some((m) => m.id === 'indexeddb')) {
    const problem = await probeStorage();
    if (problem !== undefined) {
      missing.push({
        id: 'storage-refused',
        what: `permission to store data on this device (the browser refused: ${problem})`,
      });
    }
  }
  return missing;
}
