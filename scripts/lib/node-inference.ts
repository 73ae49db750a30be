// The inference service in Node: the same createPhotoInference the browser's inference worker
// runs, with sharp decoding photos and onnxruntime-node running the models. Used by the
// integration tests and the eval command.
import sharp from 'sharp';
import type { InferenceApi } from '../../src/contracts/inference';
import type { RgbaImage } from '../../src/domain/face/align';
import { createPhotoInference, type ImageCodec } from '../../src/ml/photo-inference';
import { decodeImage } from './decode-node';
import { createNodeModelLoader, type NodeLoaderOptions } from './node-models';

export const nodeImageCodec: ImageCodec = {
  decode: (bytes) => decodeImage(bytes),
  async encodeJpeg(image: RgbaImage, quality: number) {
    const raw = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
    const jpeg = await sharp(raw, {
      raw: { width: image.width, height: image.height, channels: 4 },
    })
      .jpeg({ quality: Math.round(quality * 100) })
      .toBuffer();
    return new Uint8Array(jpeg);
  },
};

export function createNodeInference(options: NodeLoaderOptions = {}): InferenceApi {
  return createPhotoInference(createNodeModelLoader(options), nodeImageCodec, () =>
    Promise.resolve({
      provider: 'wasm',
      threads: options.intraOpNumThreads ?? 2,
      isCrossOriginIsolated: false,
      note: 'onnxruntime-node (Node.js)',
    }),
  );
}
