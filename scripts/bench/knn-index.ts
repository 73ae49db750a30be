// Exact kNN (`<=>`, sequential scan) against an HNSW index in PGlite + pgvector, at class sizes of
// 1k, 5k and 20k identified faces: does an index pay for the assignment service's searches?
// A synthetic class (the app's schema, migrated; `--students` people, each face a unit centre plus
// noise so that two faces of one person have cosine ~0.6 as ArcFace gives on real faces) is bulk-
// loaded by binary COPY. Queries: new faces of the students and strangers' faces. Printed per size:
//   - exact: top-k by `e.vector <=> q` over the class's identified faces (what an index replaces);
//   - hnsw: the same with a partial expression index per model, as the schema needs one
//     (embeddings.vector has no fixed dimension): `using hnsw ((vector::vector(512))
//     vector_cosine_ops) where model_id = 'arcface'`, and the query ordering by that expression;
//     build time and recall@k against exact (iterative scan on, for the class/status filter);
//   - service: FaceCropAssignmentService.assignCrop (proposal only) per face, the whole decision
//     as the app runs it (its per-student-capped neighbour query, exact).
// With --memory-vs-sql (issue 14, item 4; `npm run bench` runs this part as `compareKnn`): the
// app's two exact searches on the same class, per face: the SQL neighbour query
// (`sqlNeighbours`, pgvector `<=>` with the per-person cap) and the class's gallery in memory
// (`ClassGalleries` + `FaceMatrix.nearest`), with the memory answer's recall against SQL and how
// many answers are identical (same faces, order and similarities), and the gallery's load time.
// Usage: node scripts/lib/run-ts.mjs --entry /scripts/bench/knn-index.ts
//          [--sizes 1000,5000,20000] [--students 30] [--queries 100] [--k 10] [--seed 1]
//          [--memory-vs-sql [--sql-queries 20]]
import type { ClassId, CropId } from '../../src/contracts/ids';
import { ClassGalleries } from '../../src/core/assignment/class-gallery';
import { storedVectors } from '../../src/core/assignment/vector-copy';
import {
  FaceCropAssignmentService,
  sqlNeighbours,
} from '../../src/core/assignment/face-crop-assignment';
import { toVectorText } from '../../src/db/vector-text';
import { migrate } from '../../src/db/migrate';
import { bundledMigrations } from '../../src/db/migrations';
import { openDatabase, type Database } from '../../src/db/open';
import { VOTES_PER_STUDENT } from '../../src/domain/assignment/assign';
import { EMBEDDING_MODELS } from '../../src/ml/registry';
import { OptionReader, parseArgs } from '../eval/args';
import { createRandom } from '../eval/random';

const DIM = 512;
const FACES_PER_IMAGE = 20;

function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

function unit(v: Float32Array): Float32Array {
  let s = 0;
  for (const x of v) s += x * x;
  const k = 1 / Math.sqrt(s);
  for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) * k;
  return v;
}

/** Faces of `centres` people: centre + noise, two faces of one person at cosine ~0.6. */
function face(centre: Float32Array, random: () => number): Float32Array {
  const sigma = Math.sqrt((1 / 0.6 - 1) / DIM) * (0.8 + 0.5 * random());
  return unit(Float32Array.from(centre, (x) => x + sigma * gaussian(random)));
}

/** PostgreSQL binary COPY of rows (n int4, v vector): fast bulk loading of vectors. */
function binaryCopy(vectors: readonly Float32Array[], offset: number): Blob {
  const rowBytes = 2 + 4 + 4 + 4 + 4 + 4 * DIM;
  const buffer = new ArrayBuffer(19 + vectors.length * rowBytes + 2);
  const view = new DataView(buffer);
  const signature = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00];
  signature.forEach((b, i) => view.setUint8(i, b));
  let p = 19; // signature, flags int32 0, extension length int32 0
  vectors.forEach((v, i) => {
    view.setInt16(p, 2);
    view.setInt32(p + 2, 4);
    view.setInt32(p + 6, offset + i);
    view.setInt32(p + 10, 4 + 4 * DIM);
    view.setInt16(p + 14, DIM);
    view.setInt16(p + 16, 0);
    p += 18;
    for (const x of v) {
      view.setFloat32(p, x);
      p += 4;
    }
  });
  view.setInt16(p, -1);
  return new Blob([buffer]);
}

