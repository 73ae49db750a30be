// The fast pass of FaceMatrix.nearestMany in WebAssembly SIMD: the dot product of every row of
// the matrix with each of a batch of queries (a photo's faces), 16 floats per step in float32
// (4 accumulators of 4 lanes). Each row is read from memory once for the whole batch, so a
// matrix larger than the CPU caches costs its memory traffic once per photo, not once per face.
// About 4x the plain JavaScript loop, which converts every float to double. Where WebAssembly
// SIMD is missing (Safari before 16.4) or the vector length is not a multiple of 16, FaceMatrix
// keeps its JavaScript loop; the answer is the same either way (the exact ranking comes after).
// The module (401 bytes) is wat2wasm's output (Debian's wabt 1.0.32) for this source:
//
// (module
//   (memory (export "memory") 1)
//   (func (export "scores")
//     (param $data i32) (param $queries i32) (param $count i32) (param $out i32)
//     (param $rows i32) (param $dim i32)
//     (local $r i32) (local $b i32) (local $row i32) (local $p i32) (local $qp i32) (local $end i32)
//     (local $bytes i32) (local $o i32)
//     (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
//     (local.set $bytes (i32.shl (local.get $dim) (i32.const 2)))
//     (local.set $row (local.get $data))
//     (block $rowsDone
//       (loop $rowLoop
//         (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
//         (local.set $end (i32.add (local.get $row) (local.get $bytes)))
//         (local.set $qp (local.get $queries))
//         (local.set $o (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 2))))
//         (local.set $b (i32.const 0))
//         (block $queriesDone
//           (loop $queryLoop
//             (br_if $queriesDone (i32.ge_u (local.get $b) (local.get $count)))
//             (local.set $a0 (v128.const f32x4 0 0 0 0))
//             (local.set $a1 (v128.const f32x4 0 0 0 0))
//             (local.set $a2 (v128.const f32x4 0 0 0 0))
//             (local.set $a3 (v128.const f32x4 0 0 0 0))
//             (local.set $p (local.get $row))
//             (loop $col
//               (local.set $a0 (f32x4.add (local.get $a0)
//                 (f32x4.mul (v128.load (local.get $p)) (v128.load (local.get $qp)))))
//               (local.set $a1 (f32x4.add (local.get $a1)
//                 (f32x4.mul (v128.load offset=16 (local.get $p)) (v128.load offset=16 (local.get $qp)))))
//               (local.set $a2 (f32x4.add (local.get $a2)
//                 (f32x4.mul (v128.load offset=32 (local.get $p)) (v128.load offset=32 (local.get $qp)))))
//               (local.set $a3 (f32x4.add (local.get $a3)
//                 (f32x4.mul (v128.load offset=48 (local.get $p)) (v128.load offset=48 (local.get $qp)))))
//               (local.set $p (i32.add (local.get $p) (i32.const 64)))
//               (local.set $qp (i32.add (local.get $qp) (i32.const 64)))
//               (br_if $col (i32.lt_u (local.get $p) (local.get $end))))
//             (local.set $a0 (f32x4.add (f32x4.add (local.get $a0) (local.get $a1))
//                                       (f32x4.add (local.get $a2) (local.get $a3))))
//             (f32.store (local.get $o)
//               (f32.add (f32.add (f32x4.extract_lane 0 (local.get $a0)) (f32x4.extract_lane 1 (local.get $a0)))
//                        (f32.add (f32x4.extract_lane 2 (local.get $a0)) (f32x4.extract_lane 3 (local.get $a0)))))
//             (local.set $o (i32.add (local.get $o) (i32.shl (local.get $rows) (i32.const 2))))
//             (local.set $b (i32.add (local.get $b) (i32.const 1)))
//             (br $queryLoop)))
//         (local.set $row (local.get $end))
//         (local.set $r (i32.add (local.get $r) (i32.const 1)))
//         (br $rowLoop))))
// )
//
// (test/unit/face-matrix.test.ts checks its scores against double-precision dot products.)

