// The installed any-size detector (scripts/models/transforms.mjs, `detector-any-size`) against
// the original fr_detect.onnx from the npm package: the priors generated in TypeScript equal the
// constants the original graph carried, the decoded boxes equal the original graph's own boxes
// on a real photo, the edit refuses a graph whose decode is not the expected one, and the model
// runs at other sizes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import onnxProto from 'onnx-proto';
import { beforeAll, describe, expect, test } from 'vitest';
import { decodeBoxes, generatePriors } from '../../src/ml/detect-priors';
import { resizeRegion } from '../../src/ml/image';
import { DETECTOR, LANDMARKER } from '../../src/ml/registry';
import { decodeImageFile } from '../../scripts/lib/decode-node';
import { createNodeModelLoader, MODELS_DIR } from '../../scripts/lib/node-models';
import { detectorAnySize } from '../../scripts/models/transforms.mjs';
import type { TensorRunner } from '../../src/ml/runtime';

const require = createRequire(import.meta.url);
const ORIGINAL = join(
  dirname(require.resolve('faceplugin-face-recognition-js/package.json')),
  'model',
  'fr_detect.onnx',
);
const GROUP_PHOTO = join(import.meta.dirname, '..', 'fixtures', 'photos', 'bbt4.jpg');

/** The float constant produced by the original graph's node `name`. */
function originalConstant(name: string): Float32Array {
  const model = onnxProto.onnx.ModelProto.decode(readFileSync(ORIGINAL));
  const node = (model.graph?.node ?? []).find(
    (n) => n.opType === 'Constant' && n.output?.[0] === name,
  );
  const raw = node?.attribute?.[0]?.t?.rawData;
  if (!raw) throw new Error(`no constant ${name}`);
  return new Float32Array(Uint8Array.from(raw).buffer);
}

let anySize: TensorRunner;
let original: ort.InferenceSession;

beforeAll(async () => {
  anySize = await createNodeModelLoader().load(DETECTOR.file);
  original = await ort.InferenceSession.create(ORIGINAL);
});

describe('the any-size detector', () => {
  test('priors generated for 320x240 equal the original graph constants', () => {
    const priors = generatePriors(320, 240);
    expect(priors.length / 4).toBe(4420);
    // In the original: centre (node 469) and size (nodes 467, 475), normalised to the input.
    const centres = originalConstant('469');
    const sizes = originalConstant('467');
    let worst = 0;
    for (let a = 0; a < 4420; a++) {
      worst = Math.max(
        worst,
        Math.abs((priors[a * 4] as number) / 320 - (centres[a * 2] as number)),
        Math.abs((priors[a * 4 + 1] as number) / 240 - (centres[a * 2 + 1] as number)),
        Math.abs((priors[a * 4 + 2] as number) / 320 - (sizes[a * 2] as number)),
        Math.abs((priors[a * 4 + 3] as number) / 240 - (sizes[a * 2 + 1] as number)),
      );
    }
    expect(worst).toBeLessThan(1e-6);
  });

  test('on a real photo, scores and decoded boxes equal the original graph output', async () => {
    const photo = await decodeImageFile(GROUP_PHOTO);
    const tile = resizeRegion(
      photo,
      { x: 0, y: 0, width: photo.width, height: photo.height },
      320,
      240,
    );
    const input = new Float32Array(3 * 320 * 240);
    for (let i = 0; i < 320 * 240; i++) {
      for (let c = 0; c < 3; c++)
        input[c * 320 * 240 + i] = ((tile.data[i * 4 + c] as number) - 127) / 128;
    }
    const theirs = await original.run({
      input: new ort.Tensor('float32', input, [1, 3, 240, 320]),
    });
    const ours = await anySize.run({ input: { data: input, dims: [1, 3, 240, 320] } });
    const scores = ours.scores?.data as Float32Array;
    const theirScores = theirs.scores?.data as Float32Array;
    expect(scores.length).toBe(theirScores.length);
    let worst = 0;
    for (let i = 0; i < scores.length; i++) {
      worst = Math.max(worst, Math.abs((scores[i] as number) - (theirScores[i] as number)));
    }
    expect(worst).toBeLessThan(1e-5);
    const boxes = decodeBoxes(scores, ours.locations?.data as Float32Array, 320, 240, 0.5);
    const reference = theirs.boxes?.data as Float32Array;
    const faces: number[] = [];
    for (let a = 0; a < 4420; a++) if ((scores[a * 2 + 1] as number) >= 0.5) faces.push(a);
    expect(boxes.length).toBe(faces.length);
    expect(boxes.length).toBeGreaterThan(3); // bbt4 shows six people
    boxes.forEach((box, i) => {
      const a = faces[i] as number;
      expect(box.x1 / 320).toBeCloseTo(reference[a * 4] as number, 5);
      expect(box.y1 / 240).toBeCloseTo(reference[a * 4 + 1] as number, 5);
      expect(box.x2 / 320).toBeCloseTo(reference[a * 4 + 2] as number, 5);
      expect(box.y2 / 240).toBeCloseTo(reference[a * 4 + 3] as number, 5);
    });
  });

  test('runs on other sizes with one score and location per prior', async () => {
    for (const [width, height] of [
      [710, 473],
      [1600, 1050],
    ] as const) {
      const out = await anySize.run({
        input: { data: new Float32Array(3 * width * height), dims: [1, 3, height, width] },
      });
      expect(out.scores?.data.length).toBe((generatePriors(width, height).length / 4) * 2);
      expect(out.locations?.data.length).toBe(generatePriors(width, height).length);
    }
  });

  test('the graph edit refuses a model whose decode is not the expected one', () => {
    expect(() => detectorAnySize([readFileSync(join(MODELS_DIR, LANDMARKER.file))])).toThrow();
    expect(() => detectorAnySize([readFileSync(ORIGINAL)])).not.toThrow();
  });
});
