// Model files are checked against their pinned SHA-256 before a runtime sees them, in the
// browser and in Node alike (Web Crypto is in both), so a tampered or stale file is refused.
import { MlError } from './errors';
import { expectedSha256 } from './registry';

export async function sha256Hex(bytes: Uint8Array | ArrayBuffer): Promise<string> {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const digest = await crypto.subtle.digest('SHA-256', view as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Throws a 'model-integrity' MlError unless `bytes` are the pinned file `file`. */
export async function verifyModelBytes(
  file: string,
  bytes: Uint8Array | ArrayBuffer,
): Promise<void> {
  const expected = expectedSha256(file);
  if (!expected) {
    throw new MlError('model-integrity', `The face model ${file} has no pinned checksum.`);
  }
  const actual = await sha256Hex(bytes);
  if (actual !== expected) {
    throw new MlError(
      'model-integrity',
      `The face model ${file} is damaged or was changed (SHA-256 ${actual}, expected ${expected}).`,
    );
  }
}
