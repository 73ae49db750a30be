// The browser's storage for this site: how much Rollcall uses, how much it may use, and whether
// the browser has promised not to clear it when the disk runs low ("persistent" storage).

export interface StorageInfo {
  /** Bytes used by this site (database, photos, cached app files); undefined if unknown. */
  usage: number | undefined;
  /** Bytes this site may use; undefined if unknown. */
  quota: number | undefined;
  persisted: boolean | undefined;
}

const ASKED_KEY = 'rollcall:persistent-storage-asked';

export async function getStorageInfo(): Promise<StorageInfo> {
  const storage = navigator.storage as StorageManager | undefined; // missing on insecure origins
  if (!storage) return { usage: undefined, quota: undefined, persisted: undefined };
  const [estimate, persisted] = await Promise.all([
    storage.estimate().catch((): StorageEstimate => ({})),
    storage.persisted().catch(() => undefined),
  ]);
  return { usage: estimate.usage, quota: estimate.quota, persisted };
}

/** Asks for persistent storage; true if granted. Some browsers ask the user, some decide alone. */
export async function requestPersistentStorage(): Promise<boolean> {
  const storage = navigator.storage as StorageManager | undefined; // missing on insecure origins
  if (!storage?.persist) return false;
  try {
    return await storage.persist();
  } catch {
    return false;
  }
}

/**
 * On the first run in this browser, asks once for persistent storage so the browser does not
 * clear a class's records to free space. Not asked again: the about page has a button for it.
 */
export async function requestPersistentStorageOnFirstRun(): Promise<void> {
  try {
    if (localStorage.getItem(ASKED_KEY)) return;
    localStorage.setItem(ASKED_KEY, new Date().toISOString());
  } catch {
    return; // No localStorage (unusual privacy settings): do not ask on every start.
  }
  const storage = navigator.storage as StorageManager | undefined; // missing on insecure origins
  if (!storage?.persisted || (await storage.persisted().catch(() => false))) return;
  await requestPersistentStorage();
}
