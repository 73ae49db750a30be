// How big one class's school year gets in PGlite, which holds the whole database in memory (in
// the browser's core worker; iOS Safari struggles above a few hundred MB). Synthetic rows with the
// real schema (all migrations): a class of 30 students, 150 sessions of 3 photos, ~33 faces per
// photo (15,000 faces), each with its landmarks, quality, a real 96x96 JPEG thumbnail (cut from
// the test photos with sharp, as the app makes them) and one 512-d ArcFace vector, plus the
// attendance rows. Prints the database size, the dumpDataDir size and this process's memory.
// Usage: node scripts/lib/run-ts.mjs --entry /scripts/bench/school-year-size.ts
//          [--students 30] [--sessions 150] [--photos 3] [--faces 15000] [--dim 512]
import sharp from 'sharp';
import { fileURLToPath } from 'node:url';
import { migrate } from '../../src/db/migrate';
import { bundledMigrations } from '../../src/db/migrations';
import { openDatabase, type Database } from '../../src/db/open';
import { OptionReader, parseArgs } from '../eval/args';
import { createRandom } from '../eval/random';

const MB = 1024 * 1024;
const PHOTOS = ['bbt3.jpg', 'bbt4.jpg', 'bbt5.jpg'].map((name) =>
  fileURLToPath(new URL(`../../test/fixtures/photos/${name}`, import.meta.url)),
);

/** Real thumbnails: 96x96 JPEGs (quality 80, as the app's) of random squares of real photos. */
async function makeThumbnails(count: number, random: () => number): Promise<Buffer[]> {
  const thumbnails: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const image = sharp(PHOTOS[i % PHOTOS.length]);
    const { width = 0, height = 0 } = await image.metadata();
    const side = Math.round(40 + random() * 80);
    const left = Math.floor(random() * (width - side));
    const top = Math.floor(random() * (height - side));
    thumbnails.push(
      await image
        .extract({ left, top, width: side, height: side })
        .resize(96, 96)
        .jpeg({ quality: 80 })
        .toBuffer(),
    );
  }
  return thumbnails;
}

function memory(): string {
  const m = process.memoryUsage();
  return `rss ${(m.rss / MB).toFixed(0)} MB, JS heap ${(m.heapUsed / MB).toFixed(0)} MB, array buffers ${(m.arrayBuffers / MB).toFixed(0)} MB`;
}

async function sizeOf(db: Database, sql: string): Promise<number> {
  const { rows } = await db.query<{ bytes: string | number }>(sql);
  return Number(rows[0]?.bytes ?? 0);
}

