// The reference card's Quick Start, end to end, with the library (src/lib): generate
// embeddings, cluster a session, name the groups as a teacher would, and assign the next
// session's faces with kNN. Real models (onnxruntime-node), a real PGlite with pgvector, the
// bbt photos in test/fixtures/photos (the same five people in both).
// Run: npm run example   (node scripts/lib/run-ts.mjs --entry /examples/quick-start.ts)
// It fails (exit code 1) when a step does not give what the card promises, so CI runs it.
import { join } from 'node:path';
import {
  EmbeddingService,
  FaceCropAssignmentService,
  FaceCropClusteringService,
  openRollcall,
} from '../src/lib';

const photos = join(import.meta.dirname, '..', 'test', 'fixtures', 'photos');

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`quick start: ${what}`);
  console.log(`  ok: ${what}`);
}

export async function main(): Promise<number> {
  const rollcall = await openRollcall(); // in memory; { dataDir } keeps it on disk
  const { api, db } = rollcall;
  try {
    const model = 'facenet'; // the card's model_name
    const klass = await api.createClass('Physics');
    await api.updateClassSettings(klass.id, { embeddingModel: model });

    // Process the first session's photos (detect, align, embed with the class's model).
    const lesson1 = await api.createSession(klass.id, {
      startsAt: '2026-01-05T09:00:00Z',
      title: '',
    });
    const embedder = new EmbeddingService({ modelName: model });
    await api.addPhotos(lesson1.id, [{ fileName: 'bbt3.jpg', bytes: await bytesOf('bbt3.jpg') }]);
    await rollcall.processPhotos();
    const faces = await api.listSessionFaces(lesson1.id);
    console.log(`lesson 1: ${faces.length} faces`);

    // 1. Generate embeddings: one face, then a batch (the card's two endpoints).
    const one = await api.generateCropEmbedding(faces[0]!.id, { modelName: model });
    check(one.dimension === embedder.dimension, `one face embedded, ${one.dimension} numbers`);
    const batch = await api.generateCropEmbeddingsBatch({
      faceCropIds: faces.map((f) => f.id),
      modelName: model,
    });
    check(batch.failed === 0, `batch: ${batch.succeeded} faces embedded, none failed`);

    // 2. Cluster the session's faces. Rollcall never creates students from clusters: each
    //    unknown cluster becomes a question the teacher answers (formGroups).
    const clustering = new FaceCropClusteringService(db, {
      embeddingModel: model,
      maxClusters: 30,
    });
    const clustered = await clustering.clusterSessionCrops(lesson1.id, {
      formGroups: true,
      assignCrops: true,
    });
    check(
      clustered.groupsFormed >= 4,
      `${clustered.numClusters} clusters, ${clustered.groupsFormed} questions for the teacher`,
    );

    // 3. Review and rename: the teacher names each question (here "Student 1", "Student 2", ...).
    const questions = await api.listQuestions({ sessionId: lesson1.id });
    for (const [i, question] of questions.entries()) {
      await api.assignFacesToName(
        question.faces.map((f) => f.cropId),
        `Student ${i + 1}`,
      );
    }
    const named = await api.listStudents(klass.id);
    check(named.length === questions.length, `${named.length} students named`);

    // 4. The next session: its faces are assigned to the named students with kNN.
    const lesson2 = await api.createSession(klass.id, {
      startsAt: '2026-01-06T09:00:00Z',
      title: '',
    });
    await api.addPhotos(lesson2.id, [{ fileName: 'bbt5.jpg', bytes: await bytesOf('bbt5.jpg') }]);
    await rollcall.processPhotos();
    const assignment = new FaceCropAssignmentService(db, {
      embeddingModel: model,
      k: 5,
      useVoting: true,
    });
    const proposals = await assignment.assignSessionCrops(lesson2.id); // autoCommit false: a dry run
    const result = await assignment.assignSessionCrops(lesson2.id, { autoCommit: true });
    check(
      result.assigned === proposals.assigned && result.committed,
      `lesson 2: the dry run proposed what was then written (${result.assigned} faces)`,
    );
    const students = new Set(result.results.flatMap((r) => (r.studentId ? [r.studentId] : [])));
    check(
      result.assigned >= 4 && students.size === result.assigned,
      `lesson 2: ${result.assigned} faces assigned to ${students.size} different students`,
    );

    // The same operations one face or one class at a time.
    const left = result.results.find((r) => r.reason !== 'assigned');
    if (left) console.log(`  one face again: ${(await assignment.assignCrop(left.cropId)).reason}`);
    const whole = await assignment.assignClassCrops(klass.id);
    check(whole.assigned === 0, 'the class has nothing left to assign automatically');

    // EmbeddingService on a file path, and its comparisons (the card's Programmatic Usage).
    const a = await embedder.generateEmbedding(join(photos, 'bbt3.jpg'));
    const b = await embedder.generateEmbedding(join(photos, 'bbt5.jpg'));
    const similarity = embedder.calculateSimilarity(a, b);
    check(
      similarity > -1 && similarity <= 1,
      `similarity of two photos' largest faces ${similarity.toFixed(3)}`,
    );
    return 0;
  } finally {
    await rollcall.close();
  }
}

async function bytesOf(file: string): Promise<Uint8Array> {
  const { readFile } = await import('node:fs/promises');
  return new Uint8Array(await readFile(join(photos, file)));
}
