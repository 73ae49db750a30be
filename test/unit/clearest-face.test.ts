// The rule that picks the face standing for a student on the class page.
import { describe, expect, test } from 'vitest';
import { clearestFace, type PortraitCandidate } from '../../src/domain/face/clearest-face';

const face = (cropId: string, over: Partial<PortraitCandidate> = {}): PortraitCandidate => ({
  cropId,
  confirmed: false,
  lowQuality: false,
  sizePx: 100,
  detectionScore: 0.9,
  ...over,
});

describe('clearestFace', () => {
  test('no faces, or only low-quality ones: none', () => {
    expect(clearestFace([])).toBeNull();
    expect(clearestFace([face('a', { lowQuality: true, sizePx: 500 })])).toBeNull();
  });

  test('the larger and surer face wins; a low-quality face never does, however large', () => {
    const small = face('a', { sizePx: 60 });
    const large = face('b', { sizePx: 120 });
    const unsure = face('c', { sizePx: 130, detectionScore: 0.5 });
    const cut = face('d', { sizePx: 400, lowQuality: true });
    expect(clearestFace([small, unsure, cut, large])?.cropId).toBe('b');
  });

  test('a face the teacher confirmed beats a clearer automatic one', () => {
    const auto = face('a', { sizePx: 300 });
    const confirmed = face('b', { sizePx: 80, confirmed: true });
    expect(clearestFace([auto, confirmed])?.cropId).toBe('b');
  });

  test('ties go to the lower id, whatever the order', () => {
    expect(clearestFace([face('b'), face('a')])?.cropId).toBe('a');
    expect(clearestFace([face('a'), face('b')])?.cropId).toBe('a');
  });
});
