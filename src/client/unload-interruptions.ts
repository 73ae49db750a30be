// A reload or a closed tab stops the photo being processed, through no fault of the photo. The
// core worker cannot tell a page that unloaded from one that crashed (its worker just stops
// either way), but the page sees itself unload: it notes the photo in progress in localStorage
// ('pagehide'), and whichever tab's core opens the database next is told, so that it resumes the
// photo without counting a failed attempt. A crash leaves no note, and counts.
import type { ImageId } from '../contracts/ids';
import type { CoreEvent } from '../contracts/events';

const STORAGE_KEY = 'rollcall:photos-stopped-by-unload';

function takeNotes(): ImageId[] {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (raw === null) return [];
    localStorage.removeItem(STORAGE_KEY);
    const ids: unknown = JSON.parse(raw);
    return Array.isArray(ids) ? ids.filter((id): id is ImageId => typeof id === 'string') : [];
  } catch {
    return []; // storage unavailable or a damaged note: the photo then counts, as a crash would
  }
}

function leaveNotes(imageIds: readonly ImageId[]): void {
  if (imageIds.length === 0) return;
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    const ids: unknown = raw === null ? [] : JSON.parse(raw);
    const list: unknown[] = Array.isArray(ids) ? ids : [];
    localStorage.setItem(
      STORAGE_KEY,
      JSON.stringify([...new Set([...list, ...imageIds])].slice(-20)),
    );
  } catch {
    // Nothing to do: the photo counts one attempt, as after a crash.
  }
}

/**
 * Passes notes left by pages that unloaded to this tab's core (now, and whenever another tab
 * leaves one), and leaves a note when this page unloads while its core processes a photo.
 * Returns the listener for this tab's core events.
 */
export function trackUnloadInterruptions(
  notify: (imageIds: ImageId[]) => Promise<void>,
): (event: CoreEvent) => void {
  // Notes passed on whose photo this tab's core has not resumed yet: should this page unload
  // too before it does, they are left again for the next one.
  const passedOn = new Set<ImageId>();
  const forward = () => {
    const ids = takeNotes();
    for (const id of ids) passedOn.add(id);
    if (ids.length > 0) void notify(ids);
  };
  forward();
  window.addEventListener('storage', (event) => {
    if (event.key === STORAGE_KEY && event.newValue !== null) forward();
  });

  let inProgress: ImageId | undefined;
  window.addEventListener('pagehide', () => {
    leaveNotes([...passedOn, ...(inProgress ? [inProgress] : [])]);
  });
  return (event) => {
    if (event.type === 'photo-progress') {
      const { imageId, stage } = event.progress;
      passedOn.delete(imageId);
      inProgress = stage === 'done' || stage === 'failed' ? undefined : imageId;
    } else if (event.type === 'status' && event.status.state !== 'ready') {
      inProgress = undefined; // handed over: the core put the photo back in the queue itself
    }
  };
}
