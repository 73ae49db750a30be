import { useSyncExternalStore } from 'react';
import { getCoreStatus, onCoreEvent } from '../client/core-client';
import type { CoreStatus } from '../contracts/events';

function subscribe(onChange: () => void): () => void {
  return onCoreEvent((event) => {
    if (event.type === 'status') onChange();
  });
}

/** Where the core worker stands; re-renders when it changes. */
export function useCoreStatus(): CoreStatus {
  return useSyncExternalStore(subscribe, getCoreStatus);
}
