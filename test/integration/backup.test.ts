// Backup and restore against real PGlite databases, with faces and embeddings made by the real
// models from real photos: the restored database equals the original row by row (compared in
// Postgres' own text form of each row), and every bad file is refused with nothing changed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CropId } from '../../src/contracts/ids';
import type { InferenceApi } from '../../src/contracts/inference';
import {
  BACKUP_FORMAT_VERSION,
  BackupReader,
  BackupWriter,
  type PhotoContent,
} from '../../src/core/backup/backup-format';
import { dumpBackup } from '../../src/core/backup/dump';
import { FaceCropClusteringService } from '../../src/core/clustering/face-crop-clustering';
import { markNotAStudent } from '../../src/core/review/face-review';
import { restoreBackup } from '../../src/core/backup/restore';
import { addPhotos } from '../../src/core/photos/add-photos';
import { generateCropEmbeddings } from '../../src/core/photos/crop-embeddings';
import { memoryPhotoStore, type PhotoStore } from '../../src/core/photos/photo-store';
import { PhotoProcessor } from '../../src/core/photos/processing-queue';
import { createClass, deleteClass } from '../../src/core/classes/classes';
import { createSession } from '../../src/core/sessions/sessions';
import { addStudent } from '../../src/core/students/students';
import { checkConsistency, checkPhotoBytes } from '../../src/db/consistency';
import { migrate } from '../../src/db/migrate';
import { bundledMigrations, type Migration } from '../../src/db/migrations';
import { openDatabase, type Database } from '../../src/db/open';
import { createNodeInference } from '../../scripts/lib/node-inference';
import { openMigratedDatabase, useTestDatabase } from '../support/db';
import { expectAppError } from '../support/errors';

const photo = (name: string) =>
  new Uint8Array(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'photos', name)));

const db = useTestDatabase();
let inference: InferenceApi;
let target: Database;
beforeAll(async () => {
  inference = createNodeInference();
  target = await openMigratedDatabase();
});
afterAll(async () => {
  await target.close();
});

