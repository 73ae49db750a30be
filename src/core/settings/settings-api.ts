// The settings calls of the core API, and the one place where a class's settings become the
// parameters of its clustering and assignment runs.
import type { FaceCropAssignmentOptions } from '../../contracts/assignment';
import type { FaceCropClusteringOptions } from '../../contracts/clustering';
import type { ClassId, CropId, SessionId } from '../../contracts/ids';
import type { SettingsApi } from '../../contracts/settings';
import type { AssignmentRun, ClusteringRun } from '../../domain/recognition/parameters';
import { FaceCropAssignmentService } from '../assignment/face-crop-assignment';
import { FaceCropClusteringService } from '../clustering/face-crop-clustering';
import type { CoreContext } from '../core-context';
import { ensureClassEmbeddings } from './class-embeddings';
import { getClassSettings, updateClassSettings } from './class-settings';
import { assignmentParameters, clusteringParameters } from './resolve-parameters';
import { isUuid } from '../../db/ids';

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

async function classOf(context: CoreContext, scope: SettingsScope): Promise<ClassId | null> {
  const [sql, id] =
    'classId' in scope
      ? ['select id as class_id from classes where id = $1', scope.classId]
      : 'sessionId' in scope
        ? ['select class_id from sessions where id = $1', scope.sessionId]
        : ['select class_id from face_crops where id = $1', scope.cropId];
  if (!isUuid(id)) return null;
  const { rows } = await context.db.query<{ class_id: ClassId }>(sql, [id]);
  return rows[0]?.class_id ?? null;
}

/**
 * The caller's choices with the class's model and preset filled in where the caller gave none,
 * and the class. An unknown scope leaves them unchanged: the service then reports it not found.
 */
async function withClassChoice<T extends FaceCropClusteringOptions | FaceCropAssignmentOptions>(
  context: CoreContext,
  scope: SettingsScope,
  options: T,
): Promise<{ classId: ClassId | null; choice: T }> {
  const classId = await classOf(context, scope);
  if (!classId) return { classId, choice: options };
  const settings = await getClassSettings(context.db, classId);
  const choice = {
    ...options,
    embeddingModel: options.embeddingModel ?? settings.embeddingModel,
    preset: options.preset ?? settings.preset,
  };
  return { classId, choice };
}

/**
 * A scope's clustering parameters, resolved once (class settings, then the caller's choices),
 * after the class's faces have an embedding of that model.
 */
export async function clusteringParametersFor(
  context: CoreContext,
  scope: SettingsScope,
  options: FaceCropClusteringOptions = {},
): Promise<ClusteringRun> {
  const { classId, choice } = await withClassChoice(context, scope, options);
  const run = clusteringParameters(choice);
  if (classId) await ensureClassEmbeddings(context, classId, run.embeddingModel);
  return run;
}

/** A scope's assignment parameters, resolved once, as clusteringParametersFor. */
export async function assignmentParametersFor(
  context: CoreContext,
  scope: SettingsScope,
  options: FaceCropAssignmentOptions = {},
): Promise<AssignmentRun> {
  const { classId, choice } = await withClassChoice(context, scope, options);
  const run = assignmentParameters(choice);
  if (classId) await ensureClassEmbeddings(context, classId, run.embeddingModel);
  return run;
}

/** The clustering service for a scope, with the class's model and preset unless given. */
export async function clusteringServiceFor(
  context: CoreContext,
  scope: SettingsScope,
  options: FaceCropClusteringOptions = {},
): Promise<FaceCropClusteringService> {
  return new FaceCropClusteringService(
    context.db,
    await clusteringParametersFor(context, scope, options),
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
    await assignmentParametersFor(context, scope, options),
  );
}
