// The settings calls of the core API, and the one place where a class's settings become the
// parameters of its clustering and assignment runs.
import type { FaceCropAssignmentOptions } from '../../contracts/assignment';
import type { FaceCropClusteringOptions } from '../../contracts/clustering';
import type { ClassId, CropId, SessionId } from '../../contracts/ids';
import type { SettingsApi } from '../../contracts/settings';
import { isEmbeddingModelId } from '../../ml/registry';
import { FaceCropAssignmentService } from '../assignment/face-crop-assignment';
import { FaceCropClusteringService } from '../clustering/face-crop-clustering';
import type { CoreContext } from '../core-context';
import { ensureClassEmbeddings } from './class-embeddings';
import { getClassSettings, updateClassSettings } from './class-settings';

export function createSettingsApi(context: CoreContext): SettingsApi {
  return {
    getClassSettings: (classId) => getClassSettings(context.db, classId),
    updateClassSettings: async (classId, input) => {
      const { settings, modelChanged } = await updateClassSettings(context.db, classId, input);
      if (modelChanged) {
        void ensureClassEmbeddings(context, classId, settings.embeddingModel).catch(
          (error: unknown) => console.warn('computing embeddings for the new model failed', error),
        );
      }
      return settings;
    },
  };
}

export type SettingsScope = { classId: ClassId } | { sessionId: SessionId } | { cropId: CropId };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function classOf(context: CoreContext, scope: SettingsScope): Promise<ClassId | null> {
  const [sql, id] =
    'classId' in scope
      ? ['select id as class_id from classes where id = $1', scope.classId]
      : 'sessionId' in scope
        ? ['select class_id from sessions where id = $1', scope.sessionId]
        : ['select class_id from face_crops where id = $1', scope.cropId];
  if (typeof id !== 'string' || !UUID.test(id)) return null;
  const { rows } = await context.db.query<{ class_id: ClassId }>(sql, [id]);
  return rows[0]?.class_id ?? null;
}

type ServiceOptions = FaceCropClusteringOptions & FaceCropAssignmentOptions;

/**
 * The options with the class's model and preset filled in where the caller gave none, after the
 * class's faces have an embedding of that model. An unknown scope is returned unchanged: the
 * service then reports it as not found.
 */
export async function withClassSettings<T extends ServiceOptions>(
  context: CoreContext,
  scope: SettingsScope,
  options: T,
): Promise<T> {
  const classId = await classOf(context, scope);
  if (!classId) return options;
  const settings = await getClassSettings(context.db, classId);
  const resolved = {
    ...options,
    embeddingModel: options.embeddingModel ?? settings.embeddingModel,
    preset: options.preset ?? settings.preset,
  };
  if (isEmbeddingModelId(resolved.embeddingModel)) {
    await ensureClassEmbeddings(context, classId, resolved.embeddingModel);
  }
  return resolved;
}

/** The clustering service for a scope, with the class's model and preset unless given. */
export async function clusteringServiceFor(
  context: CoreContext,
  scope: SettingsScope,
  options: FaceCropClusteringOptions = {},
): Promise<FaceCropClusteringService> {
  return new FaceCropClusteringService(
    context.db,
    await withClassSettings(context, scope, options),
  );
}

/** The assignment service for a scope, with the class's model and preset unless given. */
export async function assignmentServiceFor(
  context: CoreContext,
  scope: SettingsScope,
  options: FaceCropAssignmentOptions = {},
): Promise<FaceCropAssignmentService> {
  return new FaceCropAssignmentService(
    context.db,
    await withClassSettings(context, scope, options),
  );
}
