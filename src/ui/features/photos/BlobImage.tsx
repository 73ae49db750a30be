import { useEffect, useRef, type ImgHTMLAttributes } from 'react';

interface BlobImageProps extends Omit<ImgHTMLAttributes<HTMLImageElement>, 'src'> {
  bytes: Uint8Array;
  mimeType: string;
  alt: string;
}

/**
 * An <img> of bytes held in memory, through an object URL that lives exactly as long as the
 * element shows these bytes (revoked on change and on unmount). The browser decodes it off the
 * main thread.
 */
export function BlobImage({ bytes, mimeType, alt, ...rest }: BlobImageProps) {
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
