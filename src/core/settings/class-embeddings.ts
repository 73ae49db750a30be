// Faces of a class that lack an embedding of the model it now uses, at the model's current
// version (the class switched models, a photo was processed before the switch, or the model was
// updated: an older version's vector is recomputed, never compared with new ones) get one through the card's batch embedding path
// (generateCropEmbeddings). It runs in the background after a model change, and is awaited
// before clustering or assignment so those never silently skip faces. One run per class and
// model at a time: a second caller waits for the run in progress.
import type { ClassId } from '../../contracts/ids';
import { RECOGNITION_MODELS, type EmbeddingModelId } from '../../domain/recognition/models';
import type { CoreContext } from '../core-context';
import { generateCropEmbeddings } from '../photos/crop-embeddings';

/** Faces per batch: big enough to share photo decodes, small enough to show progress. */
const CHUNK = 40;

const running = new WeakMap<CoreContext, Map<string, Promise<number>>>();

async function missingCropIds(
  context: CoreContext,
  classId: ClassId,
  model: EmbeddingModelId,
  skip: ReadonlySet<string>,
): Promise<string[]> {
  const { rows } = await context.db.query<{ id: string }>(
    `select c.id from face_crops c
     where c.class_id = $1 and not exists (
       select 1 from embeddings e
       where e.crop_id = c.id and e.model_id = $2 and e.model_version = $3)
     order by c.image_id, c.id`,
    [classId, model, RECOGNITION_MODELS[model].version],
  );
  return rows.map((r) => r.id).filter((id) => !skip.has(id));
}

async function backfill(
  context: CoreContext,
  classId: ClassId,
  model: EmbeddingModelId,
): Promise<number> {
  const failed = new Set<string>();
  for (;;) {
    // Re-read each round: faces may be added or deleted meanwhile.
    const ids = (await missingCropIds(context, classId, model, failed)).slice(0, CHUNK);
    if (ids.length === 0) return failed.size;
    const outcomes = await generateCropEmbeddings(
      context.db,
      context.photos,
      context.inference,
      ids,
      model,
    );
    for (const outcome of outcomes) if (!outcome.ok) failed.add(outcome.cropId);
  }
}

/**
 * Computes the class's missing embeddings of `model`; resolves to the number of faces that could
 * not be embedded (their photo is gone or unreadable).
 */
export function ensureClassEmbeddings(
  context: CoreContext,
  classId: ClassId,
  model: EmbeddingModelId,
): Promise<number> {
  let runs = running.get(context);
  if (!runs) running.set(context, (runs = new Map<string, Promise<number>>()));
  const key = `${classId}/${model}`;
  const existing = runs.get(key);
  if (existing) return existing;
  const run = backfill(context, classId, model).finally(() => runs.delete(key));
  runs.set(key, run);
  return run;
}
