// Deterministic model transforms run at install time. Each takes the source files' bytes and
// returns the bytes of the file to serve; the result's SHA-256 is pinned in model-files.json.
import onnxProto from 'onnx-proto';
import { convertFaceRecognitionNet } from './convert-facenet.mjs';

const { onnx } = onnxProto;

/**
 * fr_feature.onnx has its batch dimension fixed at 1. Making the input/output dimension 0
 * symbolic is not enough: an internal Reshape is hard-coded to [1, -1] and a batch of N then
 * silently returns a wrong [1, N*512] tensor. Patching that shape to [0, -1] ("copy dim 0")
 * gives a correct [N, 512] output, identical to one face at a time (test/integration/models).
 */
export function symbolicBatch([source]) {
  const model = onnx.ModelProto.decode(source);
  const graph = model.graph;
  for (const info of [...graph.input, ...graph.output]) {
    const dim = info.type.tensorType.shape.dim[0];
    delete dim.dimValue;
    dim.dimParam = 'N';
  }
  let patched = 0;
  for (const node of graph.node.filter((n) => n.opType === 'Reshape')) {
    const shape = graph.initializer.find((t) => t.name === node.input[1]);
    if (!shape?.rawData?.length) continue;
    // Copy: rawData is a view into the whole file's buffer.
    const values = Array.from(new BigInt64Array(Uint8Array.from(shape.rawData).buffer));
    if (values[0] !== 1n) continue;
    values[0] = 0n;
    shape.rawData = new Uint8Array(new BigInt64Array(values).buffer);
    patched++;
  }
  if (patched !== 1) throw new Error(`expected to patch exactly one Reshape, patched ${patched}`);
  // Stale intermediate shapes could pin the batch to 1 again.
  graph.valueInfo = [];
  return onnx.ModelProto.encode(model).finish();
}

/** face-api's weights manifest + its one shard -> the ONNX model (see convert-facenet.mjs). */
export function faceRecognitionToOnnx([manifest, shard]) {
  return convertFaceRecognitionNet(manifest, { 'face_recognition_model.bin': shard });
}

export const transforms = {
  'symbolic-batch': symbolicBatch,
  'tfjs-face-recognition-to-onnx': faceRecognitionToOnnx,
};
