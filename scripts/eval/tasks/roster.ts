// roster: attendance from enrolment photos (eval contract), run by the app's own services: one
// student per folder of --enroll, enrolled from its photos by the enrolment service; every
// session photo of --sessions added, processed and stored by the app's photo queue, then
// assigned by FaceCropAssignmentService with defaults and autoCommit. A student is present when
// at least one face of the session is theirs.
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { FaceCropAssignmentService } from '../../../src/core/assignment/face-crop-assignment';
import { enrolStudentPhotos } from '../../../src/core/enrolment/enrol-photos';
import { addStudent } from '../../../src/core/services/students';
import { addProcessedSession, openEvalApp, sessionFaces } from '../app-harness';
import { attendanceScores, type SessionAttendance } from '../attendance';
import { readIdentityFolders, readRosterSessions } from '../datasets';
import type { EvalTask } from './types';

export const rosterTask: EvalTask = async ({ task, model, options, log }) => {
  const enrollDir = options.requiredString('enroll');
  const sessionsDir = options.requiredString('sessions');
  const assignment = {
    embeddingModel: model,
    ...options.givenNumbers(['k', 'similarityThreshold']),
    ...options.givenBooleans(['useVoting']),
  };
  options.finish(task);
  const people = await readIdentityFolders(enrollDir);
  const sessionsTruth = await readRosterSessions(sessionsDir);

  const app = await openEvalApp(model, 'Roster');
  try {
    const { db } = app.context;
    const names = new Map<string, string>();
    let enrolledPhotos = 0;
    let failedPhotos = 0;
    for (const person of people) {
      const student = await addStudent(db, app.classId, person.name);
      names.set(student.id, person.name);
      const files = await Promise.all(
        person.images.map(async (path) => ({
          fileName: basename(path),
          bytes: new Uint8Array(await readFile(path)),
        })),
      );
      const result = await enrolStudentPhotos(app.context, student.id, files);
      enrolledPhotos += result.enrolled;
      for (const photo of result.photos) {
        if (photo.error) {
          failedPhotos++;
          log(`  ${person.name}/${photo.fileName}: not enrolled: ${photo.error.message}`);
        }
      }
      log(`${person.name}: enrolled from ${result.enrolled}/${files.length} photos`);
    }

    const assigner = new FaceCropAssignmentService(db, assignment);
    const attendance: SessionAttendance[] = [];
    let wrongAssignments = 0;
    let faces = 0;
    for (const [index, truth] of sessionsTruth.entries()) {
      const bytes = new Uint8Array(await readFile(join(sessionsDir, truth.file)));
      const sessionId = await addProcessedSession(app, index, [{ fileName: truth.file, bytes }]);
      const result = await assigner.assignSessionCrops(sessionId, { autoCommit: true });
      const stored = await sessionFaces(app, sessionId);
      faces += stored.length;
      const present = new Set(truth.present);
      const predicted = new Set<string>();
      for (const face of stored) {
        if (!face.studentId) continue;
        const name = names.get(face.studentId) ?? face.studentId;
        predicted.add(name);
        if (!present.has(name)) wrongAssignments++;
      }
      const session = { predicted, truth: present };
      attendance.push(session);
      const scores = attendanceScores([session]);
      log(
        `${truth.file}: ${stored.length} faces, ${result.assigned} assigned; present ` +
          `${scores.truePositives} right, ${scores.falsePositives} wrong` +
          (scores.falsePositives
            ? ` (${[...predicted].filter((n) => !present.has(n)).join(', ')})`
            : '') +
          `, ${scores.falseNegatives} missed` +
          (scores.falseNegatives
            ? ` (${[...present].filter((n) => !predicted.has(n)).join(', ')})`
            : ''),
      );
      for (const r of result.results) {
        const top = r.neighbours
          .slice(0, 3)
          .map((n) => `${names.get(n.studentId) ?? '?'} ${n.similarity.toFixed(3)}`)
          .join(', ');
        const outcome = r.studentId
          ? `-> ${names.get(r.studentId)}`
          : `unassigned (${r.reason}${r.candidateId ? `, candidate ${names.get(r.candidateId)}` : ''})`;
        log(
          `    face ${outcome}, confidence ${r.confidence.toFixed(2)}; nearest: ${top || 'none'}`,
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
      presentRight: scores.truePositives,
      presentWrong: scores.falsePositives,
      presentMissed: scores.falseNegatives,
      msPerPhoto: photos === 0 ? 0 : app.processing.ms / photos,
    };
  } finally {
    await app.close();
  }
};
