// Converts @vladmandic/face-api's faceRecognitionNet (a port of dlib's ResNet-34-like
// dlib_face_recognition_resnet_model_v1, 128-d) from TensorFlow.js weights to ONNX, in plain
// Node with onnx-proto: no Python, no tfjs. Deterministic: the same weights give the same bytes
// (pinned in model-files.json). Parity with the original on tfjs is checked by
// test/models/facenet-parity.test.ts (cosine >= 0.999).
//
// ONNX model: input  "input"      float32 [N, 3, 150, 150], RGB 0..255 (NCHW), an aligned crop
//             output "descriptor" float32 [N, 128], not normalised
// Graph: (x - meanRgb) / 255 -> conv7x7/2 -> maxpool3/2 -> 3 x res32 -> res64 down + 3 ->
// res128 down + 2 -> res256 down + 2 -> res256 down -> global mean -> fc.
// The weights keep face-api's uint8 quantisation (value = q * scale + min) and are dequantised
// inside the graph (Cast, Mul, Add), which onnxruntime folds at load: 6.5 MB instead of 22 MB.
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;

/** Reads a tfjs weights manifest and its shards into { name: { shape, data, quantized? } }. */
function readWeights(manifest, shards) {
  const weights = {};
  for (const group of manifest) {
    const buffer = Buffer.concat(group.paths.map((p) => shards[p]));
    let offset = 0;
    for (const spec of group.weights) {
      const size = spec.shape.reduce((a, b) => a * b, 1);
      const q = spec.quantization;
      if (q) {
        if (q.dtype !== 'uint8') throw new Error(`unsupported quantization ${q.dtype}`);
        const bytes = Uint8Array.from(buffer.subarray(offset, offset + size));
        const data = Float32Array.from(bytes, (v) => v * q.scale + q.min);
        weights[spec.name] = {
          shape: spec.shape,
          data,
          quantized: { bytes, scale: q.scale, min: q.min },
        };
        offset += size;
      } else {
        if (spec.dtype !== 'float32') throw new Error(`unsupported dtype ${spec.dtype}`);
        const data = new Float32Array(
          Uint8Array.from(buffer.subarray(offset, offset + size * 4)).buffer,
        );
        weights[spec.name] = { shape: spec.shape, data, quantized: null };
        offset += size * 4;
      }
    }
    if (offset !== buffer.length)
      throw new Error(`manifest and shard sizes differ: ${offset} != ${buffer.length}`);
  }
  return weights;
}

/** TF HWIO [kh, kw, in, out] -> ONNX OIHW [out, in, kh, kw], for any typed array. */
function hwioToOihw([kh, kw, ci, co], data) {
  const out = new data.constructor(data.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < ci; i++)
        for (let c = 0; c < co; c++)
          out[((c * ci + i) * kh + y) * kw + x] = data[((y * kw + x) * ci + i) * co + c];
  return out;
}

class GraphBuilder {
  nodes = [];
  initializers = [];
  #uid = 0;

  name(prefix) {
    return `${prefix}_${this.#uid++}`;
  }

  float(name, dims, data) {
    this.initializers.push({
      name,
      dims,
      dataType: FLOAT,
      rawData: new Uint8Array(Float32Array.from(data).buffer),
    });
    return name;
  }

  int64(name, values) {
    const rawData = new Uint8Array(new BigInt64Array(values.map(BigInt)).buffer);
    this.initializers.push({
      name,
      dims: [values.length],
      dataType: onnx.TensorProto.DataType.INT64,
      rawData,
    });
    return name;
  }

  node(opType, inputs, attribute = [], output = undefined) {
    const name = this.name(opType);
    const out = output ?? `${name}_out`;
    this.nodes.push({ opType, name, input: inputs, output: [out], attribute });
    return out;
  }

  /** A weight as uint8 initializer -> Cast -> * scale + min (or float32 when not quantised). */
  weight(name, weight, dims, permute = (d) => d) {
    if (!weight.quantized) return this.float(name, dims, permute(weight.data));
    const { bytes, scale, min } = weight.quantized;
    this.initializers.push({
      name: `${name}_q`,
      dims,
      dataType: onnx.TensorProto.DataType.UINT8,
      rawData: permute(bytes),
    });
    const asFloat = this.node('Cast', [`${name}_q`], [ints1('to', FLOAT)]);
    const scaled = this.node('Mul', [asFloat, this.float(`${name}_scale`, [], [scale])]);
    return this.node('Add', [scaled, this.float(`${name}_min`, [], [min])]);
  }
}

const ints = (name, v) => ({ name, type: onnx.AttributeProto.AttributeType.INTS, ints: v });
const ints1 = (name, v) => ({ name, type: onnx.AttributeProto.AttributeType.INT, i: v });