/** A migrated database holding one class with `n` identified faces and the query faces. */
async function loadClass(
  n: number,
  students: number,
  queries: readonly Float32Array[],
  gallery: readonly Float32Array[],
): Promise<Database> {
  const db = await openDatabase();
  await migrate(db, bundledMigrations);
  const version = EMBEDDING_MODELS.arcface.version;
  const total = n + queries.length;
  // Gallery faces 0..n-1 (confirmed, student i % students, 20 per photo); query faces n..,
  // unassigned, one photo each.
  await db.exec(`
    insert into classes (id, name) values (md5('class')::uuid, 'Bench');
    insert into sessions (id, class_id, starts_at) values (md5('session')::uuid, md5('class')::uuid, now());
    insert into students (id, class_id, name)
      select md5('student' || s)::uuid, md5('class')::uuid, 'Student ' || s
      from generate_series(0, ${students - 1}) s;
    insert into session_images (id, session_id, class_id, file_name, byte_size, content_hash, status)
      select md5('image' || i)::uuid, md5('session')::uuid, md5('class')::uuid, 'p' || i || '.jpg', 1,
             md5('a' || i) || md5('b' || i), 'done'
      from generate_series(0, ${Math.ceil(n / FACES_PER_IMAGE) + queries.length}) i;
    insert into face_crops (id, image_id, class_id, box_x, box_y, box_w, box_h, detection_score,
                            student_id, assignment_status)
      select md5('crop' || f)::uuid,
             md5('image' || case when f < ${n} then f / ${FACES_PER_IMAGE}
                                 else ${Math.ceil(n / FACES_PER_IMAGE)} + f - ${n} end)::uuid,
             md5('class')::uuid, 0, 0, 100, 100, 1,
             case when f < ${n} then md5('student' || (f % ${students}))::uuid end,
             case when f < ${n} then 'confirmed' else 'unassigned' end
      from generate_series(0, ${total - 1}) f;
    create temp table loaded (n int4, v vector);
  `);
  await db.query("copy loaded from '/dev/blob' with (format binary)", [], {
    blob: binaryCopy([...gallery, ...queries], 0),
  });
  await db.exec(`
    insert into embeddings (crop_id, model_id, model_version, dimension, vector)
      select md5('crop' || n)::uuid, 'arcface', '${version}', ${DIM}, v from loaded;
    drop table loaded;
    analyze;
  `);
  return db;
}

const EXACT = `select e.crop_id, c.student_id from embeddings e join face_crops c on c.id = e.crop_id
  where e.model_id = 'arcface' and c.class_id = md5('class')::uuid
    and c.assignment_status in ('auto', 'confirmed')
  order by e.vector <=> $1::vector limit $2`;
const INDEXED = `select e.crop_id, c.student_id from embeddings e join face_crops c on c.id = e.crop_id
  where e.model_id = 'arcface' and c.class_id = md5('class')::uuid
    and c.assignment_status in ('auto', 'confirmed')
  order by (e.vector::vector(${DIM})) <=> $1::vector(${DIM}) limit $2`;

async function timeQueries(
  db: Database,
  sql: string,
  queries: readonly Float32Array[],
  k: number,
): Promise<{ ms: number; results: string[][]; nearestStudents: string[] }> {
  const results: string[][] = [];
  const nearestStudents: string[] = [];
  await db.query(sql, [toVectorText(queries[0] as Float32Array), k]); // warm-up
  const t0 = performance.now();
  for (const q of queries) {
    const { rows } = await db.query<{ crop_id: string; student_id: string }>(sql, [
      toVectorText(q),
      k,
    ]);
    results.push(rows.map((r) => r.crop_id));
    nearestStudents.push(rows[0]?.student_id ?? '');
  }
  return { ms: (performance.now() - t0) / queries.length, results, nearestStudents };
}

