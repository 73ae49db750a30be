// On the first visit, the service worker downloads everything Rollcall needs to work with no
// network (about 49 MB without a GPU, 76 MB with one: the face models, the runtimes, the database
// engine). This says how far it has got, in the teacher's words, and that Rollcall works offline
// once it is done: that news stays a few seconds (or until OK), not the whole visit. Later visits
// and updates say nothing: the offline copy is there already.
import { useEffect, useState } from 'react';

/** Sent by src/sw/service-worker.ts for each file put in the offline copy. */
interface Progress {
  copiedBytes: number;
  totalBytes: number;
}

const OFFLINE_COPY_PROGRESS = 'OFFLINE_COPY_PROGRESS';

function isProgress(data: unknown): data is Progress {
  return (
    typeof data === 'object' &&
    data !== null &&
    'type' in data &&
    data.type === OFFLINE_COPY_PROGRESS &&
    'copiedBytes' in data &&
    typeof data.copiedBytes === 'number' &&
    'totalBytes' in data &&
    typeof data.totalBytes === 'number'
  );
}

const megabytes = (bytes: number) => Math.round(bytes / 1_000_000);

/** How long "ready to work offline" stays once the offline copy is complete. */
const READY_NOTICE_MS = 10_000;

export function OfflineCopyProgress() {
  const [progress, setProgress] = useState<Progress | null>(null);
  const [readyNoticeDone, setReadyNoticeDone] = useState(false);
  const done = progress !== null && progress.copiedBytes >= progress.totalBytes;

  useEffect(() => {
    const container = navigator.serviceWorker as ServiceWorkerContainer | undefined;
    // A page the service worker already controls has its offline copy.
    if (!container || container.controller) return;
    const onMessage = (event: MessageEvent) => {
      if (isProgress(event.data)) setProgress(event.data);
    };
    container.addEventListener('message', onMessage);
    container.startMessages();
    return () => container.removeEventListener('message', onMessage);
  }, []);

  useEffect(() => {
    if (!done) return;
    const timer = setTimeout(() => setReadyNoticeDone(true), READY_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [done]);

  if (!progress || progress.totalBytes === 0 || readyNoticeDone) return null;
  return (
    <div className="update-prompt" role="status" aria-label="Offline use">
      {done ? (
        <>
          <span>Rollcall is ready to work offline, with no internet connection.</span>
          <button type="button" className="secondary" onClick={() => setReadyNoticeDone(true)}>
            OK
          </button>
        </>
      ) : (
        <>
          <span>
            Getting Rollcall ready for offline use: {megabytes(progress.copiedBytes)} of{' '}
            {megabytes(progress.totalBytes)} MB
          </span>
          <progress max={progress.totalBytes} value={progress.copiedBytes} aria-hidden="true" />
        </>
      )}
    </div>
  );
}
