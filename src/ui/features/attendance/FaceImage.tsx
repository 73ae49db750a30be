import type { CropId } from '../../../contracts/ids';
import { BlobImage } from '../photos/BlobImage';

/** One face close-up from a map of thumbnails, or a placeholder of the same size. */
export function FaceImage({
  cropId,
  thumbnails,
  alt,
}: {
  cropId: CropId | null | undefined;
  thumbnails: ReadonlyMap<CropId, Uint8Array> | undefined;
  alt: string;
}) {
  const jpeg = cropId ? thumbnails?.get(cropId) : undefined;
  if (!jpeg) return <span className="face-thumb face-thumb--empty" aria-hidden="true" />;
  return (
    <BlobImage
      className="face-thumb"
      bytes={jpeg}
      mimeType="image/jpeg"
      alt={alt}
      width={48}
      height={48}
    />
  );
}