export function convertFaceRecognitionNet(manifestBytes, shards) {
  const W = readWeights(JSON.parse(Buffer.from(manifestBytes).toString('utf8')), shards);
  const g = new GraphBuilder();

  // face-api's convLayer: conv + bias, then a per-channel scale layer (x * w + b), optional ReLU.
  const convLayer = (x, prefix, stride, relu, padding) => {
    const filters = W[`${prefix}/conv/filters`];
    const [kh, kw, , co] = filters.shape;
    // TF 'same' with stride 1 and an odd kernel is a symmetric pad of k/2; 'valid' is none.
    const pad =
      padding === 'same' ? [(kh - 1) / 2, (kw - 1) / 2, (kh - 1) / 2, (kw - 1) / 2] : [0, 0, 0, 0];
    const oihw = [co, filters.shape[2], kh, kw];
    let out = g.node(
      'Conv',
      [
        x,
        g.weight(`${prefix}/W`, filters, oihw, (d) => hwioToOihw(filters.shape, d)),
        g.weight(`${prefix}/B`, W[`${prefix}/conv/bias`], [co]),
      ],
      [ints('kernel_shape', [kh, kw]), ints('strides', [stride, stride]), ints('pads', pad)],
    );
    out = g.node('Mul', [
      out,
      g.weight(`${prefix}/scale_w`, W[`${prefix}/scale/weights`], [1, co, 1, 1]),
    ]);
    out = g.node('Add', [
      out,
      g.weight(`${prefix}/scale_b`, W[`${prefix}/scale/biases`], [1, co, 1, 1]),
    ]);
    return relu ? g.node('Relu', [out]) : out;
  };
  const convDown = (x, p) => convLayer(x, p, 2, true, 'valid');
  const conv = (x, p) => convLayer(x, p, 1, true, 'same');
  const convNoRelu = (x, p) => convLayer(x, p, 1, false, 'same');

  // Spatial sizes are static (150x150 input): track them to reproduce residualDown's fix-ups.
  let size = 150;
  let channels = 3;
  const residual = (x, p) => {
    const out = convNoRelu(conv(x, `${p}/conv1`), `${p}/conv2`);
    return g.node('Relu', [g.node('Add', [out, x])]);
  };
  const residualDown = (x, p) => {
    const co = W[`${p}/conv1/conv/filters`].shape[3];
    let out = convNoRelu(convDown(x, `${p}/conv1`), `${p}/conv2`);
    const convSize = Math.floor((size - 3) / 2) + 1;
    let pooled = g.node(
      'AveragePool',
      [x],
      [ints('kernel_shape', [2, 2]), ints('strides', [2, 2])],
    );
    const poolSize = Math.floor(size / 2);
    // face-api appends a zero row and column to the conv output when it is one smaller...
    if (poolSize !== convSize)
      out = g.node('Pad', [out, g.int64(g.name('pads'), [0, 0, 0, 0, 0, 0, 1, 1])]);
    // ...and zero channels to the pooled input when the block doubles the channels.
    if (channels !== co)
      pooled = g.node('Pad', [pooled, g.int64(g.name('pads'), [0, 0, 0, 0, 0, channels, 0, 0])]);
    size = poolSize;
    channels = co;
    return g.node('Relu', [g.node('Add', [pooled, out])]);
  };

  let x = g.node('Sub', ['input', g.float('meanRgb', [1, 3, 1, 1], [122.782, 117.001, 104.298])]);
  x = g.node('Div', [x, g.float('c255', [], [255])]);
  x = convDown(x, 'conv32_down');
  size = Math.floor((size - 7) / 2) + 1;
  channels = 32;
  x = g.node('MaxPool', [x], [ints('kernel_shape', [3, 3]), ints('strides', [2, 2])]);
  size = Math.floor((size - 3) / 2) + 1;
  for (const p of ['conv32_1', 'conv32_2', 'conv32_3']) x = residual(x, p);
  x = residualDown(x, 'conv64_down');
  for (const p of ['conv64_1', 'conv64_2', 'conv64_3']) x = residual(x, p);
  x = residualDown(x, 'conv128_down');
  for (const p of ['conv128_1', 'conv128_2']) x = residual(x, p);
  x = residualDown(x, 'conv256_down');
  for (const p of ['conv256_1', 'conv256_2']) x = residual(x, p);
  x = residualDown(x, 'conv256_down_out');
  x = g.node('ReduceMean', [x], [ints('axes', [2, 3]), ints1('keepdims', 0)]);
  g.node('MatMul', [x, g.weight('fc_W', W.fc, W.fc.shape)], [], 'descriptor');

  const valueInfo = (name, dims) => ({
    name,
    type: {
      tensorType: {
        elemType: FLOAT,
        shape: {
          dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })),
        },
      },
    },
  });
  const model = onnx.ModelProto.fromObject({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'rollcall-convert-facenet',
    producerVersion: '1',
    docString:
      'face-api faceRecognitionNet (dlib_face_recognition_resnet_model_v1 port). Input: RGB 0..255 NCHW 150x150.',
    graph: {
      name: 'face_recognition_net',
      node: g.nodes,
      initializer: g.initializers,
      input: [valueInfo('input', ['N', 3, 150, 150])],
      output: [valueInfo('descriptor', ['N', 128])],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
