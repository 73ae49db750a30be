// The one module through which the UI reaches the core worker. It creates the worker once,
// lazily, and fans its events out to any number of UI listeners. It also gives the core worker
// the means to start the inference worker from the page (see inference-host.ts).
import { proxy, wrap, type Remote } from 'comlink';
import type { CoreApi } from '../contracts/api';
import { registerErrorTransfer } from '../contracts/error-transfer';
import type { CoreEvent, CoreStatus } from '../contracts/events';
import { createInferenceHost } from './inference-host';
import { trackUnloadInterruptions } from './unload-interruptions';

let core: Remote<CoreApi> | undefined;
let lastStatus: CoreStatus = { state: 'starting' };
const listeners = new Set<(event: CoreEvent) => void>();

const CORE_START_FAILED_MESSAGE =
  'Rollcall could not start its database in this browser. Update the browser, or open Rollcall in Chrome, Edge, Firefox or Safari.';

function publish(event: CoreEvent): void {
  if (event.type === 'status') lastStatus = event.status;
  for (const listener of listeners) listener(event);
}

export function getCore(): Remote<CoreApi> {
  if (!core) {
    registerErrorTransfer();
    const worker = new Worker(new URL('../core/core.worker.ts', import.meta.url), {
      type: 'module',
      name: 'rollcall-core',
    });
    // A core worker that cannot even start (its script refused) never reports a status: say
    // so, instead of "Opening" forever.
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      publish({
        type: 'status',
        status: { state: 'failed', code: 'internal', message: CORE_START_FAILED_MESSAGE },
      });
    });
    const remote = wrap<CoreApi>(worker);
    core = remote;
    void remote.attachInferenceHost(proxy(createInferenceHost()));
    const trackUnload = trackUnloadInterruptions((ids) => remote.notePhotosStoppedByUnload(ids));
    void remote.subscribe(
      proxy((event: CoreEvent) => {
        trackUnload(event);
        publish(event);
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
