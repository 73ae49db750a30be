// The measurement shared by the browser and Node halves of browser-embed-speed.mjs: the same
// ArcFace crops (cut from a real group photo), one at a time and in batches, warm-up excluded;
// then, per loaded model, batched ms per face without and with the flip-averaged embedding (the
// crop and its mirror image: two network runs per face).
import type { RgbaImage } from '../../src/domain/face/align';
import { analyzeImage, type PipelineModels } from '../../src/ml/analyze';
import { alignFace, embedAlignedFaces } from '../../src/ml/embed';
import { EMBEDDING_MODEL_IDS } from '../../src/domain/recognition/models';
import { EMBEDDING_MODELS } from '../../src/ml/registry';

export interface EmbedTiming {
  faces: number;
  batch: number;
  msPerFaceSingle: number;
  msPerFaceBatched: number;
  /** Batched ms per face of each loaded model: one run per face, and flip-averaged. */
  flipCost: Record<string, { msPerFacePlain: number; msPerFaceFlipAveraged: number }>;
}

export async function timeEmbedding(
  image: RgbaImage,
  models: PipelineModels,
  { faces, warmup, batch }: { faces: number; warmup: number; batch: number },
): Promise<EmbedTiming> {
  const found = await analyzeImage(image, models, { embeddingModels: ['arcface'] });
  if (found.length === 0) throw new Error('no face found in the benchmark photo');
  const spec = EMBEDDING_MODELS.arcface;
  const crops = Array.from({ length: faces }, (_, i) =>
    alignFace(image, (found[i % found.length] as (typeof found)[number]).fivePoints, spec),
  );
  const runner = models.embedders.arcface;
  if (!runner) throw new Error('arcface was not loaded');
  // The first runs are slow while the runtime compiles and warms up: not measured.
  await embedAlignedFaces(
    crops.slice(0, warmup),
    runner,
    { ...spec, maxBatch: 1 },
    undefined,
    false,
  );
  const timePerFace = async (maxBatch: number) => {
    const start = performance.now();
    await embedAlignedFaces(crops, runner, { ...spec, maxBatch }, undefined, false);
    return (performance.now() - start) / faces;
  };
  const msPerFaceSingle = await timePerFace(1);
  const msPerFaceBatched = await timePerFace(batch);
  const flipCost: EmbedTiming['flipCost'] = {};
  for (const id of EMBEDDING_MODEL_IDS) {
    const modelRunner = models.embedders[id];
    if (!modelRunner) continue;
    const modelSpec = { ...EMBEDDING_MODELS[id], maxBatch: batch };
    const modelCrops = Array.from({ length: faces }, (_, i) =>
      alignFace(image, (found[i % found.length] as (typeof found)[number]).fivePoints, modelSpec),
    );
    await embedAlignedFaces(modelCrops.slice(0, warmup), modelRunner, modelSpec, undefined, true);
    const time = async (flip: boolean) => {
      const start = performance.now();
      await embedAlignedFaces(modelCrops, modelRunner, modelSpec, undefined, flip);
      return (performance.now() - start) / faces;
    };
    flipCost[id] = { msPerFacePlain: await time(false), msPerFaceFlipAveraged: await time(true) };
  }
  return { faces, batch, msPerFaceSingle, msPerFaceBatched, flipCost };
}
