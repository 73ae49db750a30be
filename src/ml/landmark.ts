// 68 facial landmarks (iBUG order) for a detected face, with faceplugin's 64x64 grey landmark
// net: the input is the square of side = box height centred on the detection box.
import type { Box, Point } from '../domain/face/geometry';
import { greyPlane, resizeRegion, type RgbaImage } from './image';
import { LANDMARKER } from './registry';
import { requireOutput, type TensorRunner } from './runtime';

/** The square the landmark net looks at (may reach outside the photo: border replicated). */
export function landmarkSquare(box: Box): Box {
  const side = box.height;
  return {
    x: box.x + box.width / 2 - side / 2,
    y: box.y + box.height / 2 - side / 2,
    width: side,
    height: side,
  };
}

/** 68 landmarks of the face in `box`, in photo pixels. */
export async function detectLandmarks(
  image: RgbaImage,
  box: Box,
  landmarker: TensorRunner,
): Promise<Point[]> {
  const size = LANDMARKER.inputSize;
  const square = landmarkSquare(box);
  const crop = resizeRegion(image, square, size, size);
  const outputs = await landmarker.run({
    [LANDMARKER.inputName]: {
      data: greyPlane(crop, LANDMARKER.normalisation),
      dims: [1, 1, size, size],
    },
  });
  const out = requireOutput(outputs, LANDMARKER.outputName, LANDMARKER.file).data;
  if (out.length !== LANDMARKER.points * 2) {
    throw new Error(`landmark model returned ${out.length} values, expected 136`);
  }
  const points: Point[] = [];
  for (let i = 0; i < LANDMARKER.points; i++) {
    points.push([
      square.x + (out[2 * i] as number) * square.width,
      square.y + (out[2 * i + 1] as number) * square.height,
    ]);
  }
  return points;
}
