import { useQuery } from '@tanstack/react-query';
import { useState, type DragEvent } from 'react';
import type { SessionId } from '../../../contracts/ids';
import { Loading, LoadFailed } from '../../components/QueryState';
import { sessionQueries } from '../sessions/queries';
import { ImageList } from './ImageList';

/**
 * Where the session's photos are added and listed. Adding comes in a later step; until then a
 * dropped file is refused here rather than opened by the browser in place of the app.
 */
export function PhotosSection({ sessionId }: { sessionId: SessionId }) {
  const images = useQuery(sessionQueries.images(sessionId));
  const [dropNote, setDropNote] = useState<string | null>(null);

  const refuseDrop = (event: DragEvent) => {
    event.preventDefault();
    if (event.type === 'drop') setDropNote('Adding photos isn’t available yet. Nothing was added.');
  };

  return (
    <section className="card" aria-labelledby="photos-heading">
      <h2 id="photos-heading">Photos</h2>
      <div
        className="drop-zone"
        data-testid="photo-drop-zone"
        onDragOver={refuseDrop}
        onDrop={refuseDrop}
      >
        <p>Adding photos comes next: photos of this session will appear here.</p>
        {dropNote && <p role="status">{dropNote}</p>}
      </div>
      {images.isPending ? (
        <Loading label="Loading the photos…" />
      ) : images.isError ? (
        <LoadFailed error={images.error} />
      ) : images.data.length === 0 ? (
        <p className="empty-state">No photos in this session yet.</p>
      ) : (
        <ImageList images={images.data} />
      )}
    </section>
  );
}
