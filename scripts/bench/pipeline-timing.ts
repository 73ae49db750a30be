// Per-stage timing of the whole photo pipeline, shared by the browser and Node halves of
// `npm run bench`: the same code (analyzeImage with the app's default model, thumbnails as
// photo-inference.ts makes them) on either runtime. Models are wrapped to count runs and time.
import type { RgbaImage } from '../../src/domain/face/align';
import { analyzeImage, type PipelineModels } from '../../src/ml/analyze';
import { embedAlignedFaces, alignFace } from '../../src/ml/embed';
import { resizeRegion } from '../../src/ml/image';
import { type EmbeddingModelId } from '../../src/domain/recognition/models';
import { EMBEDDING_MODELS } from '../../src/ml/registry';
import type { TensorRunner } from '../../src/ml/runtime';
import { counted, type Counter } from './counted-runner';

export interface StageTimes {
  decodeMs: number;
  detectMs: number;
  detectRuns: number;
  /** Landmarks, alignment, quality and embedding (analyzeImage after detection). */
  landmarksEmbedMs: number;
  landmarkModelMs: number;
  embedModelMs: number;
  thumbnailsMs: number;
  totalMs: number;
  /** CPU time of the whole process where the runtime can tell (Node), else null. */
  cpuMs: number | null;
}

export interface PhotoTiming extends StageTimes {
  photo: string;
  width: number;
  height: number;
  faces: number;
}

export interface PipelineHost {
  decode(bytes: Uint8Array): Promise<RgbaImage>;
  encodeJpeg(image: RgbaImage, quality: number): Promise<Uint8Array>;
  /** Process CPU milliseconds so far (Node), or undefined. */
  cpuNow?: () => number;
}

/** Runs the pipeline on `bytes` and returns how long each stage took. */
export async function timePhoto(
  photo: string,
  bytes: Uint8Array,
  models: PipelineModels,
  host: PipelineHost,
): Promise<PhotoTiming> {
  const detector: Counter = { runs: 0, ms: 0 };
  const landmarker: Counter = { runs: 0, ms: 0 };
  const embedder: Counter = { runs: 0, ms: 0 };
  const wrapped: PipelineModels = {
    detector: counted(models.detector, detector),
    landmarker: counted(models.landmarker, landmarker),
    embedders: { arcface: counted(models.embedders.arcface as TensorRunner, embedder) },
  };
  const cpu0 = host.cpuNow?.();
  const t0 = performance.now();
  const image = await host.decode(bytes);
  const t1 = performance.now();
  let t2: number | undefined;
  const faces = await analyzeImage(image, wrapped, {
    embeddingModels: ['arcface'],
    // The first 'embedding' progress call marks the end of detection.
    onProgress: (p) => {
      if (p.stage === 'embedding' && t2 === undefined) t2 = performance.now();
    },
  });
  const t3 = performance.now();
  await Promise.all(
    faces.map((face) => {
      const side = Math.max(face.box.width, face.box.height) * 1.3;
      const region = {
        x: face.box.x + face.box.width / 2 - side / 2,
        y: face.box.y + face.box.height / 2 - side / 2,
        width: side,
        height: side,
      };
      return host.encodeJpeg(resizeRegion(image, region, 96, 96), 0.8);
    }),
  );
  const t4 = performance.now();
  const detectEnd = t2 ?? t3;
  return {
    photo,
    width: image.width,
    height: image.height,
    faces: faces.length,
    decodeMs: t1 - t0,
    detectMs: detectEnd - t1,
    detectRuns: detector.runs,
    landmarksEmbedMs: t3 - detectEnd,
    landmarkModelMs: landmarker.ms,
    embedModelMs: embedder.ms,
    thumbnailsMs: t4 - t3,
    totalMs: t4 - t0,
    cpuMs: cpu0 === undefined || !host.cpuNow ? null : host.cpuNow() - cpu0,
  };
}

export interface EmbedSpeed {
  model: EmbeddingModelId;
  batch: number;
  msPerFace: number;
}

/** ms per face of each embedding model at each batch size, on crops of faces in `image`. */
export async function timeEmbeddingModels(
  image: RgbaImage,
  models: PipelineModels,
  options: { faces: number; batches: readonly number[]; modelIds: readonly EmbeddingModelId[] },
): Promise<EmbedSpeed[]> {
  const found = await analyzeImage(image, models, { embeddingModels: ['arcface'] });
  if (found.length === 0) throw new Error('no face found in the benchmark photo');
  const out: EmbedSpeed[] = [];
  for (const id of options.modelIds) {
    const spec = EMBEDDING_MODELS[id];
    const runner = models.embedders[id];
    if (!runner) throw new Error(`${id} was not loaded`);
    const crops = Array.from({ length: options.faces }, (_, i) =>
      alignFace(image, (found[i % found.length] as (typeof found)[number]).fivePoints, spec),
    );
    // Warm-up at every batch size (shape-specific allocation), not measured.
    for (const batch of options.batches) {
      await embedAlignedFaces(crops.slice(0, batch), runner, { ...spec, maxBatch: batch });
    }
    for (const batch of options.batches) {
      const t0 = performance.now();
      await embedAlignedFaces(crops, runner, { ...spec, maxBatch: batch });
      out.push({ model: id, batch, msPerFace: (performance.now() - t0) / options.faces });
    }
  }
  return out;
}
