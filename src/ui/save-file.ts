/**
 * Hands a file to the browser's download through a temporary blob: URL (allowed by the app's
 * CSP, see src/sw/security-headers.ts; nothing leaves the device).
 */
export function saveFile(file: Blob, fileName: string): void {
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download holds its own reference to the data once started; a large backup may take a
  // while to start, so the URL is kept for a minute.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
