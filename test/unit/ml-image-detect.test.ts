import { describe, expect, test } from 'vitest';
import {
  DEFAULT_DETECTION_OPTIONS,
  guidedRegions,
  mergeDetections,
  pyramidLevels,
  pyramidScales,
  selectFaces,
  tileStarts,
  type Detection,
} from '../../src/ml/detect';
import { greyPlane, halveImage, resizeRegion, scaleImage, writePlanar } from '../../src/ml/image';
import type { RgbaImage } from '../../src/domain/face/align';

function image(width: number, height: number, pixel: (x: number, y: number) => number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      data[o] = pixel(x, y);
      data[o + 1] = 255 - pixel(x, y);
      data[o + 2] = 7;
      data[o + 3] = 255;
    }
  }
  return { width, height, data };
}

describe('resizeRegion', () => {
  const ramp = image(8, 6, (x, y) => x * 20 + y);

  test('copies pixels exactly at scale 1 on whole pixels', () => {
    const out = resizeRegion(ramp, { x: 2, y: 1, width: 4, height: 3 }, 4, 3);
    for (let y = 0; y < 3; y++) {
      for (let x = 0; x < 4; x++) expect(out.data[(y * 4 + x) * 4]).toBe((x + 2) * 20 + y + 1);
    }
  });

  test('averages the covered pixels when shrinking (no aliasing)', () => {
    const checker = image(4, 4, (x, y) => ((x + y) % 2 ? 200 : 0));
    const out = scaleImage(checker, 0.5);
    expect([out.width, out.height]).toEqual([2, 2]);
    for (let i = 0; i < 4; i++) expect(out.data[i * 4]).toBe(100);
  });

  test('replicates the border outside the photo', () => {
    const out = resizeRegion(ramp, { x: -4, y: 0, width: 4, height: 1 }, 4, 1);
    for (let x = 0; x < 4; x++) expect(out.data[x * 4]).toBe(0);
  });
});

describe('tensors', () => {
  test('writePlanar normalises into planes in the requested colour order', () => {
    const img = image(2, 1, (x) => (x ? 255 : 127));
    const out = new Float32Array(1 + 6);
    writePlanar(img, 'BGR', { mean: 127, std: 128 }, out, 1);
    // Pixels (R, G, B): (127, 128, 7) and (255, 0, 7); planes B, G, R after one leading slot.
    const n = (v: number) => (v - 127) / 128;
    expect(Array.from(out)).toEqual([0, n(7), n(7), n(128), n(0), n(127), n(255)]);
    expect(Array.from(greyPlane(img, { mean: 0, std: 1 }))).toHaveLength(2);
  });
});

describe('tiling and pyramid', () => {
  test('tiles cover the whole length with at least the requested overlap', () => {
    for (const length of [320, 321, 500, 1000, 3200]) {
      const starts = tileStarts(length, 320, 96);
      expect(starts[0]).toBe(0);
      expect((starts.at(-1) as number) + 320).toBe(Math.max(320, length));
      for (let i = 1; i < starts.length; i++) {
        expect((starts[i - 1] as number) + 320 - (starts[i] as number)).toBeGreaterThanOrEqual(96);
      }
    }
    expect(tileStarts(200, 320, 96)).toEqual([0]);
  });

  test('the pyramid starts at full resolution and ends with the photo in one tile', () => {
    const scales = pyramidScales(3200, 2100, DEFAULT_DETECTION_OPTIONS);
    expect(scales[0]).toBe(1);
    expect(scales.at(-1)).toBeCloseTo(0.1, 6);
    expect(pyramidScales(250, 250, DEFAULT_DETECTION_OPTIONS)).toEqual([1]);
  });
});

