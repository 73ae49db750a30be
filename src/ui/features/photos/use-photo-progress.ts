import { useEffect, useState } from 'react';
import { onCoreEvent } from '../../../client/core-client';
import type { ImageId, SessionId } from '../../../contracts/ids';
import type { PhotoProgress } from '../../../contracts/photos';

/**
 * The latest progress report of each photo of the session, as the core pushes them (no
 * polling). Only the stage within the current run: whether a photo is waiting, done or failed
 * comes from the session's images, which the database change feed keeps current.
 */
export function usePhotoProgress(sessionId: SessionId): ReadonlyMap<ImageId, PhotoProgress> {
  const [progress, setProgress] = useState<{
    sessionId: SessionId;
    byImage: ReadonlyMap<ImageId, PhotoProgress>;
  }>(() => ({ sessionId, byImage: new Map() }));

  useEffect(
    () =>
      onCoreEvent((event) => {
        if (event.type !== 'photo-progress' || event.progress.sessionId !== sessionId) return;
        const report = event.progress;
        setProgress((current) => {
          const byImage = new Map(current.sessionId === sessionId ? current.byImage : []);
          byImage.set(report.imageId, report);
          return { sessionId, byImage };
        });
      }),
    [sessionId],
  );

  return progress.sessionId === sessionId ? progress.byImage : new Map();
}
