// Per-face quality: how much a face can be trusted to start a cluster or to stand as evidence.
import type { Point } from './geometry';
import type { RgbaImage } from './align';

export interface FaceQuality {
  /** Face size in photo pixels: the distance between the eye centres. */
  interEyePx: number;
  /** Box side in photo pixels (the shorter of width and height). */
  sizePx: number;
  /** Variance of the Laplacian of the aligned grey crop: low means blurred. */
  sharpness: number;
  /** Head turn estimated from landmarks, degrees; 0 is frontal. */
  yawDeg: number;
  /** Head nod estimated from landmarks, degrees; 0 is level. */
  pitchDeg: number;
  /** In-plane tilt of the eye line, degrees. */
  rollDeg: number;
  detectionScore: number;
}

/** Variance of the 4-neighbour Laplacian over the grey levels of an RGBA image. */
export function laplacianVariance(image: RgbaImage): number {
  const { width, height, data } = image;
  if (width < 3 || height < 3) return 0;
  const grey = new Float32Array(width * height);
  for (let i = 0; i < width * height; i++) {
    grey[i] =
      0.299 * (data[i * 4] as number) +
      0.587 * (data[i * 4 + 1] as number) +
      0.114 * (data[i * 4 + 2] as number);
  }
  let sum = 0;
  let sumSq = 0;
  let n = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const v =
        (grey[i - 1] as number) +
        (grey[i + 1] as number) +
        (grey[i - width] as number) +
        (grey[i + width] as number) -
        4 * (grey[i] as number);
      sum += v;
      sumSq += v * v;
      n++;
    }
  }
  const mean = sum / n;
  return sumSq / n - mean * mean;
}

/**
 * Rough head pose from the five alignment points (eyes, nose tip, mouth corners). Yaw: how far
 * the nose sits from the midline between the eyes, relative to the eye distance; pitch: where
 * the nose sits between the eye line and the mouth line; roll: the eye line's angle.
 * Coarse, but enough to tell a frontal face from a profile.
 */
export function poseFromFivePoints(five: readonly Point[]): {
  yawDeg: number;
  pitchDeg: number;
  rollDeg: number;
} {
  const [le, re, nose, lm, rm] = five as [Point, Point, Point, Point, Point];
  const eyeDx = re[0] - le[0];
  const eyeDy = re[1] - le[1];
  const eyeDist = Math.hypot(eyeDx, eyeDy) || 1;
  const rollDeg = (Math.atan2(eyeDy, eyeDx) * 180) / Math.PI;
  // Work in a frame rotated so the eye line is horizontal.
  const cos = eyeDx / eyeDist;
  const sin = eyeDy / eyeDist;
  const toLocal = (p: Point): Point => {
    const x = p[0] - le[0];
    const y = p[1] - le[1];
    return [x * cos + y * sin, -x * sin + y * cos];
  };
  const n = toLocal(nose);
  const mouth = toLocal([(lm[0] + rm[0]) / 2, (lm[1] + rm[1]) / 2]);
  // Nose offset from the eye midpoint, in half eye-distances: +-1 is a profile.
  const yawRatio = Math.max(-1, Math.min(1, (n[0] - eyeDist / 2) / (eyeDist / 2)));
  const yawDeg = (Math.asin(yawRatio) * 180) / Math.PI;
  // On a level frontal face the nose tip sits about 55% of the way from the eye line to the mouth.
  const mouthDepth = mouth[1] || 1;
  const pitchRatio = Math.max(-1, Math.min(1, (n[1] / mouthDepth - 0.55) / 0.45));
  const pitchDeg = (Math.asin(pitchRatio) * 180) / Math.PI;
  return { yawDeg, pitchDeg, rollDeg };
}

/** Thresholds under which a face is too poor to start a cluster (it may still join one). */
export const CLUSTER_START_QUALITY = {
  minInterEyePx: 12,
  minSharpness: 15,
  maxAbsYawDeg: 45,
  maxAbsPitchDeg: 40,
  minDetectionScore: 0.6,
} as const;

export function canStartCluster(q: FaceQuality): boolean {
  return (
    q.interEyePx >= CLUSTER_START_QUALITY.minInterEyePx &&
    q.sharpness >= CLUSTER_START_QUALITY.minSharpness &&
    Math.abs(q.yawDeg) <= CLUSTER_START_QUALITY.maxAbsYawDeg &&
    Math.abs(q.pitchDeg) <= CLUSTER_START_QUALITY.maxAbsPitchDeg &&
    q.detectionScore >= CLUSTER_START_QUALITY.minDetectionScore
  );
}