describe('pyramid levels', () => {
  test('halving is the same as area resampling to half size', () => {
    const photo = image(64, 48, (x, y) => (x * 37 + y * 91 + ((x * y) % 13)) % 256);
    const half = halveImage(photo);
    const resampled = resizeRegion(photo, { x: 0, y: 0, width: 64, height: 48 }, 32, 24);
    expect(half.width).toBe(32);
    expect(Array.from(half.data)).toEqual(Array.from(resampled.data));
    expect(() => halveImage(image(5, 4, () => 0))).toThrow(RangeError);
  });

  test('levels have the sizes of their scales and stay close to resampling the photo', () => {
    const photo = image(400, 262, (x, y) => Math.round(((x + 2 * y) * 255) / 924));
    const scales = [1, 0.5, 0.25, 0.125, 0.1];
    const levels = pyramidLevels(photo, scales);
    expect(levels[0]).toBe(photo);
    scales.forEach((scale, i) => {
      const direct = scaleImage(photo, scale);
      const level = levels[i] as RgbaImage;
      expect([level.width, level.height]).toEqual([direct.width, direct.height]);
      let worst = 0;
      for (let p = 0; p < level.data.length; p++) {
        worst = Math.max(worst, Math.abs((level.data[p] as number) - (direct.data[p] as number)));
      }
      expect(worst).toBeLessThanOrEqual(2);
    });
  });
});

describe('guided regions', () => {
  test('pad each guide, merge the overlapping ones and stay inside the level', () => {
    const regions = guidedRegions(
      [
        { x: 100, y: 100, width: 10, height: 10 },
        { x: 150, y: 110, width: 12, height: 12 },
        { x: 900, y: 500, width: 10, height: 10 },
      ],
      1000,
      560,
      96,
    );
    expect(regions).toEqual([
      { x: 4, y: 4, width: 254, height: 214 },
      { x: 804, y: 404, width: 196, height: 156 },
    ]);
    expect(guidedRegions([], 1000, 560, 96)).toEqual([]);
  });
});

describe('merging detections', () => {
  const box = (x: number, y: number, size: number, score: number, scale = 1): Detection => ({
    x,
    y,
    width: size,
    height: size,
    score,
    scale,
  });

  test('keeps the best of overlapping boxes and drops parts inside a face box', () => {
    const kept = mergeDetections(
      [box(0, 0, 100, 0.8), box(5, 5, 100, 0.95), box(30, 30, 20, 0.9), box(300, 0, 50, 0.7)],
      DEFAULT_DETECTION_OPTIONS,
    );
    expect(kept.map((b) => b.score)).toEqual([0.95, 0.7]);
  });

  test('drops a box no other pyramid level that could see it confirms', () => {
    const options = { ...DEFAULT_DETECTION_OPTIONS, minFacePx: 0 };
    const face = [box(100, 100, 80, 0.99, 1), box(102, 98, 78, 0.9, 0.5)];
    const handAtOneScale = [box(400, 100, 80, 0.95, 1), box(0, 0, 10, 0.3, 0.5)];
    const kept = selectFaces([...face, ...handAtOneScale], options);
    expect(kept.map((b) => b.x)).toEqual([100]);
    const withoutCheck = selectFaces([...face, ...handAtOneScale], {
      ...options,
      crossScaleCheck: false,
    });
    expect(withoutCheck).toHaveLength(2);
  });

  test('only a level that looked at a face can fail to confirm it', () => {
    const options = { ...DEFAULT_DETECTION_OPTIONS, minFacePx: 0 };
    const alone = [box(400, 100, 80, 0.95, 1), box(0, 0, 10, 0.3, 0.5)];
    const runs = [
      { scale: 1, regions: [{ x: 0, y: 0, width: 1000, height: 1000 }] },
      // The coarser level ran only far from the box: it cannot vouch either way.
      { scale: 0.5, regions: [{ x: 0, y: 0, width: 100, height: 100 }] },
    ];
    expect(selectFaces(alone, options, runs).map((b) => b.x)).toEqual([400]);
    runs[1] = { scale: 0.5, regions: [{ x: 0, y: 0, width: 1000, height: 1000 }] };
    expect(selectFaces(alone, options, runs)).toEqual([]);
  });
});
