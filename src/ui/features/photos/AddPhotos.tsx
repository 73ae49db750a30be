import {
  useEffect,
  useRef,
  useState,
  type ChangeEvent,
  type DragEvent,
  type ReactNode,
} from 'react';
import type { SessionId } from '../../../contracts/ids';
import { ErrorMessage } from '../../components/ErrorMessage';
import { countOf } from '../../format';
import { AddPhotosSummary } from './AddPhotosSummary';
import { useAddPhotos, useLatestAddPhotos } from './use-add-photos';

const hasFiles = (event: { dataTransfer: DataTransfer | null }) =>
  event.dataTransfer?.types.includes('Files') ?? false;

/**
 * Adding photos: drop them on the zone, choose files (several at once) or take one with the
 * tablet's camera. Each selection is one call; the result says what happened to every file.
 */
export function AddPhotos({ sessionId, children }: { sessionId: SessionId; children: ReactNode }) {
  const pickerRef = useRef<HTMLInputElement>(null);
  const cameraRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const mutation = useAddPhotos();
  // What is shown is the latest adding to this lesson, also one started on the class page.
  const latest = useLatestAddPhotos(sessionId);
  const adding = latest?.status === 'pending';

  const add = (files: FileList | null) => {
    const list = files ? Array.from(files) : [];
    if (list.length > 0 && !adding) mutation.mutate({ sessionId, files: list });
  };

  // A file dropped beside the zone must not make the browser leave the app to show it.
  useEffect(() => {
    const ignore = (event: globalThis.DragEvent) => {
      if (!event.defaultPrevented && hasFiles(event)) {
        event.preventDefault();
        if (event.dataTransfer) event.dataTransfer.dropEffect = 'none';
      }
    };
    window.addEventListener('dragover', ignore);
    window.addEventListener('drop', ignore);
    return () => {
      window.removeEventListener('dragover', ignore);
      window.removeEventListener('drop', ignore);
    };
  }, []);

  const onDragOver = (event: DragEvent) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setDragging(true);
  };
  const onDragLeave = (event: DragEvent) => {
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    add(event.dataTransfer.files);
  };

  const onFilesChosen = (event: ChangeEvent<HTMLInputElement>) => {
    add(event.target.files);
    // Cleared so that choosing the same files again is reported again.
    event.target.value = '';
  };
  const choose = (input: HTMLInputElement | null) => {
    if (!adding) input?.click();
  };

  return (
    <div className="add-photos">
      <div
        className={`drop-zone${dragging ? ' drop-zone--active' : ''}`}
        data-testid="photo-drop-zone"
        onDragEnter={onDragOver}
        onDragOver={onDragOver}
        onDragLeave={onDragLeave}
        onDrop={onDrop}
      >
        {children}
        <div className="button-row drop-zone__buttons">
          <button
            type="button"
            className="primary"
            aria-disabled={adding}
            onClick={() => choose(pickerRef.current)}
          >
            Choose photos
          </button>
          <button
            type="button"
            className="secondary"
            aria-disabled={adding}
            onClick={() => choose(cameraRef.current)}
          >
            Take photo
          </button>
        </div>
        <input
          ref={pickerRef}
          type="file"
          multiple
          accept="image/*"
          className="visually-hidden"
          tabIndex={-1}
          aria-label="Photo files"
          onChange={onFilesChosen}
        />
        <input
          ref={cameraRef}
          type="file"
          accept="image/*"
          capture="environment"
          className="visually-hidden"
          tabIndex={-1}
          aria-label="Photo from the camera"
          onChange={onFilesChosen}
        />
      </div>
      {adding && (
        <p className="loading" role="status">
          Adding {countOf(latest.variables?.files.length ?? 0, 'photo')}…
        </p>
      )}
      {latest?.status === 'success' && latest.data && <AddPhotosSummary result={latest.data} />}
      <ErrorMessage error={latest?.error ?? null} />
    </div>
  );
}
