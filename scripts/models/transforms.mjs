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

/** The decode subgraph of fr_detect.onnx after the raw outputs: ops and how many of each. */
const ULFD_DECODE_OPS = {
  Add: 2,
  Concat: 2,
  Constant: 5,
  Div: 2,
  Exp: 1,
  Mul: 4,
  Slice: 6,
  Sub: 1,
};

/** Float values of a Constant node's tensor (rawData is a view into the file: copy it). */
function constantValues(node) {
  const tensor = node.attribute.find((a) => a.name === 'value')?.t;
  if (!tensor?.rawData?.length) return { dims: [], values: [] };
  return {
    dims: tensor.dims.map(Number),
    values: Array.from(new Float32Array(Uint8Array.from(tensor.rawData).buffer)),
  };
}

/**
 * fr_detect.onnx (ULFD RFB-320) has a fixed 1x3x240x320 input, and its last 21 nodes decode the
 * raw box regressions against 4,420 priors baked in as constants for that size. The network
 * before them is fully convolutional, so cutting the decode off and making height and width
 * symbolic lets it run on a whole pyramid level or a large tile in one call; the priors are then
 * generated for any size in TypeScript (src/ml/detect-priors.ts, checked against these very
 * constants by test/models/detector-any-size.test.ts). Outputs: `scores` [1, A, 2]
 * (softmax kept) and `locations` [1, A, 4] (raw regressions, centre-size variances 0.1 / 0.2).
 * Checked: the removed subgraph must be exactly the expected decode (ops, variances, prior shape).
 */
export function detectorAnySize([source]) {
  const model = onnx.ModelProto.decode(source);
  const graph = model.graph;
  const softmax = graph.node.filter((n) => n.opType === 'Softmax');
  if (softmax.length !== 1 || softmax[0].output[0] !== 'scores') {
    throw new Error('expected one Softmax producing "scores"');
  }
  const boxesNode = graph.node.find((n) => n.output[0] === 'boxes');
  if (!boxesNode) throw new Error('expected a node producing "boxes"');
  // The raw regressions: the Concat feeding the first decode Slice.
  const decodeSlices = graph.node.filter((n) => n.opType === 'Slice');
  const rawName = decodeSlices[0]?.input[0];
  const rawNode = graph.node.find((n) => n.output[0] === rawName);
  if (rawNode?.opType !== 'Concat') throw new Error('expected raw regressions from a Concat');

  // Keep every node the two kept outputs need; everything else is the decode.
  const producer = new Map(graph.node.flatMap((n) => n.output.map((o) => [o, n])));
  const keep = new Set();
  const stack = ['scores', rawName];
  while (stack.length) {
    const node = producer.get(stack.pop());
    if (!node || keep.has(node)) continue;
    keep.add(node);
    stack.push(...node.input);
  }
  const removed = graph.node.filter((n) => !keep.has(n));
  const counts = {};
  for (const n of [...removed].sort((a, b) => a.opType.localeCompare(b.opType))) {
    counts[n.opType] = (counts[n.opType] ?? 0) + 1;
  }
  if (JSON.stringify(counts) !== JSON.stringify(ULFD_DECODE_OPS)) {
    throw new Error(`unexpected decode subgraph: ${JSON.stringify(counts)}`);
  }
  const constants = removed.filter((n) => n.opType === 'Constant').map(constantValues);
  const scalars = constants.filter((c) => c.dims.length === 0).map((c) => c.values[0]);
  const priorTables = constants.filter((c) => c.dims.join('x') === '1x4420x2');
  if (
    scalars.length !== 2 ||
    Math.abs(scalars[0] - 0.1) > 1e-6 ||
    Math.abs(scalars[1] - 0.2) > 1e-6 ||
    priorTables.length !== 3
  ) {
    throw new Error('the decode does not use centre variance 0.1, size variance 0.2 and priors');
  }

  graph.node = graph.node.filter((n) => keep.has(n));
  for (const out of rawNode.output) if (out === rawName) rawNode.output[0] = 'locations';
  const used = new Set(graph.node.flatMap((n) => n.input));
  graph.initializer = graph.initializer.filter((t) => used.has(t.name));
  const [input] = graph.input;
  const dims = input.type.tensorType.shape.dim;
  delete dims[2].dimValue;
  dims[2].dimParam = 'height';
  delete dims[3].dimValue;
  dims[3].dimParam = 'width';
  const boxesInfo = graph.output.find((o) => o.name === 'boxes');
  boxesInfo.name = 'locations';
  for (const info of graph.output) {
    const anchors = info.type.tensorType.shape.dim[1];
    delete anchors.dimValue;
    anchors.dimParam = 'anchors';
  }
  graph.valueInfo = [];
  return onnx.ModelProto.encode(model).finish();
}

/** face-api's weights manifest + its one shard -> the ONNX model (see convert-facenet.mjs). */
export function faceRecognitionToOnnx([manifest, shard]) {
  return convertFaceRecognitionNet(manifest, { 'face_recognition_model.bin': shard });
}

export const transforms = {
  'symbolic-batch': symbolicBatch,
  'detector-any-size': detectorAnySize,
  'tfjs-face-recognition-to-onnx': faceRecognitionToOnnx,
};
