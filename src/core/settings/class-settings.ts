// Reading and changing a class's recognition settings (model and preset). A change is a manual
// change by the teacher: audited in the same transaction.
import { validationError } from '../../contracts/errors';
import type { ClassId } from '../../contracts/ids';
import type { ClassSettings, ClassSettingsInput } from '../../contracts/settings';
import type { Database, Queryable } from '../../db/open';
import type { EmbeddingModelId } from '../../domain/recognition/models';
import { checkEmbeddingModel, checkPreset } from '../../domain/recognition/parameters';
import { presetParameters, type PresetName } from '../../domain/recognition/presets';
import { fromDomain } from '../shared/domain-errors';
import { recordAudit } from '../history/audit';
import { withDbErrors } from '../shared/db-errors';
import { classNotFound } from '../shared/not-found';

interface SettingsRow {
  embedding_model: EmbeddingModelId;
  preset: PresetName;
  face_count: number;
  missing: number;
}

export async function getClassSettings(db: Queryable, classId: ClassId): Promise<ClassSettings> {
  const { rows } = await withDbErrors({ notFound: classNotFound }, () =>
    db.query<SettingsRow>(
      `select k.embedding_model, k.preset,
              (select count(*) from face_crops c where c.class_id = k.id)::int as face_count,
              (select count(*) from face_crops c where c.class_id = k.id and not exists (
                 select 1 from embeddings e where e.crop_id = c.id and e.model_id = k.embedding_model
               ))::int as missing
       from classes k where k.id = $1`,
      [classId],
    ),
  );
  const row = rows[0];
  if (!row) throw classNotFound();
  return {
    classId,
    embeddingModel: row.embedding_model,
    preset: row.preset,
    parameters: presetParameters(row.preset, row.embedding_model),
    faceCount: row.face_count,
    facesMissingEmbedding: row.missing,
  };
}

/** Checks the whole input before anything is written. */
function validateInput(input: ClassSettingsInput): {
  embeddingModel?: EmbeddingModelId;
  preset?: PresetName;
} {
  if (typeof input !== 'object' || input === null) {
    throw validationError('Choose a face model or a preset to change.');
  }
  const { embeddingModel, preset } = input;
  return fromDomain(() => ({
    ...(embeddingModel !== undefined && { embeddingModel: checkEmbeddingModel(embeddingModel) }),
    ...(preset !== undefined && { preset: checkPreset(preset) }),
  }));
}

export async function updateClassSettings(
  db: Database,
  classId: ClassId,
  input: ClassSettingsInput,
): Promise<{ settings: ClassSettings; modelChanged: boolean }> {
  const change = validateInput(input);
  return withDbErrors({ notFound: classNotFound }, () =>
    db.transaction(async (tx) => {
      const before = await getClassSettings(tx, classId);
      const after = {
        embeddingModel: change.embeddingModel ?? before.embeddingModel,
        preset: change.preset ?? before.preset,
      };
      if (after.embeddingModel === before.embeddingModel && after.preset === before.preset) {
        return { settings: before, modelChanged: false };
      }
      await tx.query(
        'update classes set embedding_model = $2, preset = $3, updated_at = now() where id = $1',
        [classId, after.embeddingModel, after.preset],
      );
      await recordAudit(tx, {
        classId,
        entity: 'class',
        entityId: classId,
        action: 'settings-changed',
        oldValue: { embeddingModel: before.embeddingModel, preset: before.preset },
        newValue: after,
      });
      return {
        settings: await getClassSettings(tx, classId),
        modelChanged: after.embeddingModel !== before.embeddingModel,
      };
    }),
  );
}
