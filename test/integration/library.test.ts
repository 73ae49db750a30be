// The library entry point (src/lib, docs/API.md) in Node: a database in a directory that keeps
// classes, faces and photo files across a close and reopen, and the card's error kinds as typed
// errors. Real PGlite, real models, real photos.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CropId } from '../../src/contracts/ids';
import {
  AppError,
  ClusteringService,
  EmbeddingService,
  FaceCropAssignmentService,
  InvalidInputError,
  openRollcall,
} from '../../src/lib';
import { fixturePhoto } from '../support/processed-class';

const fixtures = join(import.meta.dirname, '..', 'fixtures');
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rollcall-lib-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('the library', () => {
  test('a database in a directory keeps the class, its faces and its photo files', async () => {
    const first = await openRollcall({ dataDir });
    const klass = await first.api.createClass('Physics');
    const session = await first.api.createSession(klass.id, {
      startsAt: '2026-01-05T09:00:00Z',
      title: '',
    });
    await first.api.addPhotos(session.id, [
      { fileName: 'bbt4.jpg', bytes: fixturePhoto('bbt4.jpg') },
    ]);
    await first.processPhotos();
    const faces = await first.api.listSessionFaces(session.id);
    expect(faces.length).toBeGreaterThanOrEqual(5);
    await first.close();

    const again = await openRollcall({ dataDir });
    try {
      expect((await again.api.listClasses()).map((c) => c.name)).toEqual(['Physics']);
      const kept = await again.api.listSessionFaces(session.id);
      expect(kept.map((f) => f.id)).toEqual(faces.map((f) => f.id));
      const file = await again.api.getPhotoFile(kept[0]!.imageId);
      expect(file.bytes).toEqual(fixturePhoto('bbt4.jpg'));
    } finally {
      await again.close();
    }
  }, 180_000);

  test("the card's error kinds: validation, not-found, as typed errors with a code", async () => {
    const rollcall = await openRollcall();
    try {
      const embedder = new EmbeddingService();
      await expect(embedder.generateEmbedding(join(fixtures, 'no-such-photo.jpg'))).rejects.toThrow(
        expect.objectContaining({ code: 'not-found' }) as Error,
      );
      const noFace = embedder.generateEmbedding(join(fixtures, 'bad-inputs', 'no-faces.jpg'));
      await expect(noFace).rejects.toBeInstanceOf(AppError);
      await expect(noFace).rejects.toMatchObject({ code: 'validation' });
      const vector = await embedder.generateEmbedding(join(fixtures, 'photos', 'bbt4.jpg'));
      expect(vector).toHaveLength(embedder.dimension);

      expect(() => new ClusteringService({ similarityThreshold: 2 })).toThrow(InvalidInputError);
      expect(() => new FaceCropAssignmentService(rollcall.db, { k: 0 })).toThrow(AppError);
      const service = new FaceCropAssignmentService(rollcall.db);
      await expect(service.assignCrop(crypto.randomUUID() as CropId)).rejects.toMatchObject({
        code: 'not-found',
      });
    } finally {
      await rollcall.close();
    }
  }, 120_000);
});