const WASM_BASE64 =
  'AGFzbQEAAAABCgFgBn9/f39/fwADAgEABQMBAAEHEwIGbWVtb3J5AgAGc2NvcmVzAAAK3AIB2QICCH8EeyAFQQJ0IQwgACEIAkADQCAGIARPDQEgCCAMaiELIAEhCiADIAZBAnRqIQ1BACEHAkADQCAHIAJPDQH9DAAAAAAAAAAAAAAAAAAAAAAhDv0MAAAAAAAAAAAAAAAAAAAAACEP/QwAAAAAAAAAAAAAAAAAAAAAIRD9DAAAAAAAAAAAAAAAAAAAAAAhESAIIQkDQCAOIAn9AAQAIAr9AAQA/eYB/eQBIQ4gDyAJ/QAEECAK/QAEEP3mAf3kASEPIBAgCf0ABCAgCv0ABCD95gH95AEhECARIAn9AAQwIAr9AAQw/eYB/eQBIREgCUHAAGohCSAKQcAAaiEKIAkgC0kNAAsgDiAP/eQBIBAgEf3kAf3kASEOIA0gDv0fACAO/R8BkiAO/R8CIA79HwOSkjgCACANIARBAnRqIQ0gB0EBaiEHDAALCyALIQggBkEBaiEGDAALCws=';

const PAGE = 65536;

interface Exports {
  memory: WebAssembly.Memory;
  scores: (
    data: number,
    queries: number,
    count: number,
    out: number,
    rows: number,
    dim: number,
  ) => void;
}

let compiled: WebAssembly.Module | null | undefined;

/** The compiled module, or null where WebAssembly SIMD is not available. */
function kernelModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    compiled = null;
    try {
      const bytes = Uint8Array.from(atob(WASM_BASE64), (c) => c.charCodeAt(0));
      if (typeof WebAssembly !== 'undefined' && WebAssembly.validate(bytes)) {
        compiled = new WebAssembly.Module(bytes); // 401 bytes: synchronous anywhere
      }
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/**
 * A matrix of `capacity` rows of `dimension` floats in its own WebAssembly memory, laid out as
 * [rows][queries][scores]: the rows stay at offset 0 when the memory grows.
 */
export class DotKernel {
  private readonly exports: Exports;
  private capacity = 0;
  private view = new Float32Array(0);

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

  /** The rows, row-major: a view of the memory, made again when the memory has grown. */
  get data(): Float32Array {
    const buffer = this.exports.memory.buffer;
    if (this.view.buffer !== buffer) {
      this.view = new Float32Array(buffer, 0, this.capacity * this.dimension);
    }
    return this.view;
  }

  /** Room for `rows` rows; the rows held are kept. */
  reserve(rows: number): void {
    if (rows <= this.capacity) return;
    this.ensureBytes(rows * this.dimension * 4);
    this.capacity = rows;
    this.view = new Float32Array(this.exports.memory.buffer, 0, rows * this.dimension);
  }

  /**
   * Each query's dot product with each of the first `rows` rows: one array of `rows` scores per
   * query (views of the memory, valid until the next call).
   */
  scores(queries: readonly Float32Array[], rows: number): Float32Array[] {
    const d = this.dimension;
    const queryAt = this.capacity * d * 4;
    const outAt = queryAt + queries.length * d * 4;
    this.ensureBytes(outAt + queries.length * rows * 4);
    const buffer = this.exports.memory.buffer;
    queries.forEach((q, i) => new Float32Array(buffer, queryAt + i * d * 4, d).set(q));
    this.exports.scores(0, queryAt, queries.length, outAt, rows, d);
    return queries.map((_, i) => new Float32Array(buffer, outAt + i * rows * 4, rows));
  }

  private ensureBytes(bytes: number): void {
    const memory = this.exports.memory;
    const missing = Math.ceil(bytes / PAGE) - memory.buffer.byteLength / PAGE;
    if (missing > 0) memory.grow(missing);
  }
}
