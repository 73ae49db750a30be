import type { ImageStatus, SessionImage } from '../../../contracts/entities';
import { formatBytes } from '../../format';

const STATUS_TEXT: Record<ImageStatus, string> = {
  pending: 'Waiting to be looked at',
  processing: 'Looking for faces…',
  done: 'Done',
  failed: 'Could not be read',
};

export function ImageList({ images }: { images: readonly SessionImage[] }) {
  return (
    <ul className="item-list" aria-label="Photos of this session">
      {images.map((image) => (
        <li key={image.id} className="item">
          <div className="item__main">
            <span className="item__title">{image.fileName}</span>
            <span className="item__meta">
              {formatBytes(image.byteSize)}
              {image.width !== null && image.height !== null
                ? ` · ${image.width} × ${image.height}`
                : ''}
              {' · '}
              {STATUS_TEXT[image.status]}
            </span>
            {image.status === 'failed' && image.lastError && (
              <span className="item__error">{image.lastError}</span>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}
