// The one module through which the UI reaches the core worker. It creates the worker once,
// lazily, and fans its events out to any number of UI listeners.
import { proxy, wrap, type Remote } from 'comlink';
import type { CoreApi } from '../contracts/api';
import { registerErrorTransfer } from '../contracts/error-transfer';
import type { CoreEvent, CoreStatus } from '../contracts/events';
import { trackUnloadInterruptions } from './unload-interruptions';

let core: Remote<CoreApi> | undefined;
let lastStatus: CoreStatus = { state: 'starting' };
const listeners = new Set<(event: CoreEvent) => void>();

export function getCore(): Remote<CoreApi> {
  if (!core) {
    registerErrorTransfer();
    const worker = new Worker(new URL('../core/core.worker.ts', import.meta.url), {
      type: 'module',
      name: 'rollcall-core',
    });
    const remote = wrap<CoreApi>(worker);
    core = remote;
    const trackUnload = trackUnloadInterruptions((ids) => remote.notePhotosStoppedByUnload(ids));
    void core.subscribe(
      proxy((event: CoreEvent) => {
        if (event.type === 'status') lastStatus = event.status;
        trackUnload(event);
        for (const listener of listeners) listener(event);
      }),
    );
  }
  return core;
}

/** Listens to core events (status changes, table changes). Returns the unsubscribe function. */
export function onCoreEvent(listener: (event: CoreEvent) => void): () => void {
  listeners.add(listener);
  getCore();
  return () => listeners.delete(listener);
}

/** The most recent status the core reported ('starting' until it says otherwise). */
export function getCoreStatus(): CoreStatus {
  getCore();
  return lastStatus;
}
