// classroom: the whole attendance workflow from a cold start (eval contract), run by the app's
// own services: every session photo is added, processed and stored by the app's photo queue;
// the first S sessions' faces are clustered into students by FaceCropClusteringService; each
// created student is named, as a teacher would, with the majority truth identity of its faces
// (renameStudent); every later session is assigned by FaceCropAssignmentService with defaults
// and autoCommit. A student is present when at least one face of the session is theirs.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AssignCropsResult } from '../../../src/contracts/assignment';
import type { SessionId, StudentId } from '../../../src/contracts/ids';
import { FaceCropAssignmentService } from '../../../src/core/assignment/face-crop-assignment';
import { FaceCropClusteringService } from '../../../src/core/clustering/face-crop-clustering';
import { listStudents, renameStudent } from '../../../src/core/services/students';
import { matchBoxes } from '../../../src/domain/face/geometry';
import { UsageError } from '../args';
import { addProcessedSession, openEvalApp, sessionFaces, type EvalApp } from '../app-harness';
import { attendanceScores, namingPlan, type SessionAttendance } from '../attendance';
import { readClassroomTruth, type ClassroomSession } from '../datasets';
import { MATCH_IOU } from './detect';
import type { EvalTask } from './types';

/** Each stored face of the session -> the truth identity it shows (null: a stranger). */
async function labelFaces(
  app: EvalApp,
  sessionId: SessionId,
  truth: ClassroomSession,
): Promise<{ labels: Map<string, string | null>; found: number }> {
  const faces = await sessionFaces(app, sessionId);
  const matches = matchBoxes(
    truth.faces.map((f) => f.box),
    faces.map((f) => f.box),
    MATCH_IOU,
  );
  const labels = new Map<string, string | null>(faces.map((f) => [f.cropId, null]));
  matches.forEach((d, t) => {
    const face = d >= 0 ? faces[d] : undefined;
    if (face) labels.set(face.cropId, truth.faces[t]?.name ?? null);
  });
  return { labels, found: matches.filter((d) => d >= 0).length };
}

async function studentNames(app: EvalApp): Promise<Map<string, string>> {
  const students = await listStudents(app.context.db, app.classId);
  return new Map(students.map((s) => [s.id as string, s.name]));
}

/** Students with at least one face of the session: the attendance rule of the contract. */
async function presentStudents(app: EvalApp, sessionId: SessionId): Promise<Set<string>> {
  const names = await studentNames(app);
  const faces = await sessionFaces(app, sessionId);
  return new Set(
    faces.flatMap((f) => (f.studentId ? [names.get(f.studentId) ?? f.studentId] : [])),
  );
}

/** Why each truth face of a later session did not get its student, for stderr. */
function describeMisses(
  result: AssignCropsResult,
  labels: Map<string, string | null>,
  names: Map<string, string>,
): string[] {
  const name = (id: string | null) => (id ? (names.get(id) ?? id) : 'nobody');
  const lines: string[] = [];
  for (const r of result.results) {
    const truth = labels.get(r.cropId) ?? null;
    const got = r.studentId ? name(r.studentId) : null;
    if (got === truth || (truth === null && got === null)) continue;
    const top = r.neighbours
      .slice(0, 3)
      .map((n) => `${name(n.studentId)} ${n.similarity.toFixed(3)}`)
      .join(', ');
    lines.push(
      `    ${truth ?? 'stranger'} -> ${got ?? `unassigned (${r.reason}, candidate ${name(r.candidateId)})`}` +
        ` confidence ${r.confidence.toFixed(2)}; nearest: ${top || 'none'}`,
    );
  }
  return lines;
}

