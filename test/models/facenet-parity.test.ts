// The converted 128-d model (scripts/models/convert-facenet.mjs) must compute what the original
// face-api network computes on TensorFlow.js: cosine of the two outputs >= 0.999 on real faces.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { beforeAll, describe, expect, test } from 'vitest';
import { cosineSimilarity } from '../../src/domain/embedding/vectors';

const require = createRequire(import.meta.url);
const fixtures = join(import.meta.dirname, '..', 'fixtures', 'faces');
const faceApiModelDir = join(require.resolve('@vladmandic/face-api/package.json'), '..', 'model');
const onnxFile = join(import.meta.dirname, '..', '..', 'public', 'models', 'facenet-dlib128.onnx');

interface TfLike {
  setBackend(name: string): Promise<boolean>;
  tensor3d(data: Float32Array, shape: [number, number, number]): { dispose(): void };
}
interface FaceApiLike {
  nets: {
    faceRecognitionNet: {
      loadFromDisk(dir: string): Promise<void>;
      computeFaceDescriptor(input: unknown): Promise<Float32Array>;
    };
  };
}

/** A 150x150 RGB face crop, as HWC floats 0..255. */
async function faceCrop(file: string): Promise<Float32Array> {
  const { data } = await sharp(join(fixtures, file))
    .extract({ left: 60, top: 60, width: 130, height: 130 })
    .resize(150, 150)
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return Float32Array.from(data);
}

function hwcToChw(hwc: Float32Array): Float32Array {
  const chw = new Float32Array(hwc.length);
  const pixels = hwc.length / 3;
  for (let i = 0; i < pixels; i++)
    for (let c = 0; c < 3; c++) chw[c * pixels + i] = hwc[i * 3 + c] as number;
  return chw;
}

describe('facenet ONNX conversion', () => {
  let tf: TfLike;
  let faceapi: FaceApiLike;
  let session: ort.InferenceSession;

  beforeAll(async () => {
    tf = require('@tensorflow/tfjs') as TfLike;
    faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApiLike;
    await tf.setBackend('cpu');
    await faceapi.nets.faceRecognitionNet.loadFromDisk(faceApiModelDir);
    session = await ort.InferenceSession.create(onnxFile, { logSeverityLevel: 3 });
  });

  test.each(['George_W_Bush_0001.jpg', 'Tony_Blair_0001.jpg'])(
    'matches face-api on tfjs for %s',
    async (file) => {
      const hwc = await faceCrop(file);
      const input = tf.tensor3d(hwc, [150, 150, 3]);
      const original = await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(input);
      input.dispose();
      const feeds = { input: new ort.Tensor('float32', hwcToChw(hwc), [1, 3, 150, 150]) };
      const converted = (await session.run(feeds)).descriptor?.data as Float32Array;
      expect(converted).toHaveLength(128);
      expect(cosineSimilarity(original, converted)).toBeGreaterThanOrEqual(0.999);
    },
  );
});
