import { describe, expect, it } from 'vitest';
import { dataUrlOf, toBase64 } from '../../src/ui/features/photos/image-url';

const bytesOf = (length: number) => Uint8Array.from({ length }, (_, i) => (i * 7919) % 256);

describe('data: URLs of images held in memory', () => {
  it('encodes bytes as base64, with and without the native Uint8Array.toBase64', () => {
    // Longer than one chunk of the fallback, and not a multiple of 3 (padding).
    const bytes = bytesOf(100_001);
    const expected = Buffer.from(bytes).toString('base64');
    expect(toBase64(bytes)).toBe(expected);
    const withoutNative = Object.assign(bytesOf(100_001), { toBase64: undefined });
    expect(toBase64(withoutNative)).toBe(expected);
  });

  it('makes one URL per bytes, with the type', () => {
    const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]);
    const url = dataUrlOf(jpeg, 'image/jpeg');
    expect(url).toBe('data:image/jpeg;base64,/9j/4A==');
    expect(dataUrlOf(jpeg, 'image/jpeg')).toBe(url);
  });
});