/** The gallery (n faces of `students` people) and the query faces (80% students, 20% strangers). */
function syntheticFaces(n: number, studentCount: number, queryCount: number, seed: number) {
  const random = createRandom(seed);
  const centres = Array.from({ length: studentCount }, () =>
    unit(Float32Array.from({ length: DIM }, () => gaussian(random))),
  );
  const gallery = Array.from({ length: n }, (_, i) =>
    face(centres[i % studentCount] as Float32Array, random),
  );
  const queries = Array.from({ length: queryCount }, (_, i) =>
    i % 5 === 4
      ? unit(Float32Array.from({ length: DIM }, () => gaussian(random)))
      : face(centres[i % studentCount] as Float32Array, random),
  );
  return { gallery, queries };
}

export interface KnnRow {
  galleryFaces: number;
  method: string;
  queries: number;
  msPerQueryP50: number;
  /** Mean CPU time per query (user + system of this process): less noisy on a shared machine. */
  cpuMsPerQuery: number;
  /** Of the SQL answer's faces, the share the method found (SQL itself: 1). */
  recall: number;
  /** Answers identical to SQL's: same faces, same order, same similarities. */
  identical: number;
  note: string;
}

const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

const p50 = (times: number[]) =>
  [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)] as number;

/**
 * Per face, the app's SQL neighbour query against the class's gallery in memory, on one
 * synthetic class per size (the same faces for both). SQL runs `sqlQueries` of the queries.
 */
