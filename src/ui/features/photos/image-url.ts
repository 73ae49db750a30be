// data: URLs for small images held in memory (face close-ups), made without touching the
// browser process, unlike object URLs (see BlobImage).

/** Images up to this size are shown through a data: URL (close-ups are 1-5 kB). */
export const SMALL_IMAGE_BYTES = 64 * 1024;

/** One URL per bytes: the thumbnail caches keep each face's bytes, so this is made once a face. */
const urls = new WeakMap<Uint8Array, string>();

export function dataUrlOf(bytes: Uint8Array, mimeType: string): string {
  let url = urls.get(bytes);
  if (url === undefined) {
    url = `data:${mimeType};base64,${toBase64(bytes)}`;
    urls.set(bytes, url);
  }
  return url;
}

type WithNativeBase64 = Uint8Array & { toBase64?: () => string };

export function toBase64(bytes: Uint8Array): string {
  const native = (bytes as WithNativeBase64).toBase64;
  if (typeof native === 'function') return native.call(bytes);
  // Browsers without Uint8Array.prototype.toBase64: btoa over a binary string, built in chunks
  // (String.fromCharCode takes its arguments on the stack).
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}
