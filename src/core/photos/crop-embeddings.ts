// The card's "generate embedding" endpoints: (re)compute a stored face's embedding with a model
// from its photo and landmarks, for one face or a batch of ids. In a batch, a bad id is an
// error for that item only; faces of one photo share one decoding.
import type { CropEmbeddingOutcome, CropEmbeddingResult } from '../../contracts/photos';
import { AppError, notFoundError, toAppError, validationError } from '../../contracts/errors';
import type { CropId } from '../../contracts/ids';
import type { InferenceApi } from '../../contracts/inference';
import type { Database } from '../../db/open';
import { RECOGNITION_MODELS, type EmbeddingModelId } from '../../domain/recognition/models';
import { checkEmbeddingModel } from '../../domain/recognition/parameters';
import { fromDomain } from '../shared/domain-errors';
import type { PhotoStore } from './photo-store';
import { toVectorText } from '../../db/vector-text';
import { isUuid } from '../../db/ids';

export const MAX_BATCH_IDS = 1000;

const cropNotFound = (id: string) =>
  notFoundError('This face no longer exists. It may have been deleted.', { cropId: id });

/** The model asked for, checked; undefined stays undefined (each face's class model is used). */
export function resolveModelName(modelName: string | undefined): EmbeddingModelId | undefined {
  if (modelName === undefined) return undefined;
  return fromDomain(() => checkEmbeddingModel(modelName, 'modelName'));
}

interface CropRow {
  id: CropId;
  image_id: string;
  landmarks: number[];
  /** The model of the face's class (its recognition settings). */
  class_model: EmbeddingModelId;
}

export async function generateCropEmbeddings(
  db: Database,
  store: PhotoStore,
  inference: InferenceApi,
  cropIds: readonly string[],
  modelName: string | undefined,
): Promise<CropEmbeddingOutcome[]> {
  const asked = resolveModelName(modelName);
  if (cropIds.length > MAX_BATCH_IDS)
    throw validationError(`At most ${MAX_BATCH_IDS} faces at a time.`);
  const valid = [...new Set(cropIds.filter(isUuid))];
  const { rows } = await db.query<CropRow>(
    `select c.id, c.image_id, c.landmarks, k.embedding_model as class_model
     from face_crops c join classes k on k.id = c.class_id where c.id = any($1::uuid[])`,
    [valid],
  );
  const crops = new Map(rows.map((r) => [r.id as string, r]));

  const outcomes = new Map<string, CropEmbeddingOutcome>();
  const byImage = new Map<string, CropRow[]>();
  for (const id of cropIds) {
    const crop = crops.get(id);
    if (!crop) outcomes.set(id, { ok: false, cropId: id, error: cropNotFound(id).toData() });
    else byImage.set(crop.image_id, [...(byImage.get(crop.image_id) ?? []), crop]);
  }

  for (const [imageId, imageCrops] of byImage) {
    // Faces of one photo share its class, so one model per photo.
    const model = asked ?? imageCrops[0]!.class_model;
    const spec = RECOGNITION_MODELS[model];
    try {
      const photo = await store.get(imageId as never);
      if (!photo)
        throw new AppError('not-found', 'The photo of this face is missing from this device.');
      const vectors = await inference.embedFaces({
        jobId: crypto.randomUUID(),
        bytes: photo.bytes,
        faces: imageCrops.map((c) => ({ landmarks: c.landmarks })),
        modelId: model,
      });
      await db.transaction(async (tx) => {
        for (const [i, crop] of imageCrops.entries()) {
          const vector = vectors[i] as Float32Array;
          await tx.query(
            `insert into embeddings (crop_id, model_id, model_version, dimension, vector)
             values ($1, $2, $3, $4, $5::vector)
             on conflict (crop_id, model_id) do update
               set model_version = excluded.model_version, dimension = excluded.dimension,
                   vector = excluded.vector, created_at = now()`,
            [crop.id, model, spec.version, vector.length, toVectorText(vector)],
          );
          outcomes.set(crop.id, {
            ok: true,
            cropId: crop.id,
            modelName: model,
            dimension: vector.length,
          });
        }
      });
    } catch (error) {
      const data = toAppError(error).toData();
      for (const crop of imageCrops)
        outcomes.set(crop.id, { ok: false, cropId: crop.id, error: data });
    }
  }
  return cropIds.map((id) => outcomes.get(id) as CropEmbeddingOutcome);
}

export async function generateCropEmbedding(
  db: Database,
  store: PhotoStore,
  inference: InferenceApi,
  cropId: CropId,
  modelName: string | undefined,
): Promise<CropEmbeddingResult> {
  const [outcome] = await generateCropEmbeddings(db, store, inference, [cropId], modelName);
  if (!outcome) throw cropNotFound(cropId);
  if (!outcome.ok) throw AppError.fromData(outcome.error);
  return { cropId: outcome.cropId, modelName: outcome.modelName, dimension: outcome.dimension };
}
