// The fast pass of FaceMatrix.nearest in WebAssembly SIMD: a query's dot product with every row
// of the matrix, 16 floats per step in float32 (4 accumulators of 4 lanes). About 4x the plain
// JavaScript loop, which converts every float to double. Where WebAssembly SIMD is missing
// (Safari before 16.4) or the vector length is not a multiple of 16, FaceMatrix keeps its
// JavaScript loop; the answer is the same either way (the exact ranking is done after).
// The module (348 bytes) is wat2wasm's output (Debian's wabt 1.0.32) for this source:
//
// (module
//   (memory (export "memory") 1)
//   (func (export "scores")
//     (param $data i32) (param $q i32) (param $out i32) (param $rows i32) (param $dim i32)
//     (local $r i32) (local $p i32) (local $qp i32) (local $end i32)
//     (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
//     (local.set $p (local.get $data))
//     (block $done
//       (loop $row
//         (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
//         (local.set $a0 (v128.const f32x4 0 0 0 0)) ;; and $a1, $a2, $a3
//         (local.set $qp (local.get $q))
//         (local.set $end (i32.add (local.get $p) (i32.shl (local.get $dim) (i32.const 2))))
//         (loop $col
//           (local.set $a0 (f32x4.add (local.get $a0)
//             (f32x4.mul (v128.load (local.get $p)) (v128.load (local.get $qp)))))
//           ;; $a1, $a2, $a3 the same at offset=16, 32, 48
//           (local.set $p (i32.add (local.get $p) (i32.const 64)))
//           (local.set $qp (i32.add (local.get $qp) (i32.const 64)))
//           (br_if $col (i32.lt_u (local.get $p) (local.get $end))))
//         (local.set $a0 (f32x4.add (f32x4.add (local.get $a0) (local.get $a1))
//                                   (f32x4.add (local.get $a2) (local.get $a3))))
//         (f32.store (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 2)))
//           (f32.add (f32.add (f32x4.extract_lane 0 (local.get $a0)) (f32x4.extract_lane 1 (local.get $a0)))
//                    (f32.add (f32x4.extract_lane 2 (local.get $a0)) (f32x4.extract_lane 3 (local.get $a0)))))
//         (local.set $r (i32.add (local.get $r) (i32.const 1)))
//         (br $row))))
// )
// (test/unit/face-matrix.test.ts checks its scores against double-precision dot products.)

const WASM_BASE64 =
  'AGFzbQEAAAABCQFgBX9/f39/AAMCAQAFAwEAAQcTAgZtZW1vcnkCAAZzY29yZXMAAAqoAgGlAgIEfwR7IAAhBgJAA0AgBSADTw0B/QwAAAAAAAAAAAAAAAAAAAAAIQn9DAAAAAAAAAAAAAAAAAAAAAAhCv0MAAAAAAAAAAAAAAAAAAAAACEL/QwAAAAAAAAAAAAAAAAAAAAAIQwgASEHIAYgBEECdGohCANAIAkgBv0ABAAgB/0ABAD95gH95AEhCSAKIAb9AAQQIAf9AAQQ/eYB/eQBIQogCyAG/QAEICAH/QAEIP3mAf3kASELIAwgBv0ABDAgB/0ABDD95gH95AEhDCAGQcAAaiEGIAdBwABqIQcgBiAISQ0ACyAJIAr95AEgCyAM/eQB/eQBIQkgAiAFQQJ0aiAJ/R8AIAn9HwGSIAn9HwIgCf0fA5KSOAIAIAVBAWohBQwACwsL';

const PAGE = 65536;

interface Exports {
  memory: WebAssembly.Memory;
  scores: (data: number, query: number, out: number, rows: number, dim: number) => void;
}

let compiled: WebAssembly.Module | null | undefined;

/** The compiled module, or null where WebAssembly SIMD is not available. */
function kernelModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    compiled = null;
    try {
      const bytes = Uint8Array.from(atob(WASM_BASE64), (c) => c.charCodeAt(0));
      if (typeof WebAssembly !== 'undefined' && WebAssembly.validate(bytes)) {
        compiled = new WebAssembly.Module(bytes); // 348 bytes: synchronous anywhere
      }
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/**
 * A matrix of `capacity` rows of `dimension` floats in its own WebAssembly memory, laid out as
 * [rows][query][scores]: the rows stay at offset 0 when the memory grows.
 */
export class DotKernel {
  private readonly exports: Exports;
  private capacity = 0;
  /** The rows, row-major (a view of the memory: take it again after `reserve`). */
  data = new Float32Array(0);

  private constructor(
    module: WebAssembly.Module,
    private readonly dimension: number,
    capacity: number,
  ) {
    this.exports = new WebAssembly.Instance(module).exports as unknown as Exports;
    this.reserve(capacity);
  }

  /** A kernel, or null (use plain JavaScript) where it cannot run. */
  static create(dimension: number, capacity: number): DotKernel | null {
    const module = dimension % 16 === 0 ? kernelModule() : null;
    return module ? new DotKernel(module, dimension, capacity) : null;
  }

  /** Room for `rows` rows; the rows held are kept. */
  reserve(rows: number): void {
    if (rows <= this.capacity) return;
    const bytes = (rows * this.dimension + this.dimension + rows) * 4;
    const memory = this.exports.memory;
    const missing = Math.ceil(bytes / PAGE) - memory.buffer.byteLength / PAGE;
    if (missing > 0) memory.grow(missing);
    this.capacity = rows;
    this.data = new Float32Array(memory.buffer, 0, rows * this.dimension);
  }

  /** Each of the first `rows` rows' dot product with `query` (a view, valid until the next call). */
  scores(query: Float32Array, rows: number): Float32Array {
    const buffer = this.exports.memory.buffer;
    const queryAt = this.capacity * this.dimension * 4;
    const outAt = queryAt + this.dimension * 4;
    new Float32Array(buffer, queryAt, this.dimension).set(query);
    this.exports.scores(0, queryAt, outAt, rows, this.dimension);
    return new Float32Array(buffer, outAt, rows);
  }
}