export async function compareKnn(options: {
  sizes: number[];
  queries: number;
  sqlQueries: number;
  k: number;
  students?: number;
  seed?: number;
}): Promise<KnnRow[]> {
  const rows: KnnRow[] = [];
  const students = options.students ?? 30;
  const version = EMBEDDING_MODELS.arcface.version;
  for (const n of options.sizes) {
    const { gallery, queries } = syntheticFaces(n, students, options.queries, options.seed ?? 1);
    const db = await loadClass(n, students, queries, gallery);
    try {
      const { rows: crops } = await db.query<{ id: CropId; class_id: ClassId; image_id: string }>(
        "select id, class_id, image_id from face_crops where assignment_status = 'unassigned' order by id",
      );
      const galleries = ClassGalleries.of(db);
      await galleries.listen();
      const key = { classId: crops[0]!.class_id, modelId: 'arcface', modelVersion: version };
      const l0 = performance.now();
      const matrix = await galleries.matrix(db, key);
      const loadMs = performance.now() - l0;
      galleries.markStale(); // as after a teacher's change: who is in it again, vectors kept
      const r0 = performance.now();
      await galleries.matrix(db, key);
      const refreshMs = performance.now() - r0;
      const vectors = await storedVectors(
        db,
        crops.map((c) => c.id),
        'arcface',
        version,
      );
      const search = (crop: (typeof crops)[number]) =>
        (
          matrix?.nearest(vectors.get(crop.id)!.vector, {
            k: options.k,
            perGroup: VOTES_PER_STUDENT,
            skipBatch: crop.image_id,
            skipId: crop.id,
          }) ?? []
        ).map((m) => ({ cropId: m.id, studentId: m.group, similarity: m.similarity }));
      search(crops[0]!); // warm-up
      const memoryTimes: number[] = [];
      const memoryCpu0 = cpuMs();
      const memoryAnswers = crops.map((crop) => {
        const t0 = performance.now();
        const answer = search(crop);
        memoryTimes.push(performance.now() - t0);
        return answer;
      });
      const memoryCpu = (cpuMs() - memoryCpu0) / crops.length;
      // As the app searches: a photo's faces at once (FACES_PER_IMAGE per batch).
      const requests = crops.map((crop) => ({
        query: vectors.get(crop.id)!.vector,
        k: options.k,
        perGroup: VOTES_PER_STUDENT,
        skipBatch: crop.image_id,
        skipId: crop.id,
      }));
      const batchTimes: number[] = [];
      let batchSame = 0;
      const batchCpu0 = cpuMs();
      for (let start = 0; start < requests.length; start += FACES_PER_IMAGE) {
        const batch = requests.slice(start, start + FACES_PER_IMAGE);
        const t0 = performance.now();
        const answers = matrix?.nearestMany(batch) ?? [];
        batchTimes.push((performance.now() - t0) / batch.length);
        answers.forEach((answer, i) => {
          const single = memoryAnswers[start + i]!;
          if (answer.length === single.length && answer.every((a, j) => a.id === single[j]!.cropId))
            batchSame++;
        });
      }
      const batchCpu = (cpuMs() - batchCpu0) / crops.length;
      const run = { embeddingModel: 'arcface', modelVersion: version, k: options.k };
      await sqlNeighbours(db, crops[0]!, [], run); // warm-up
      const sqlTimes: number[] = [];
      let found = 0;
      let wanted = 0;
      let identical = 0;
      const sqlCrops = crops.slice(0, options.sqlQueries);
      let sqlCpu = 0;
      for (const [i, crop] of sqlCrops.entries()) {
        const c0 = cpuMs();
        const t0 = performance.now();
        const sql = await sqlNeighbours(db, crop, [], run);
        sqlTimes.push(performance.now() - t0);
        sqlCpu += cpuMs() - c0;
        const memory = memoryAnswers[i]!;
        const got = new Set(memory.map((m) => m.cropId));
        found += sql.filter((s) => got.has(s.cropId)).length;
        wanted += sql.length;
        if (JSON.stringify(memory) === JSON.stringify(sql)) identical++;
      }
      rows.push({
        galleryFaces: n,
        method: 'SQL exact (pgvector <=>, the per-person-capped query)',
        queries: sqlCrops.length,
        msPerQueryP50: p50(sqlTimes),
        cpuMsPerQuery: sqlCpu / sqlCrops.length,
        recall: 1,
        identical: sqlCrops.length,
        note: '',
      });
      rows.push({
        galleryFaces: n,
        method: 'in-memory exact (ClassGalleries + FaceMatrix.nearest)',
        queries: crops.length,
        msPerQueryP50: p50(memoryTimes),
        cpuMsPerQuery: memoryCpu,
        recall: wanted === 0 ? 1 : found / wanted,
        identical,
        note:
          `identical to SQL: ${identical} of ${sqlCrops.length}; gallery load ` +
          `${Math.round(loadMs)} ms, reload after a change ${Math.round(refreshMs)} ms`,
      });
      rows.push({
        galleryFaces: n,
        method: `in-memory exact, a photo's ${FACES_PER_IMAGE} faces at once (nearestMany)`,
        queries: crops.length,
        msPerQueryP50: p50(batchTimes),
        cpuMsPerQuery: batchCpu,
        recall: batchSame === crops.length ? 1 : batchSame / crops.length,
        identical,
        note: `same answers as one face at a time: ${batchSame} of ${crops.length}`,
      });
    } finally {
      await db.close();
    }
  }
  return rows;
}