/** Every table of the public schema, each row in Postgres' text form, in primary key order. */
async function snapshot(database: Database): Promise<Record<string, string[]>> {
  const { rows: tables } = await database.query<{ name: string }>(
    `select table_name as name from information_schema.tables
     where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const result: Record<string, string[]> = {};
  for (const { name } of tables) {
    // A restore applies the migrations again: when it did so is not part of the data.
    const row = name === 'schema_migrations' ? '(t.version, t.name, t.checksum)' : 't';
    const { rows } = await database.query<{ row: string }>(
      `select ${row}::text as row from ${name} t order by 1`,
    );
    result[name] = rows.map((r) => r.row);
  }
  return result;
}

/** Two classes; one with students, sessions, processed photos, both models' embeddings,
 * assignments, a rejection, attendance and audit entries; plus a deleted class's audit entry. */
async function fillDatabase(database: Database, store: PhotoStore) {
  const physics = await createClass(database, 'Physics');
  await createClass(database, 'Chemistry');
  const gone = await createClass(database, 'Biology');
  await deleteClass(database, gone.id);
  const students = [];
  for (const name of ['Ada', 'Ben', 'Chloé'])
    students.push(await addStudent(database, physics.id, name));
  const monday = await createSession(database, physics.id, {
    startsAt: '2026-11-16T09:00:00Z',
    title: 'Monday',
  });
  const tuesday = await createSession(database, physics.id, {
    startsAt: '2026-11-17T09:00:00Z',
    title: 'Tuesday',
  });
  await addPhotos(database, store, monday.id, [
    { fileName: 'group.jpg', bytes: photo('bbt4.jpg') },
    { fileName: 'broken.jpg', bytes: photo('truncated.jpg') },
  ]);
  await addPhotos(database, store, tuesday.id, [
    { fileName: 'other.jpg', bytes: photo('bbt3.jpg') },
  ]);
  const processor = new PhotoProcessor(database, store, inference, {
    embeddingModels: ['arcface'],
  });
  await processor.kick();

  const { rows: crops } = await database.query<{ id: string }>(
    'select id from face_crops order by id',
  );
  await generateCropEmbeddings(
    database,
    store,
    inference,
    crops.slice(0, 2).map((c) => c.id),
    'facenet',
  );
  const [ada, ben] = students;
  await database.query(
    `update face_crops set student_id = $1, assignment_status = 'confirmed', confidence = 0.9
     where id = $2`,
    [ada?.id, crops[0]?.id],
  );
  await database.query(
    `insert into crop_rejections (crop_id, student_id, class_id) values ($1, $2, $3)`,
    [crops[1]?.id, ben?.id, physics.id],
  );
  await database.query(
    `insert into attendance (session_id, student_id, class_id, status, source, evidence_crop_id)
     values ($1, $2, $3, 'present', 'auto', $4), ($1, $5, $3, 'absent', 'manual', null)`,
    [monday.id, ada?.id, physics.id, crops[0]?.id, ben?.id],
  );
  // Someone not in this class (a dismissed person), and the other faces as questions.
  await markNotAStudent(database, [crops[2]!.id as CropId]);
  await new FaceCropClusteringService(database).clusterSessionCrops(tuesday.id);
  return { physics, monday };
}

async function expectEmpty(database: Database, store: PhotoStore) {
  const { rows } = await database.query<{ n: number }>(
    `select (select count(*) from classes) + (select count(*) from audit_log) +
            (select count(*) from session_images) as n`,
  );
  expect(rows[0]?.n).toBe(0);
  expect(await store.keys()).toEqual([]);
}

/** The file with one byte changed at `position` (negative: from the end). */
async function withByteFlipped(file: Blob, position: number): Promise<Blob> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const at = position < 0 ? bytes.length + position : position;
  bytes[at] = (bytes[at] ?? 0) ^ 0xff;
  return new Blob([bytes]);
}

type Row = Record<string, unknown>;
interface BackupParts {
  tables: Record<string, Row[]>;
  photos: PhotoContent[];
  missingPhotos: string[];
}

/** The backup taken apart, changed by `edit`, and written again as a well-formed file: a
 * crafted backup whose container and checksums are right but whose content may not fit. */
async function craftBackup(file: Blob, edit: (parts: BackupParts) => void): Promise<Blob> {
  const reader = await BackupReader.open(file);
  const { header } = reader;
  const parts: BackupParts = {
    tables: {},
    photos: [],
    missingPhotos: [...(header.missingPhotos ?? [])],
  };
  for (const entry of header.tables) {
    parts.tables[entry.name] = JSON.parse(await reader.tableRowsJson(entry)) as Row[];
  }
  for (const entry of header.photos) {
    parts.photos.push({
      id: entry.id,
      mimeType: entry.mimeType,
      bytes: await reader.photoBytes(entry),
    });
  }
  edit(parts);
  const writer = new BackupWriter();
  for (const entry of header.tables) {
    const rows = parts.tables[entry.name] ?? [];
    await writer.addTable({
      name: entry.name,
      columns: entry.columns,
      rowCount: rows.length,
      rowsJson: JSON.stringify(rows),
    });
  }
  for (const photo of parts.photos) await writer.addPhoto(photo);
  for (const id of parts.missingPhotos) writer.markPhotoMissing(id);
  return writer.finish({ createdAt: header.createdAt, migrations: header.migrations });
}

const HTML = new TextEncoder().encode('<!doctype html><script>alert(1)</script>');
const rowsOf = (parts: BackupParts, table: string) => parts.tables[table] ?? [];
/** The photo that has faces (bbt4 on Monday), and its row. */
const photoWithFaces = (parts: BackupParts) => {
  const faceImage = rowsOf(parts, 'face_crops').find((c) => c.student_id)?.image_id;
  const photo = parts.photos.find((p) => p.id === faceImage);
  if (!photo) throw new Error('the backup has no photo with faces');
  return photo;
};

describe('backup and restore', () => {
  let original: Record<string, string[]>;
  let backup: Blob;
  let sourceStore: PhotoStore;

  test('a restored database equals the original, table by table and row by row', async () => {
    sourceStore = memoryPhotoStore();
    await fillDatabase(db(), sourceStore);
    original = await snapshot(db());
    // The fill reached every table, so the comparison below compares something everywhere.
    for (const [table, rows] of Object.entries(original)) {
      expect(rows.length, `rows in ${table}`).toBeGreaterThan(0);
    }
    const progress: number[] = [];
    const started = performance.now();
    const { file, summary } = await dumpBackup(db(), sourceStore, {
      onProgress: ({ done, total }) => void progress.push(done / total),
    });
    backup = file;
    console.info(
      `backup: ${summary.photos} photos, ${original.face_crops?.length} faces, ${(file.size / 1024).toFixed(0)} KiB in ${(performance.now() - started).toFixed(0)} ms`,
    );
    expect(progress.at(-1)).toBe(1);
    expect(summary).toMatchObject({ classes: 2, students: 3, sessions: 2, photos: 3 });

    const restoredStore = memoryPhotoStore();
    const restored = await restoreBackup(target, restoredStore, file, bundledMigrations);
    expect(restored.rowCounts).toEqual(summary.rowCounts);
    expect(await snapshot(target)).toEqual(original);

    for (const id of await sourceStore.keys()) {
      expect(await restoredStore.get(id), `photo ${id}`).toEqual(await sourceStore.get(id));
    }
    expect((await restoredStore.keys()).sort()).toEqual((await sourceStore.keys()).sort());
    expect(await checkConsistency(target)).toEqual([]);
    expect(await checkPhotoBytes(target, await restoredStore.keys())).toEqual([]);

    // The identity sequence moved past the restored audit ids: a new entry gets a new id.
    await createClass(target, 'After restore');
    const { rows } = await target.query<{ n: number }>(
      'select count(distinct id)::int as n from audit_log',
    );
    expect(rows[0]?.n).toBe((original.audit_log?.length ?? 0) + 1);
  });

  test('a backup stopped by the teacher ends with a cancelled error', async () => {
    const stopped = dumpBackup(db(), memoryPhotoStore(), {
      onProgress: ({ done }) => done < 3,
    });
    const error = await expectAppError(stopped, 'cancelled');
    expect(error.message).toMatch(/stopped/);
  });

  test('restoring into a device that has data is refused and changes nothing', async () => {
    const before = await snapshot(target);
    const store = memoryPhotoStore();
    const error = await expectAppError(
      restoreBackup(target, store, backup, bundledMigrations),
      'conflict',
    );
    expect(error.message).toMatch(/Delete all data on this device/);
    expect(await snapshot(target)).toEqual(before);
    expect(await store.keys()).toEqual([]);
  });

  describe('bad files are refused before anything changes', () => {
    let empty: Database;
    beforeAll(async () => {
      empty = await openMigratedDatabase();
    });
    afterAll(async () => {
      await empty.close();
    });

    const refused: [string, () => Promise<Blob>, RegExp][] = [
      ['a damaged photo', () => withByteFlipped(backup, -10), /damaged or incomplete/],
      ['a damaged header', () => withByteFlipped(backup, 60), /damaged or incomplete/],
      ['a cut-off file', () => Promise.resolve(backup.slice(0, backup.size - 5000)), /damaged/],
      ['only the first bytes', () => Promise.resolve(backup.slice(0, 20)), /damaged/],
      ['an empty file', () => Promise.resolve(new Blob([])), /not a Rollcall backup/],
      ['a photo', () => Promise.resolve(new Blob([photo('bbt3.jpg')])), /not a Rollcall backup/],
      [
        'a newer format',
        async () => {
          const bytes = new Uint8Array(await backup.arrayBuffer());
          new DataView(bytes.buffer).setUint32(8, BACKUP_FORMAT_VERSION + 1);
          return new Blob([bytes]);
        },
        /newer version of Rollcall/,
      ],
    ];
    test.each(refused)('%s', async (_name, make, message) => {
      const store = memoryPhotoStore();
      const error = await expectAppError(
        restoreBackup(empty, store, await make(), bundledMigrations),
        'validation',
      );
      expect(error.message).toMatch(message);
      expect(error.message).toMatch(/Nothing was changed|Choose a file/);
      await expectEmpty(empty, store);
    });

    // Issue 10, defect 4: crafted backups, well-formed and checksummed, whose content does not
    // fit together. Each is refused in plain words before anything is written.
    const inconsistent: [string, (parts: BackupParts) => void][] = [
      ['a photo row without its photo section', (parts) => void parts.photos.shift()],
      [
        'a photo section without its row',
        (parts) => {
          const photo = parts.photos[0]!;
          parts.tables.session_images = rowsOf(parts, 'session_images').filter(
            (row) => row.id !== photo.id,
          );
          parts.tables.face_crops = rowsOf(parts, 'face_crops').filter(
            (row) => row.image_id !== photo.id,
          );
        },
      ],
      ['HTML bytes declared as a JPEG photo', (parts) => void (photoWithFaces(parts).bytes = HTML)],
      [
        'HTML bytes declared as text/html, row and section alike',
        (parts) => {
          const photo = photoWithFaces(parts);
          photo.bytes = HTML;
          photo.mimeType = 'text/html';
          const row = rowsOf(parts, 'session_images').find((r) => r.id === photo.id)!;
          row.mime_type = 'text/html';
        },
      ],
      ['a JPEG declared as a PNG', (parts) => void (photoWithFaces(parts).mimeType = 'image/png')],
      [
        'two photos swapped (each row has the other one’s bytes)',
        (parts) => {
          const [a, b] = parts.photos;
          [a!.bytes, b!.bytes] = [b!.bytes, a!.bytes];
          [a!.mimeType, b!.mimeType] = [b!.mimeType, a!.mimeType];
        },
      ],
      [
        'a photo listed as missing that has its bytes',
        (parts) => void parts.missingPhotos.push(parts.photos[0]!.id),
      ],
      [
        'face rows pointing at a photo that is not there',
        (parts) => {
          const photo = photoWithFaces(parts);
          parts.photos = parts.photos.filter((p) => p !== photo);
          parts.tables.session_images = rowsOf(parts, 'session_images').filter(
            (row) => row.id !== photo.id,
          );
        },
      ],
      [
        'a face row pointing at a student that is not there',
        (parts) =>
          void (rowsOf(parts, 'face_crops').find((c) => c.student_id)!.student_id =
            '00000000-0000-4000-8000-000000000000'),
      ],
      [
        'students of a class that is not there',
        (parts) =>
          void (parts.tables.classes = rowsOf(parts, 'classes').filter(
            (c) => c.name !== 'Physics',
          )),
      ],
    ];
    test.each(inconsistent)('%s', async (_name, edit) => {
      const crafted = await craftBackup(backup, edit);
      const store = memoryPhotoStore();
      const error = await expectAppError(
        restoreBackup(empty, store, crafted, bundledMigrations),
        'validation',
      );
      expect(error.message).toBe(
        'This backup’s data does not fit together, so it was not restored. Nothing was changed. Try another copy of the backup.',
      );
      await expectEmpty(empty, store);
    });

    test('the untouched backup, taken apart and put together again, still restores', async () => {
      const fresh = await openMigratedDatabase();
      try {
        const store = memoryPhotoStore();
        await restoreBackup(fresh, store, await craftBackup(backup, () => {}), bundledMigrations);
        expect(await snapshot(fresh)).toEqual(original);
      } finally {
        await fresh.close();
      }
    });

    test('a device that had lost a photo’s bytes: the backup says so, and restores with the rest', async () => {
      const klass = await createClass(db(), 'Art');
      const session = await createSession(db(), klass.id, {
        startsAt: '2026-11-18T09:00:00Z',
        title: '',
      });
      const lossy = memoryPhotoStore();
      const { added } = await addPhotos(db(), lossy, session.id, [
        { fileName: 'kept.jpg', bytes: photo('bbt3.jpg') },
        { fileName: 'lost.jpg', bytes: photo('bbt5.jpg') },
      ]);
      const lost = added.find((a) => a.fileName === 'lost.jpg')!.imageId;
      await lossy.delete([lost]);
      const { file } = await dumpBackup(db(), lossy);
      expect((await BackupReader.open(file)).header.missingPhotos).toEqual([lost]);
      const fresh = await openMigratedDatabase();
      try {
        const store = memoryPhotoStore();
        const summary = await restoreBackup(fresh, store, file, bundledMigrations);
        expect(summary.rowCounts.session_images).toBe(2);
        expect(await store.keys()).toHaveLength(1);
        expect(await checkPhotoBytes(fresh, await store.keys())).toHaveLength(1);
      } finally {
        await fresh.close();
      }
    });

    test('a full disk while writing photos: a storage error, no photos and no rows kept', async () => {
      const store = memoryPhotoStore();
      let puts = 0;
      const filling: PhotoStore = {
        ...store,
        put: async (id, bytes, mimeType) => {
          if (++puts === 2)
            throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
          await store.put(id, bytes, mimeType);
        },
      };
      const error = await expectAppError(
        restoreBackup(empty, filling, backup, bundledMigrations),
        'storage',
      );
      expect(error.message).toMatch(/out of storage space/);
      await expectEmpty(empty, store);
    });
  });

  describe('data versions', () => {
    // A later migration that changes a table the backup has rows in.
    const later: Migration = {
      version: bundledMigrations.length + 1,
      name: 'student_nicknames',
      sql: `alter table students add column nickname text not null default '';
            update students set nickname = lower(name);`,
    };
    const newerApp = [...bundledMigrations, later];
    let newer: Database;
    beforeAll(async () => {
      newer = await openDatabase();
      await migrate(newer, newerApp);
    });
    afterAll(async () => {
      await newer.close();
    });

    test('an older backup is restored at its own version, then migrated forward', async () => {
      const store = memoryPhotoStore();
      await restoreBackup(newer, store, backup, newerApp);
      const { rows } = await newer.query<{ name: string; nickname: string }>(
        'select name, nickname from students order by name',
      );
      expect(rows).toEqual([
        { name: 'Ada', nickname: 'ada' },
        { name: 'Ben', nickname: 'ben' },
        { name: 'Chloé', nickname: 'chloé' },
      ]);
      const { rows: versions } = await newer.query<{ version: number }>(
        'select version from schema_migrations order by version',
      );
      expect(versions.map((v) => v.version)).toEqual(newerApp.map((m) => m.version));
      expect(await checkConsistency(newer)).toEqual([]);
    });

    test('a backup from a newer Rollcall is refused with a plain message', async () => {
      const { file } = await dumpBackup(newer, memoryPhotoStore());
      expect((await BackupReader.open(file)).header.migrations.at(-1)?.version).toBe(later.version);
      const fresh = await openMigratedDatabase();
      try {
        const store = memoryPhotoStore();
        const error = await expectAppError(
          restoreBackup(fresh, store, file, bundledMigrations),
          'validation',
        );
        expect(error.message).toMatch(/newer version of Rollcall/);
        await expectEmpty(fresh, store);
      } finally {
        await fresh.close();
      }
    });
  });
});
