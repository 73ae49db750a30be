// Rollcall as a library, in Node: the reference card's services under the card's names, over a
// real PGlite database (in memory or in a directory) and the app's face pipeline on
// onnxruntime-node. Built by the app's own factory (src/core/create-core.ts), so every call runs
// exactly the app's code. Documentation with an example per operation: docs/API.md.
// In the browser the same operations are the core worker's typed API (src/contracts/api.ts).
import { join } from 'node:path';
import type { InferenceApi } from '../contracts/inference';
import type { CoreContext } from '../core/core-context';
import { createCore } from '../core/create-core';
import type { DataApi } from '../core/data-api';
import { memoryPhotoStore } from '../core/photos/photo-store';
import { migrate } from '../db/migrate';
import { bundledMigrations } from '../db/migrations';
import { openDatabase, type Database } from '../db/open';
import { directoryPhotoStore } from './directory-photo-store';
import { nodeInference } from './embedding-service';

export { EmbeddingService, nodeInference } from './embedding-service';
export { ClusteringService } from '../domain/clustering/clustering';
export type {
  ClusteringConstraints,
  ClusteringParams,
  ClusteringResult,
} from '../domain/clustering/clustering';
export { FaceCropClusteringService } from '../core/clustering/face-crop-clustering';
export { FaceCropAssignmentService } from '../core/assignment/face-crop-assignment';
export {
  EMBEDDING_MODEL_IDS,
  RECOGNITION_MODELS,
  type EmbeddingModelId,
} from '../domain/recognition/models';
export { PRESET_NAMES, presetParameters, type PresetName } from '../domain/recognition/presets';
export {
  resolveAssignment,
  resolveClustering,
  type AssignmentRun,
  type ClusteringRun,
} from '../domain/recognition/parameters';
export { AppError, toAppError, type ErrorCode } from '../contracts/errors';
export { InvalidInputError } from '../domain/errors';
export type * from '../contracts/api';
export type * from '../contracts/ids';
export type { DataApi } from '../core/data-api';

export interface OpenRollcallOptions {
  /**
   * Where the data lives: a directory (the database in `<dir>/db`, photos in `<dir>/photos`),
   * created if missing. Default: in memory, gone when closed.
   */
  dataDir?: string;
  /** The face pipeline; default onnxruntime-node on the models in public/models/. */
  inference?: InferenceApi;
}

export interface Rollcall {
  /** Every operation of the card's REST endpoints (and the app's), as the app's UI calls them. */
  api: DataApi;
  /** The open database, for the services constructed directly. */
  db: Database;
  /** The database, photo store, pipeline and photo processor the api uses. */
  context: CoreContext;
  /** Processes every photo waiting in the queue (detect, embed, store) and resolves when done. */
  processPhotos(): Promise<void>;
  close(): Promise<void>;
}

/** Opens (and migrates) a Rollcall database with the whole core over it. */
export async function openRollcall(options: OpenRollcallOptions = {}): Promise<Rollcall> {
  const { dataDir } = options;
  const db = await openDatabase(dataDir === undefined ? undefined : join(dataDir, 'db'));
  await migrate(db, bundledMigrations);
  const photos =
    dataDir === undefined ? memoryPhotoStore() : directoryPhotoStore(join(dataDir, 'photos'));
  const { context, api } = createCore({
    db,
    photos,
    inference: options.inference ?? nodeInference(),
  });
  return {
    api,
    db,
    context,
    async processPhotos() {
      await context.processor.kick();
      await context.processor.whenIdle();
    },
    close: () => db.close(),
  };
}
