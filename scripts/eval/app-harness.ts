// The app's core services in Node for the workflow tasks (classroom, roster): a real in-memory
// PGlite migrated with the app's migrations, an in-memory photo store, and the app's photo queue
// running the app's inference pipeline on onnxruntime-node. Photos are added, processed and
// saved by the same code as in the browser; only the storage backends differ.
import type { ClassId, SessionId } from '../../src/contracts/ids';
import type { CoreContext } from '../../src/core/core-context';
import { addPhotos, type PhotoFile } from '../../src/core/photos/add-photos';
import { memoryPhotoStore } from '../../src/core/photos/photo-store';
import { PhotoProcessor } from '../../src/core/photos/processing-queue';
import { createClass } from '../../src/core/services/classes';
import { createSession } from '../../src/core/services/sessions';
import { migrate } from '../../src/db/migrate';
import { bundledMigrations } from '../../src/db/migrations';
import { openDatabase } from '../../src/db/open';
import { updateClassSettings } from '../../src/core/settings/class-settings';
import type { EmbeddingModelId } from '../../src/ml/registry';
import { createNodeInference } from '../lib/node-inference';

export interface EvalApp {
  context: CoreContext;
  classId: ClassId;
  /** Milliseconds spent processing session photos (decode, detect, embed, save), and how many. */
  processing: { ms: number; photos: number };
  close(): Promise<void>;
}

export async function openEvalApp(model: EmbeddingModelId, className: string): Promise<EvalApp> {
  const db = await openDatabase();
  await migrate(db, bundledMigrations);
  const photos = memoryPhotoStore();
  const inference = createNodeInference();
  const processor = new PhotoProcessor(db, photos, inference, {});
  const classId = (await createClass(db, className)).id;
  // As a teacher would: the class's recognition settings pick the model its photos embed with.
  await updateClassSettings(db, classId, { embeddingModel: model });
  return {
    context: { db, photos, processor, inference },
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
  const { db, photos, processor } = app.context;
  const startsAt = new Date(Date.UTC(2026, 0, 5 + index, 9)).toISOString();
  const session = await createSession(db, app.classId, { startsAt, title: `Session ${index + 1}` });
  const added = await addPhotos(db, photos, session.id, files);
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
