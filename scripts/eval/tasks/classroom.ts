// classroom: the whole attendance workflow, roster first, as a teacher runs it (eval contract).
// Everything goes through the app's own core API, built by the app's own factory (app-harness):
// 0. the class list (truth.json's `students`) is added as names with no faces (--no-roster
//    skips it: students then come only from naming questions);
// 1. per session in order: its photo is added and processed by the app's queue, the app's
//    "Recognise students" action runs (recogniseSession, the call the button makes), and every
//    question the app then puts to the teacher is answered from the truth as a teacher would:
//    a question group is named with the majority truth identity of its faces when that is a
//    student (one naming action), else dismissed as not in this class (one dismissal action);
//    a single face of the review queue is confirmed, moved to its true student or dismissed
//    (one action each);
// 2. the session's attendance sheet is read as the sheet screen reads it (getSessionAttendance):
//    present counts as present; uncertain does not (reported in uncertainOnSheet); overrides
//    are never used. The task has no attendance rule of its own.
// Detected faces are matched to truth faces as in `detect`; unmatched ones are strangers.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SessionId } from '../../../src/contracts/ids';
import type { FaceGroup } from '../../../src/contracts/review';
import { matchBoxes } from '../../../src/domain/face/geometry';
import { UsageError } from '../args';
import { addProcessedSession, openEvalApp, sessionFaces, type EvalApp } from '../app-harness';
import { attendanceScores, majorityIdentity, type SessionAttendance } from '../attendance';
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

interface Actions {
  naming: number;
  dismiss: number;
  correction: number;
  confirm: number;
}

/**
 * Answers every question the app asks about the session, as a teacher would from the truth.
 * `classList` holds the names a teacher may give (the roster; with --no-roster, anyone seen).
 */
async function answerQuestions(
  app: EvalApp,
  sessionId: SessionId,
  labels: ReadonlyMap<string, string | null>,
  classList: ReadonlySet<string>,
  actions: Actions,
  log: (line: string) => void,
): Promise<void> {
  const questions: FaceGroup[] = await app.api.listQuestions({ sessionId });
  for (const group of questions) {
    const cropIds = group.faces.map((f) => f.cropId);
    const truth = group.faces.map((f) => labels.get(f.cropId) ?? null);
    const name = majorityIdentity(truth);
    if (name !== null && classList.has(name)) {
      await app.api.assignFacesToName(cropIds, name);
      actions.naming++;
    } else {
      await app.api.markNotAStudent(cropIds);
      actions.dismiss++;
    }
    const mixed = truth.filter((t) => t !== name).length;
    if (mixed > 0)
      log(
        `    question of ${truth.length} faces answered "${name ?? 'not in this class'}": ${mixed} were someone else`,
      );
  }
  // Single faces the app still asks about (the review queue).
  const queue = await app.api.listReviewQueue(sessionId);
  if (queue.length === 0) return;
  const students = new Map((await app.api.listStudents(app.classId)).map((s) => [s.name, s.id]));
  for (const item of queue) {
    const truth = labels.get(item.cropId) ?? null;
    const trueStudent = truth !== null && classList.has(truth) ? truth : null;
    if (trueStudent === null) {
      await app.api.markNotAStudent([item.cropId]);
      actions.correction++;
    } else if (item.studentId && students.get(trueStudent) === item.studentId) {
      await app.api.confirmFaces([item.cropId], item.studentId);
      actions.confirm++;
    } else {
      await app.api.assignFacesToName([item.cropId], trueStudent);
      actions.correction++;
    }
  }
}

