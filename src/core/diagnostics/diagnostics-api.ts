// The card's Debugging section as core calls (see src/contracts/diagnostics.ts). Read-only:
// nothing here writes to the database.
import type {
  CropEmbeddingsReport,
  DiagnosticsApi,
  ModelSimilarity,
} from '../../contracts/diagnostics';
import { notFoundError, validationError } from '../../contracts/errors';
import type { CropId } from '../../contracts/ids';
import { EmbeddingService } from '../../ml/embedding-service';
import {
  isEmbeddingModelId,
  RECOGNITION_MODELS,
  type EmbeddingModelId,
} from '../../domain/recognition/models';
import { checkEmbeddingModel } from '../../domain/recognition/parameters';
import { fromDomain } from '../shared/domain-errors';
import type { CoreContext } from '../core-context';
import { withDbErrors } from '../shared/db-errors';
import { toIso } from '../shared/rows';
import { clusteringServiceFor } from '../settings/settings-api';
import { similarityVerdict } from './similarity-verdict';
import { parseVectorText } from '../../db/vector-text';

const cropNotFound = () =>
  notFoundError('This face no longer exists. It may have been deleted.', { entity: 'face' });

interface EmbeddingRow {
  model_id: string;
  model_version: string;
  dimension: number;
  created_at: Date;
  vector: string;
}

/** pgvector's text form "[0.1,0.2,...]" as numbers. */

async function storedEmbeddings(context: CoreContext, cropId: CropId) {
  return withDbErrors({ notFound: cropNotFound }, async () => {
    const { rows: crops } = await context.db.query<{ embedding_model: string }>(
      `select k.embedding_model from face_crops c join classes k on k.id = c.class_id
       where c.id = $1`,
      [cropId],
    );
    const crop = crops[0];
    if (!crop) throw cropNotFound();
    const { rows } = await context.db.query<EmbeddingRow>(
      `select model_id, model_version, dimension, created_at, vector::text as vector
       from embeddings where crop_id = $1 order by model_id`,
      [cropId],
    );
    return { classModel: crop.embedding_model, rows };
  });
}

function checkModelName(modelName: unknown): EmbeddingModelId {
  return fromDomain(() => checkEmbeddingModel(modelName, 'modelName'));
}

export function createDiagnosticsApi(context: CoreContext): DiagnosticsApi {
  return {
    async inspectCropEmbeddings(cropId): Promise<CropEmbeddingsReport> {
      const { classModel, rows } = await storedEmbeddings(context, cropId);
      return {
        cropId,
        classModel,
        hasEmbedding: rows.some((r) => r.model_id === classModel),
        embeddings: rows.map((r) => ({
          modelName: r.model_id,
          modelVersion: r.model_version,
          dimension: r.dimension,
          isCurrentVersion:
            isEmbeddingModelId(r.model_id) &&
            RECOGNITION_MODELS[r.model_id].version === r.model_version,
          createdAt: toIso(r.created_at),
        })),
      };
    },

    async compareCrops(cropIdA, cropIdB, options = {}) {
      const wanted = options.modelName === undefined ? null : checkModelName(options.modelName);
      const [a, b] = [
        await storedEmbeddings(context, cropIdA),
        await storedEmbeddings(context, cropIdB),
      ];
      const vectorsB = new Map(b.rows.map((r) => [r.model_id, r.vector]));
      const shared = a.rows.filter(
        (r) => vectorsB.has(r.model_id) && (wanted === null || r.model_id === wanted),
      );
      if (wanted !== null && shared.length === 0) {
        throw validationError(
          `Both faces need a ${wanted} embedding to be compared with it; at least one has none.`,
          { field: 'modelName' },
        );
      }
      if (shared.length === 0) {
        throw validationError('These two faces have no face model in common to compare them.');
      }
      const comparisons: ModelSimilarity[] = [];
      for (const row of shared) {
        if (!isEmbeddingModelId(row.model_id)) continue;
        const service = new EmbeddingService({
          modelName: row.model_id,
          inference: context.inference,
        });
        const similarity = service.calculateSimilarity(
          parseVectorText(row.vector),
          parseVectorText(vectorsB.get(row.model_id) as string),
        );
        comparisons.push(similarityVerdict(row.model_id, similarity));
      }
      return { cropIdA, cropIdB, comparisons };
    },

    async verifyClustering(scope, options = {}) {
      const service = await clusteringServiceFor(context, scope, options);
      const noWrites = { formGroups: false, assignCrops: false };
      const result =
        'sessionId' in scope
          ? await service.clusterSessionCrops(scope.sessionId, noWrites)
          : await service.clusterClassCrops(scope.classId, {
              ...noWrites,
              includeIdentified: options.includeIdentified ?? false,
            });
      const clustered = result.clusterSizes.reduce((sum, n) => sum + n, 0);
      const unclustered =
        result.unclusteredCropIds.length -
        result.clusters.filter((c) => !c.studentId).reduce((sum, c) => sum + c.size, 0);
      return {
        modelName: result.modelName,
        maxClusters: service.maxClusters,
        similarityThreshold: service.similarityThreshold,
        faces: clustered + unclustered,
        numClusters: result.numClusters,
        clusterSizes: result.clusterSizes,
        clustersWithinCap: result.clusters.filter((c) => c.withinCap).length,
        unclustered,
      };
    },
  };
}
