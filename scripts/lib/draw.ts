// Box outlines on RGBA pixels, for looking at detections while tuning (bench scripts only).
import type { Box } from '../../src/domain/face/geometry';
import type { RgbaImage } from '../../src/ml/image';

export function drawBox(
  image: RgbaImage,
  box: Box,
  rgb: readonly [number, number, number],
  thickness = 3,
): void {
  const { width, height, data } = image;
  const x0 = Math.round(box.x);
  const y0 = Math.round(box.y);
  const x1 = Math.round(box.x + box.width);
  const y1 = Math.round(box.y + box.height);
  const paint = (x: number, y: number) => {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    const o = (y * width + x) * 4;
    data[o] = rgb[0];
    data[o + 1] = rgb[1];
    data[o + 2] = rgb[2];
  };
  for (let t = 0; t < thickness; t++) {
    for (let x = x0; x <= x1; x++) {
      paint(x, y0 + t);
      paint(x, y1 - t);
    }
    for (let y = y0; y <= y1; y++) {
      paint(x0 + t, y);
      paint(x1 - t, y);
    }
  }
}