export const classroomTask: EvalTask = async ({ task, data, model, preset, options, log }) => {
  const sessionsTruth = await readClassroomTruth(data);
  const coldStart = options.number('coldStartSessions', 1, (n) => Number.isInteger(n) && n >= 1);
  const noRoster = options.boolean('noRoster', false);
  const parameters = {
    ...options.givenNumbers(['k', 'similarityThreshold', 'minMargin', 'groupingThreshold']),
    ...options.givenBooleans(['useVoting']),
  };
  options.finish(task);
  if (coldStart >= sessionsTruth.length) {
    throw new UsageError(
      `--cold-start-sessions must leave at least one later session (there are ${sessionsTruth.length})`,
    );
  }
  const truthStudents = await readStudentList(data);
  // The class list: truth.json's students, else everyone present in some session.
  const classList = new Set(truthStudents ?? sessionsTruth.flatMap((s) => s.present));

  const app = await openEvalApp(model, 'Classroom', preset);
  try {
    // 0. The class list, as names with no faces.
    if (!noRoster) {
      const text = [...classList].join('\n');
      await app.api.importRoster(app.classId, {
        fileName: 'class-list.txt',
        bytes: new TextEncoder().encode(text),
      });
    }
    const actions: Actions = { naming: 0, dismiss: 0, correction: 0, confirm: 0 };
    const labels = new Map<string, string | null>();
    const attendance: (SessionAttendance & { index: number })[] = [];
    const phantoms = new Set<string>();
    let truthFaces = 0;
    let found = 0;
    let uncertainOnSheet = 0;
    let assigned = 0;
    let dismissedAutomatically = 0;
    let lowQualityFaces = 0;
    for (const [index, truth] of sessionsTruth.entries()) {
      const bytes = new Uint8Array(await readFile(join(data, truth.file)));
      const sessionId = await addProcessedSession(app, index, [{ fileName: truth.file, bytes }]);
      const labelled = await labelFaces(app, sessionId, truth);
      for (const [crop, label] of labelled.labels) labels.set(crop, label);
      truthFaces += truth.faces.length;
      found += labelled.found;

      // 1. The app's "Recognise students", then the teacher answers its questions.
      const before = { ...actions };
      const recognised = await app.api.recogniseSession(sessionId, parameters);
      assigned += recognised.facesAssigned;
      dismissedAutomatically += recognised.facesDismissed;
      lowQualityFaces += recognised.lowQualityFaces;
      await answerQuestions(app, sessionId, labels, classList, actions, log);

      // 2. The sheet, as the sheet screen reads it.
      const sheet = await app.api.getSessionAttendance(sessionId);
      const predicted = new Set(
        sheet.entries.filter((e) => e.status === 'present').map((e) => e.name),
      );
      uncertainOnSheet += sheet.entries.filter((e) => e.status === 'uncertain').length;
      for (const entry of sheet.entries) if (!classList.has(entry.name)) phantoms.add(entry.name);
      const session = { index, predicted, truth: new Set(truth.present) };
      attendance.push(session);
      const scores = attendanceScores([session], classList);
      log(
        `${truth.file}: ${labelled.labels.size} faces (${labelled.found}/${truth.faces.length} truth ` +
          `faces found, ${recognised.lowQualityFaces} low quality); recognise ${recognised.path}: ` +
          `${recognised.facesAssigned} assigned, ${recognised.facesDismissed} dismissed, ` +
          `${recognised.questions} questions; teacher: ${actions.naming - before.naming} named, ` +
          `${actions.dismiss - before.dismiss} dismissed, ` +
          `${actions.correction - before.correction} corrected; sheet: ` +
          `${scores.truePositives} right, ${scores.falsePositives} wrong` +
          (scores.falsePositives
            ? ` (${[...predicted].filter((s) => !session.truth.has(s)).join(', ')})`
            : '') +
          `, ${scores.falseNegatives} missed` +
          (scores.falseNegatives
            ? ` (${[...session.truth].filter((s) => !predicted.has(s)).join(', ')})`
            : ''),
      );
    }

    const later = attendance.filter((s) => s.index >= coldStart);
    const scores = attendanceScores(later, classList);
    const all = attendanceScores(attendance, classList);
    const students = await app.api.listStudents(app.classId);
    const photos = app.processing.photos;
    const teacherActions = actions.naming + actions.dismiss + actions.correction + actions.confirm;
    return {
      students: classList.size,
      sessions: sessionsTruth.length,
      detectionRecall: truthFaces === 0 ? 0 : found / truthFaces,
      attendancePrecision: scores.precision,
      attendanceRecall: scores.recall,
      attendanceF1: scores.f1,
      attendanceF1AllSessions: all.f1,
      namingActions: actions.naming,
      dismissActions: actions.dismiss,
      correctionActions: actions.correction,
      // Single faces confirmed as they were (not a correction, still a tap): in teacherActions.
      confirmActions: actions.confirm,
      teacherActions,
      teacherActionsPerStudent: classList.size === 0 ? 0 : teacherActions / classList.size,
      phantomStudents: phantoms.size,
      uncertainOnSheet,
      msPerPhoto: photos === 0 ? 0 : app.processing.ms / photos,
      coldStartSessions: coldStart,
      evaluatedSessions: later.length,
      roster: !noRoster,
      // Students made by naming questions (with a roster, names not on it): 0 with a roster.
      studentsCreated: noRoster
        ? students.length
        : students.filter((s) => !classList.has(s.name)).length,
      facesAssignedAutomatically: assigned,
      facesDismissedAutomatically: dismissedAutomatically,
      lowQualityFaces,
      presentRight: scores.truePositives,
      presentWrong: scores.falsePositives,
      presentMissed: scores.falseNegatives,
      presentNotOnClassList: scores.outsideRoster,
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
