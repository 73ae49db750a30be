import { useEffect, useRef, type ImgHTMLAttributes } from 'react';
import { dataUrlOf, SMALL_IMAGE_BYTES } from './image-url';

interface BlobImageProps extends Omit<ImgHTMLAttributes<HTMLImageElement>, 'src'> {
  bytes: Uint8Array;
  mimeType: string;
  alt: string;
}

/**
 * An <img> of bytes held in memory. The browser decodes it off the main thread.
 *
 * A small image (a face close-up, a few kB) is shown through a data: URL made once per bytes. An
 * object URL costs the main thread a Blob copy and a synchronous round trip to the browser
 * process to register it, a few ms each on a busy machine: a photo's 30 close-ups made one
 * 100-280 ms task when the photo was done. A large image (a photo) goes through an object URL
 * that lives exactly as long as the element shows these bytes (revoked on change and on unmount).
 */
export function BlobImage({ bytes, mimeType, alt, ...rest }: BlobImageProps) {
  if (bytes.byteLength <= SMALL_IMAGE_BYTES) {
    return <img src={dataUrlOf(bytes, mimeType)} alt={alt} decoding="async" {...rest} />;
  }
  return <ObjectUrlImage bytes={bytes} mimeType={mimeType} alt={alt} {...rest} />;
}

function ObjectUrlImage({ bytes, mimeType, alt, ...rest }: BlobImageProps) {
  const imgRef = useRef<HTMLImageElement>(null);
  useEffect(() => {
    const img = imgRef.current;
    if (!img) return;
    const url = URL.createObjectURL(
      new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mimeType }),
    );
    img.src = url;
    return () => {
      img.removeAttribute('src');
      URL.revokeObjectURL(url);
    };
  }, [bytes, mimeType]);
  return <img ref={imgRef} alt={alt} decoding="async" {...rest} />;
}