export async function main(argv: string[]): Promise<number> {
  const reader = new OptionReader(parseArgs(['bench', ...argv]).options);
  const sizes = (reader.string('sizes') ?? '1000,5000,20000').split(',').map(Number);
  const studentCount = reader.number('students', 30);
  const queryCount = reader.number('queries', 100);
  const k = reader.number('k', 10);
  const seed = reader.number('seed', 1);
  const memoryVsSql = reader.boolean('memoryVsSql', false);
  const sqlQueries = reader.number('sqlQueries', 20);
  reader.finish('knn-index');

  if (memoryVsSql) {
    console.log(
      `synthetic class: ${studentCount} students, dim ${DIM}, k ${k}, at most ` +
        `${VOTES_PER_STUDENT} per person; ${queryCount} queries (80% students, 20% strangers)`,
    );
    console.log('faces\tmethod\tqueries\tms/query p50\tCPU ms/query\trecall vs SQL\tnote');
    const rows = await compareKnn({
      sizes,
      queries: queryCount,
      sqlQueries,
      k,
      students: studentCount,
      seed,
    });
    for (const r of rows) {
      console.log(
        `${r.galleryFaces}\t${r.method}\t${r.queries}\t${r.msPerQueryP50.toFixed(2)}\t` +
          `${r.cpuMsPerQuery.toFixed(2)}\t` +
          `${r.recall.toFixed(3)}\t${r.note}`,
      );
    }
    // Exact means exact: any answer different from SQL's fails the run.
    const memory = rows.filter((r) => r.method.startsWith('in-memory exact ('));
    const batched = rows.filter((r) => r.method.startsWith('in-memory exact, '));
    if (batched.some((r) => r.recall !== 1)) return 1;
    return memory.every(
      (r) =>
        r.recall === 1 && r.note.startsWith(`identical to SQL: ${r.identical} of ${r.identical};`),
    )
      ? 0
      : 1;
  }

  console.log(
    `synthetic class: ${studentCount} students, dim ${DIM}, ${queryCount} queries ` +
      `(80% students, 20% strangers), recall@${k} of HNSW (m 16, ef_construction 64, ` +
      `ef_search 40, iterative scan) against exact`,
  );
  console.log(
    'faces\texact ms/query\thnsw build s\thnsw ms/query\trecall@k\tsame nearest student\t' +
      'service assignCrop ms/face',
  );
  for (const n of sizes) {
    const { gallery, queries } = syntheticFaces(n, studentCount, queryCount, seed);
    const db = await loadClass(n, studentCount, queries, gallery);
    try {
      const exact = await timeQueries(db, EXACT, queries, k);

      // The app's whole per-face decision (exact neighbour query + joint decision), no writes.
      const service = new FaceCropAssignmentService(db);
      const { rows: queryCrops } = await db.query<{ id: CropId }>(
        "select id from face_crops where assignment_status = 'unassigned' order by id limit 20",
      );
      const s0 = performance.now();
      for (const crop of queryCrops) await service.assignCrop(crop.id);
      const serviceMs = (performance.now() - s0) / queryCrops.length;

      const b0 = performance.now();
      await db.exec(`
        create index bench_hnsw on embeddings
          using hnsw ((vector::vector(${DIM})) vector_cosine_ops) where model_id = 'arcface';
        analyze embeddings;
        set hnsw.iterative_scan = relaxed_order;
      `);
      const buildS = (performance.now() - b0) / 1000;
      const plan = await db.query<{ 'QUERY PLAN': string }>(`explain ${INDEXED}`, [
        toVectorText(queries[0] as Float32Array),
        k,
      ]);
      const usesIndex = plan.rows.some((r) => r['QUERY PLAN'].includes('bench_hnsw'));
      const indexed = await timeQueries(db, INDEXED, queries, k);
      let hits = 0;
      exact.results.forEach((truth, i) => {
        const got = new Set(indexed.results[i]);
        hits += truth.filter((id) => got.has(id)).length;
      });
      const recall = hits / exact.results.reduce((sum, r) => sum + r.length, 0);
      const sameNearest = exact.nearestStudents.filter(
        (student, i) => indexed.nearestStudents[i] === student,
      ).length;
      console.log(
        `${n}\t${exact.ms.toFixed(1)}\t${buildS.toFixed(1)}\t${indexed.ms.toFixed(1)}` +
          `${usesIndex ? '' : ' (index NOT used)'}\t${recall.toFixed(3)}\t` +
          `${(sameNearest / queries.length).toFixed(3)}\t${serviceMs.toFixed(1)}`,
      );
    } finally {
      await db.close();
    }
  }
  return 0;
}
