// roster: attendance from enrolment photos (eval contract), run by the app's own core API (built
// by the app's factory, see app-harness): one student per folder of --enroll, enrolled from its
// photos by the enrolment call; every session photo of --sessions added and processed by the
// app's photo queue, then the app's "Recognise students" action (defaults: the class's preset).
// Questions are left unanswered (the contract has no teacher here). A student is present when
// the app's attendance sheet says present; wrongAssignments counts faces the app gave to a
// student not in `present`.
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { addProcessedSession, openEvalApp, sessionFaces } from '../app-harness';
import { attendanceScores, type SessionAttendance } from '../attendance';
import { readIdentityFolders, readRosterSessions } from '../datasets';
import type { EvalTask } from './types';

export const rosterTask: EvalTask = async ({ task, model, preset, options, log }) => {
  const enrollDir = options.requiredString('enroll');
  const sessionsDir = options.requiredString('sessions');
  const parameters = {
    ...options.givenNumbers(['k', 'similarityThreshold', 'minMargin', 'groupingThreshold']),
    ...options.givenBooleans(['useVoting']),
  };
  options.finish(task);
  const people = await readIdentityFolders(enrollDir);
  const sessionsTruth = await readRosterSessions(sessionsDir);

  const app = await openEvalApp(model, 'Roster', preset);
  try {
    const names = new Map<string, string>();
    let enrolledPhotos = 0;
    let failedPhotos = 0;
    for (const person of people) {
      const student = await app.api.addStudent(app.classId, person.name);
      names.set(student.id, person.name);
      const files = await Promise.all(
        person.images.map(async (path) => ({
          fileName: basename(path),
          bytes: new Uint8Array(await readFile(path)),
        })),
      );
      const result = await app.api.enrolStudentPhotos(student.id, files);
      enrolledPhotos += result.enrolled;
      for (const photo of result.photos) {
        if (photo.error) {
          failedPhotos++;
          log(`  ${person.name}/${photo.fileName}: not enrolled: ${photo.error.message}`);
        }
      }
      log(`${person.name}: enrolled from ${result.enrolled}/${files.length} photos`);
    }

    const attendance: SessionAttendance[] = [];
    let wrongAssignments = 0;
    let faces = 0;
    let lowQuality = 0;
    let questions = 0;
    for (const [index, truth] of sessionsTruth.entries()) {
      const bytes = new Uint8Array(await readFile(join(sessionsDir, truth.file)));
      const sessionId = await addProcessedSession(app, index, [{ fileName: truth.file, bytes }]);
      const result = await app.api.recogniseSession(sessionId, parameters);
      const stored = await sessionFaces(app, sessionId);
      faces += stored.length;
      const present = new Set(truth.present);
      for (const face of stored) {
        if (!face.studentId) continue;
        const name = names.get(face.studentId) ?? face.studentId;
        if (!present.has(name)) wrongAssignments++;
      }
      const sheet = await app.api.getSessionAttendance(sessionId);
      const predicted = new Set(
        sheet.entries.filter((e) => e.status === 'present').map((e) => e.name),
      );
      lowQuality += result.lowQualityFaces;
      questions += result.questions;
      const session = { predicted, truth: present };
      attendance.push(session);
      const scores = attendanceScores([session]);
      log(
        `${truth.file}: ${stored.length} faces, ${result.facesAssigned} assigned, ` +
          `${result.lowQualityFaces} low quality, ${result.questions} questions; present ` +
          `${scores.truePositives} right, ${scores.falsePositives} wrong` +
          (scores.falsePositives
            ? ` (${[...predicted].filter((n) => !present.has(n)).join(', ')})`
            : '') +
          `, ${scores.falseNegatives} missed` +
          (scores.falseNegatives
            ? ` (${[...present].filter((n) => !predicted.has(n)).join(', ')})`
            : ''),
      );
      // Why the faces still unknown were not given a student (a dry run: nothing is written).
      const dryRun = await app.api.assignSessionCrops(sessionId, { autoCommit: false });
      for (const r of dryRun.results) {
        if (r.reason === 'already-identified' || r.reason === 'not-a-student') continue;
        const top = r.neighbours
          .slice(0, 3)
          .map((n) => `${names.get(n.studentId) ?? '?'} ${n.similarity.toFixed(3)}`)
          .join(', ');
        log(
          `    face left unknown (${r.reason}${r.candidateId ? `, candidate ${names.get(r.candidateId)}` : ''}), ` +
            `confidence ${r.confidence.toFixed(2)}; nearest: ${top || 'none'}`,
        );
      }
    }

    const scores = attendanceScores(attendance);
    const photos = app.processing.photos;
    return {
      students: people.length,
      sessions: sessionsTruth.length,
      attendancePrecision: scores.precision,
      attendanceRecall: scores.recall,
      attendanceF1: scores.f1,
      wrongAssignments,
      enrolledPhotos,
      failedEnrolmentPhotos: failedPhotos,
      sessionFaces: faces,
      lowQualityFaces: lowQuality,
      questionsLeft: questions,
      presentRight: scores.truePositives,
      presentWrong: scores.falsePositives,
      presentMissed: scores.falseNegatives,
      msPerPhoto: photos === 0 ? 0 : app.processing.ms / photos,
    };
  } finally {
    await app.close();
  }
};
