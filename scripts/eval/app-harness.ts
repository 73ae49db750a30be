// The app's core in Node for the workflow tasks (classroom, roster), built by the app's own
// factory (src/core/create-core.ts) over a real in-memory PGlite migrated with the app's
// migrations, an in-memory photo store and the app's inference pipeline on onnxruntime-node.
// The tasks call the same core API the UI calls (api): photos are added, processed, recognised,
// answered and read back by exactly the app's code; only the storage backends differ.
import type { ClassId, SessionId } from '../../src/contracts/ids';
import type { CoreContext } from '../../src/core/core-context';
import { createCore } from '../../src/core/create-core';
import type { DataApi } from '../../src/core/data-api';
import type { PhotoFile } from '../../src/core/photos/add-photos';
import { memoryPhotoStore } from '../../src/core/photos/photo-store';
import { migrate } from '../../src/db/migrate';
import { bundledMigrations } from '../../src/db/migrations';
import { openDatabase } from '../../src/db/open';
import { DEFAULT_PRESET, type PresetName } from '../../src/domain/recognition/presets';
import type { EmbeddingModelId } from '../../src/domain/recognition/models';
import { createNodeInference } from '../lib/node-inference';

export interface EvalApp {
  context: CoreContext;
  /** The core API as the app's UI calls it. */
  api: DataApi;
  classId: ClassId;
  /** Milliseconds spent processing session photos (decode, detect, embed, save), and how many. */
  processing: { ms: number; photos: number };
  close(): Promise<void>;
}

export async function openEvalApp(
  model: EmbeddingModelId,
  className: string,
  preset: PresetName = DEFAULT_PRESET,
): Promise<EvalApp> {
  const db = await openDatabase();
  await migrate(db, bundledMigrations);
  const { context, api } = createCore({
    db,
    photos: memoryPhotoStore(),
    inference: createNodeInference(),
  });
  const classId = (await api.createClass(className)).id;
  // As a teacher would: the class's recognition settings pick the model its photos embed with.
  await api.updateClassSettings(classId, { embeddingModel: model, preset });
  return {
    context,
    api,
    classId,
    processing: { ms: 0, photos: 0 },
    close: () => db.close(),
  };
}

/**
 * A new session on day `index` holding these photos, processed by the app's queue. Throws when a
 * photo could not be added or processed (the data is unreadable: the run cannot be measured).
 */
export async function addProcessedSession(
  app: EvalApp,
  index: number,
  files: readonly PhotoFile[],
): Promise<SessionId> {
  const { db, processor } = app.context;
  const startsAt = new Date(Date.UTC(2026, 0, 5 + index, 9)).toISOString();
  const session = await app.api.createSession(app.classId, {
    startsAt,
    title: `Session ${index + 1}`,
  });
  const added = await app.api.addPhotos(
    session.id,
    files.map((f) => ({ fileName: f.fileName, bytes: f.bytes })),
  );
  const refused = [...added.refused.map((r) => `${r.fileName}: ${r.reason}`)];
  if (refused.length) throw new Error(`photos refused: ${refused.join('; ')}`);
  const t0 = performance.now();
  await processor.kick();
  await processor.whenIdle();
  app.processing.ms += performance.now() - t0;
  app.processing.photos += added.added.length;
  const { rows } = await db.query<{ file_name: string; last_error: string }>(
    "select file_name, last_error from session_images where session_id = $1 and status <> 'done'",
    [session.id],
  );
  if (rows.length) {
    throw new Error(
      `photos not processed: ${rows.map((r) => `${r.file_name}: ${r.last_error}`).join('; ')}`,
    );
  }
  return session.id;
}

export interface StoredFace {
  cropId: string;
  box: { x: number; y: number; width: number; height: number };
  studentId: string | null;
  status: string;
  confidence: number | null;
}

/** The faces of a session as stored, with their current student. */
export async function sessionFaces(app: EvalApp, sessionId: SessionId): Promise<StoredFace[]> {
  const { rows } = await app.context.db.query<{
    id: string;
    box_x: number;
    box_y: number;
    box_w: number;
    box_h: number;
    student_id: string | null;
    assignment_status: string;
    confidence: number | null;
  }>(
    `select c.id, c.box_x, c.box_y, c.box_w, c.box_h, c.student_id, c.assignment_status, c.confidence
     from face_crops c join session_images i on i.id = c.image_id
     where i.session_id = $1 order by c.id`,
    [sessionId],
  );
  return rows.map((r) => ({
    cropId: r.id,
    box: { x: r.box_x, y: r.box_y, width: r.box_w, height: r.box_h },
    studentId: r.student_id,
    status: r.assignment_status,
    confidence: r.confidence,
  }));
}