export const classroomTask: EvalTask = async ({ task, data, model, options, log }) => {
  const sessionsTruth = await readClassroomTruth(data);
  const coldStart = options.number('coldStartSessions', 1, (n) => Number.isInteger(n) && n >= 1);
  const assignment = {
    embeddingModel: model,
    ...options.givenNumbers(['k', 'similarityThreshold']),
    ...options.givenBooleans(['useVoting']),
  };
  const clustering = { embeddingModel: model, ...options.givenNumbers(['maxClusters']) };
  options.finish(task);
  if (coldStart >= sessionsTruth.length) {
    throw new UsageError(
      `--cold-start-sessions must leave at least one later session (there are ${sessionsTruth.length})`,
    );
  }
  const truthStudents = await readStudentList(data);
  // The class list the sheet is checked against: truth.json's students, else everyone present.
  const roster = new Set(truthStudents ?? sessionsTruth.flatMap((s) => s.present));

  const app = await openEvalApp(model, 'Classroom');
  try {
    // Every session's photo, processed and stored by the app. The later sessions' photos are
    // added after the cold start, as a teacher's would be.
    const sessionIds: SessionId[] = [];
    const labels = new Map<string, string | null>();
    let truthFaces = 0;
    let found = 0;
    const addSession = async (index: number) => {
      const truth = sessionsTruth[index] as ClassroomSession;
      const bytes = new Uint8Array(await readFile(join(data, truth.file)));
      const sessionId = await addProcessedSession(app, index, [{ fileName: truth.file, bytes }]);
      const labelled = await labelFaces(app, sessionId, truth);
      for (const [crop, label] of labelled.labels) labels.set(crop, label);
      truthFaces += truth.faces.length;
      found += labelled.found;
      log(
        `${truth.file}: ${labelled.labels.size} faces stored, ` +
          `${labelled.found}/${truth.faces.length} truth faces found`,
      );
      sessionIds.push(sessionId);
    };
    for (let i = 0; i < coldStart; i++) await addSession(i);

    // 1. Cold start: cluster the first sessions into students, and name them.
    const clusterer = new FaceCropClusteringService(app.context.db, clustering);
    const clustered =
      coldStart === 1
        ? await clusterer.clusterSessionCrops(sessionIds[0] as SessionId)
        : await clusterer.clusterClassCrops(app.classId);
    const created = clustered.clusters.filter((c) => c.isNewStudent && c.studentId);
    const plan = namingPlan(
      created.map((c) => ({
        studentId: c.studentId as string,
        labels: c.cropIds.map((id) => labels.get(id) ?? null),
      })),
    );
    for (const { studentId, name } of plan) {
      await renameStudent(app.context.db, studentId as StudentId, name);
    }
    log(
      `cold start: ${clustered.numClusters} clusters, ${created.length} students created, ` +
        `${plan.length} named, ${clustered.unclusteredCropIds.length} faces left unclustered`,
    );

    // 2. Every later session: assigned with the app's defaults, attendance from its faces.
    for (let i = coldStart; i < sessionsTruth.length; i++) await addSession(i);
    const assigner = new FaceCropAssignmentService(app.context.db, assignment);
    const attendance: (SessionAttendance & { file: string })[] = [];
    for (let i = coldStart; i < sessionsTruth.length; i++) {
      const sessionId = sessionIds[i] as SessionId;
      const truth = sessionsTruth[i] as ClassroomSession;
      const result = await assigner.assignSessionCrops(sessionId, { autoCommit: true });
      const predicted = await presentStudents(app, sessionId);
      const session = { file: truth.file, predicted, truth: new Set(truth.present) };
      attendance.push(session);
      const scores = attendanceScores([session], roster);
      log(
        `${truth.file}: ${result.assigned}/${result.results.length} faces assigned; ` +
          `present ${scores.truePositives} right, ${scores.falsePositives} wrong, ` +
          `${scores.falseNegatives} missed` +
          (scores.falseNegatives
            ? ` (${[...session.truth].filter((s) => !predicted.has(s)).join(', ')})`
            : '') +
          `, ${scores.outsideRoster} unnamed students present`,
      );
      for (const line of describeMisses(result, labels, await studentNames(app))) log(line);
    }

    const scores = attendanceScores(attendance, roster);
    const named = new Set(plan.map((p) => p.name));
    // The contract's cold start can only know students seen in its sessions: what is reachable.
    const reachable = attendanceScores(
      attendance.map((s) => ({
        predicted: s.predicted,
        truth: new Set([...s.truth].filter((n) => named.has(n))),
      })),
      roster,
    );
    const photos = app.processing.photos;
    return {
      students: roster.size,
      sessions: sessionsTruth.length,
      detectionRecall: truthFaces === 0 ? 0 : found / truthFaces,
      attendancePrecision: scores.precision,
      attendanceRecall: scores.recall,
      attendanceF1: scores.f1,
      namingActions: plan.length,
      msPerPhoto: photos === 0 ? 0 : app.processing.ms / photos,
      coldStartSessions: coldStart,
      evaluatedSessions: attendance.length,
      studentsCreated: created.length,
      presentRight: scores.truePositives,
      presentWrong: scores.falsePositives,
      presentMissed: scores.falseNegatives,
      // Unnamed students (clusters the teacher left: strangers) marked present, not scored.
      presentNotOnClassList: scores.outsideRoster,
      studentsNeverSeenInColdStart: [...roster].filter((n) => !named.has(n)),
      attendanceF1OfNamedStudents: reachable.f1,
      attendanceRecallOfNamedStudents: reachable.recall,
    };
  } finally {
    await app.close();
  }
};

/** The `students` list of truth.json, when it has one. */
async function readStudentList(dir: string): Promise<string[] | null> {
  const parsed = JSON.parse(await readFile(join(dir, 'truth.json'), 'utf8')) as {
    students?: unknown;
  };
  return Array.isArray(parsed.students) ? (parsed.students as string[]) : null;
}
