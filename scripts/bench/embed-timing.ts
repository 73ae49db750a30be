// The measurement shared by the browser and Node halves of browser-embed-speed.mjs: the same
// ArcFace crops (cut from a real group photo), one at a time and in batches, warm-up excluded.
import type { RgbaImage } from '../../src/domain/face/align';
import { analyzeImage, type PipelineModels } from '../../src/ml/analyze';
import { alignFace, embedAlignedFaces } from '../../src/ml/embed';
import { EMBEDDING_MODELS } from '../../src/ml/registry';

export interface EmbedTiming {
  faces: number;
  batch: number;
  msPerFaceSingle: number;
  msPerFaceBatched: number;
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
  await embedAlignedFaces(crops.slice(0, warmup), runner, { ...spec, maxBatch: 1 });
  const timePerFace = async (maxBatch: number) => {
    const start = performance.now();
    await embedAlignedFaces(crops, runner, { ...spec, maxBatch });
    return (performance.now() - start) / faces;
  };
  const msPerFaceSingle = await timePerFace(1);
  const msPerFaceBatched = await timePerFace(batch);
  return { faces, batch, msPerFaceSingle, msPerFaceBatched };
}
