// Everything Rollcall stores on the device lives in IndexedDB databases whose names start with
// these prefixes: PGlite's (`/pglite/rollcall`) and the photo store's.
const ROLLCALL_DATABASE_PREFIXES = ['/pglite/rollcall', 'rollcall'];

export async function deleteAllLocalData(): Promise<void> {
  const databases = await indexedDB.databases();
  const ours = databases
    .map((info) => info.name)
    .filter(
      (name): name is string =>
        !!name && ROLLCALL_DATABASE_PREFIXES.some((p) => name.startsWith(p)),
    );
  await Promise.all(ours.map(deleteIndexedDb));
}

export function deleteIndexedDb(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error ?? new Error(`Could not delete ${name}`));
    // Another connection is open (it will be closed shortly); the deletion completes then.
    request.onblocked = () => undefined;
  });
}