/** Bytes of the files in a tar archive, by their first two path levels. */
function tarSizesByDirectory(tar: Uint8Array): Record<string, number> {
  const sizes: Record<string, number> = {};
  const text = (from: number, length: number) =>
    new TextDecoder().decode(tar.subarray(from, from + length)).replace(/\0.*$/s, '');
  for (let at = 0; at + 512 <= tar.length;) {
    const name = text(at, 100);
    if (!name) break;
    const size = parseInt(text(at + 124, 12).trim() || '0', 8);
    const dir = name.split('/').filter(Boolean).slice(0, 3).join('/');
    sizes[dir] = (sizes[dir] ?? 0) + size;
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return sizes;
}

export async function main(argv: string[]): Promise<number> {
  const args = new OptionReader(parseArgs(['bench', ...argv]).options);
  const positive = (n: number) => Number.isInteger(n) && n > 0;
  const students = args.number('students', 30, positive);
  const sessions = args.number('sessions', 150, positive);
  const photosPerSession = args.number('photos', 3, positive);
  const faces = args.number('faces', 15_000, positive);
  const dim = args.number('dim', 512, positive);
  const random = createRandom(1);
  const photoCount = sessions * photosPerSession;
  const facesPerPhoto = Math.round(faces / photoCount);

  console.log(`before: ${memory()}`);
  const thumbnails = await makeThumbnails(200, random);
  const thumbBytes = thumbnails.reduce((n, t) => n + t.length, 0) / thumbnails.length;
  const db = await openDatabase();
  await migrate(db, bundledMigrations);
  const started = Date.now();

  const klass = await db.query<{ id: string }>(
    "insert into classes (name) values ('Year 5 maths') returning id",
  );
  const classId = klass.rows[0]?.id as string;
  const studentIds: string[] = [];
  for (let s = 0; s < students; s++) {
    const { rows } = await db.query<{ id: string }>(
      'insert into students (class_id, name) values ($1, $2) returning id',
      [classId, `Student ${s + 1}`],
    );
    studentIds.push(rows[0]?.id as string);
  }

  let faceCount = 0;
  for (let s = 0; s < sessions; s++) {
    await db.transaction(async (tx) => {
      const session = await tx.query<{ id: string }>(
        "insert into sessions (class_id, starts_at, title) values ($1, now() - ($2 || ' days')::interval, 'Lesson') returning id",
        [classId, String(s)],
      );
      const sessionId = session.rows[0]?.id as string;
      for (let p = 0; p < photosPerSession; p++) {
        const hash = [...crypto.getRandomValues(new Uint8Array(32))]
          .map((b) => b.toString(16).padStart(2, '0'))
          .join('');
        const image = await tx.query<{ id: string }>(
          `insert into session_images (session_id, class_id, file_name, mime_type, byte_size, content_hash,
                                       width, height, status, processed_at)
           values ($1, $2, $3, 'image/jpeg', 3500000, $4, 4032, 3024, 'done', now()) returning id`,
          [sessionId, classId, `IMG_${s}_${p}.jpg`, hash],
        );
        const imageId = image.rows[0]?.id as string;
        for (let f = 0; f < facesPerPhoto; f++) {
          const studentId = studentIds[f % students] as string;
          const crop = await tx.query<{ id: string }>(
            `insert into face_crops (image_id, class_id, box_x, box_y, box_w, box_h, landmarks,
                                     detection_score, quality, thumbnail, student_id,
                                     assignment_status, confidence)
             values ($1, $2, $3, $4, 60, 70, $5, 0.9, $6, $7, $8, 'auto', 0.8) returning id`,
            [
              imageId,
              classId,
              random() * 3900,
              random() * 2900,
              Array.from({ length: 136 }, () => random() * 4000),
              JSON.stringify({ size: 0.7, blur: 0.8, pose: 0.9, overall: 0.8 }),
              thumbnails[faceCount % thumbnails.length],
              studentId,
            ],
          );
          const vector = Array.from({ length: dim }, () => (random() * 2 - 1).toFixed(6));
          await tx.query(
            `insert into embeddings (crop_id, model_id, model_version, dimension, vector)
             values ($1, 'arcface', '1', $2, $3::vector)`,
            [crop.rows[0]?.id, dim, `[${vector.join(',')}]`],
          );
          faceCount += 1;
        }
      }
      for (const studentId of studentIds) {
        await tx.query(
          `insert into attendance (session_id, student_id, class_id, status, source)
           values ($1, $2, $3, 'present', 'auto')`,
          [sessionId, studentId, classId],
        );
      }
    });
  }
  await db.exec('checkpoint');
  console.log(
    `rows: ${students} students, ${sessions} sessions, ${photoCount} photos, ${faceCount} faces ` +
      `(${facesPerPhoto} per photo, thumbnails ${(thumbBytes / 1024).toFixed(1)} KB on average, ` +
      `${dim}-d vectors), written in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );

  const database = await sizeOf(db, 'select pg_database_size(current_database()) as bytes');
  const table = (name: string) => sizeOf(db, `select pg_total_relation_size('${name}') as bytes`);
  const parts = {
    face_crops: await table('face_crops'),
    embeddings: await table('embeddings'),
    attendance: await table('attendance'),
    session_images: await table('session_images'),
  };
  const thumbnailsTotal = await sizeOf(
    db,
    'select coalesce(sum(octet_length(thumbnail)), 0) as bytes from face_crops',
  );
  console.log(`database (pg_database_size): ${(database / MB).toFixed(1)} MB`);
  for (const [name, bytes] of Object.entries(parts))
    console.log(`  ${name} with indexes and TOAST: ${(bytes / MB).toFixed(1)} MB`);
  console.log(`  of which thumbnails (bytes stored): ${(thumbnailsTotal / MB).toFixed(1)} MB`);
  // PGlite keeps the whole data directory in memory (the browser loads it from IndexedDB at
  // start), next to the WebAssembly heap of the Postgres process itself.
  const wasmHeap = (db.Module as unknown as { HEAPU8: Uint8Array }).HEAPU8.byteLength;
  console.log(`WebAssembly heap of PGlite: ${(wasmHeap / MB).toFixed(0)} MB; process: ${memory()}`);
  const dump = await db.dumpDataDir('none');
  const tar = new Uint8Array(await dump.arrayBuffer());
  console.log(
    `dumpDataDir (whole data directory, uncompressed tar): ${(dump.size / MB).toFixed(1)} MB`,
  );
  for (const [dir, bytes] of Object.entries(tarSizesByDirectory(tar)).sort((a, b) => b[1] - a[1]))
    if (bytes > MB) console.log(`  ${dir}: ${(bytes / MB).toFixed(1)} MB`);
  const gzipped = await db.dumpDataDir('gzip');
  console.log(`dumpDataDir gzip: ${(gzipped.size / MB).toFixed(1)} MB`);
  await db.close();
  return 0;
}
