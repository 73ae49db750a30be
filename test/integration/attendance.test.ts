// Attendance against a real PGlite: sheets computed from the faces, overrides, the review queue,
// the "Recognise students" workflow (on synthetic embeddings: clustering and kNN are real, only
// the vectors are made up) and the CSV exports.
import { describe, expect, test } from 'vitest';
import type { AssignmentStatus } from '../../src/contracts/entities';
import type { ClassId, CropId, ImageId, SessionId, StudentId } from '../../src/contracts/ids';
import { createAttendanceApi } from '../../src/core/attendance/attendance-api';
import type { CoreContext } from '../../src/core/core-context';
import { listAudit } from '../../src/core/services/audit';
import { createClass } from '../../src/core/services/classes';
import { createSession } from '../../src/core/services/sessions';
import { addStudent, deleteStudent, renameStudent } from '../../src/core/services/students';
import type { Queryable } from '../../src/db/open';
import { countRows, useTestDatabase } from '../support/db';
import { expectAppError } from '../support/errors';
import { fakeHash } from '../support/rows';

// CSV dates are local time; pin the zone so the exact expectations hold on any machine.
process.env.TZ = 'UTC';

const db = useTestDatabase();
const api = () => createAttendanceApi({ db: db() } as CoreContext);

async function insertPhoto(
  q: Queryable,
  classId: ClassId,
  sessionId: SessionId,
  status = 'done',
): Promise<ImageId> {
  const { rows } = await q.query<{ id: ImageId }>(
    `insert into session_images (session_id, class_id, file_name, byte_size, content_hash, status,
                                 processed_at, last_error)
     values ($1, $2, 'p.jpg', 1, $3, $4, case when $4 = 'done' then now() end,
             case when $4 = 'failed' then 'This photo could not be read.' end) returning id`,
    [sessionId, classId, fakeHash(), status],
  );
  return rows[0]!.id;
}

const GOOD_QUALITY = {
  interEyePx: 40,
  sharpness: 100,
  yawDeg: 0,
  pitchDeg: 0,
  detectionScore: 0.99,
  overall: 0.9,
};

let faceCount = 0;

async function insertFace(
  q: Queryable,
  classId: ClassId,
  imageId: ImageId,
  face: { studentId?: StudentId; status?: AssignmentStatus; confidence?: number } = {},
): Promise<CropId> {
  const status = face.status ?? (face.studentId ? 'confirmed' : 'unassigned');
  const { rows } = await q.query<{ id: CropId }>(
    `insert into face_crops (image_id, class_id, box_x, box_y, box_w, box_h, detection_score,
                             quality, student_id, assignment_status, confidence)
     values ($1, $2, $7, 20, 30, 40, 0.99, $3, $4, $5, $6) returning id`,
    [
      imageId,
      classId,
      JSON.stringify(GOOD_QUALITY),
      face.studentId ?? null,
      status,
      face.confidence ?? null,
      // Each face somewhere else in its photo, as the detector would find them.
      ++faceCount * 50,
    ],
  );
  return rows[0]!.id;
}

/** A unit 512-d arcface vector near axis `person` (a different person, a different axis). */
async function insertVector(q: Queryable, cropId: CropId, person: number, jitter: number) {
  const v = Array.from({ length: 512 }, (_, i) => (i === person ? 1 : i === 500 ? jitter : 0));
  const norm = Math.hypot(...v);
  await q.query(
    `insert into embeddings (crop_id, model_id, model_version, dimension, vector)
     values ($1, 'arcface', 'test', 512, $2)`,
    [cropId, `[${v.map((x) => x / norm).join(',')}]`],
  );
}

/**
 * Physics: Ana, Ben, Chloé and "=HYPERLINK(…)" (a name a spreadsheet would run).
 * Optics (20 Nov): Ana confirmed, Ben auto 0.9, Chloé auto 0.3, one unassigned face, one face
 * marked "not a student". Waves (27 Nov): Ana auto 0.3. Lab (4 Dec): no photos yet.
 */
async function buildClass() {
  const classId = (await createClass(db(), 'Physics')).id;
  const ana = (await addStudent(db(), classId, 'Ana')).id;
  const ben = (await addStudent(db(), classId, 'Ben')).id;
  const chloe = (await addStudent(db(), classId, 'Chloé')).id;
  const formula = (await addStudent(db(), classId, '=HYPERLINK("x")')).id;
  const optics = (
    await createSession(db(), classId, { startsAt: '2026-11-20T09:00:00Z', title: 'Optics' })
  ).id;
  const waves = (
    await createSession(db(), classId, { startsAt: '2026-11-27T09:00:00Z', title: 'Waves, part 2' })
  ).id;
  const lab = (await createSession(db(), classId, { startsAt: '2026-12-04T09:00:00Z', title: '' }))
    .id;
  const p1 = await insertPhoto(db(), classId, optics);
  const anaFace = await insertFace(db(), classId, p1, { studentId: ana });
  const anaAutoFace = await insertFace(db(), classId, p1, {
    studentId: ana,
    status: 'auto',
    confidence: 0.95,
  });
  const benFace = await insertFace(db(), classId, p1, {
    studentId: ben,
    status: 'auto',
    confidence: 0.9,
  });
  const chloeFace = await insertFace(db(), classId, p1, {
    studentId: chloe,
    status: 'auto',
    confidence: 0.3,
  });
  const unknownFace = await insertFace(db(), classId, p1);
  await insertFace(db(), classId, p1, { status: 'rejected' });
  const p2 = await insertPhoto(db(), classId, waves);
  const anaWavesFace = await insertFace(db(), classId, p2, {
    studentId: ana,
    status: 'auto',
    confidence: 0.3,
  });
  return {
    classId,
    students: { ana, ben, chloe, formula },
    sessions: { optics, waves, lab },
    faces: { anaFace, anaAutoFace, benFace, chloeFace, unknownFace, anaWavesFace },
  };
}

const statusesOf = async (sessionId: SessionId) =>
  Object.fromEntries(
    (await api().getSessionAttendance(sessionId)).entries.map((e) => [e.name, e.status]),
  );

describe('the session sheet', () => {
  test('comes from the faces: confirmed or confident is present, only weak faces uncertain', async () => {
    const { sessions, faces } = await buildClass();
    const sheet = await api().getSessionAttendance(sessions.optics);
    expect(sheet.entries.map((e) => [e.name, e.status, e.source, e.faceCount])).toEqual([
      ['=HYPERLINK("x")', 'absent', 'auto', 0],
      ['Ana', 'present', 'auto', 2],
      ['Ben', 'present', 'auto', 1],
      ['Chloé', 'uncertain', 'auto', 1],
    ]);
    expect(sheet.counts).toEqual({ present: 2, absent: 1, uncertain: 1 });
    // A confirmed face is better evidence than a more confident automatic one.
    const ana = sheet.entries.find((e) => e.name === 'Ana')!;
    expect(ana.evidence).toMatchObject({ cropId: faces.anaFace, assignmentStatus: 'confirmed' });
    expect(sheet.entries.find((e) => e.name === 'Chloé')!.evidence?.cropId).toBe(faces.chloeFace);
    expect(sheet.entries[0]!.evidence).toBeNull();
    expect(sheet).toMatchObject({ photoCount: 1, photosProcessing: 0, unassignedFaces: 1 });
    expect(await statusesOf(sessions.waves)).toMatchObject({ Ana: 'uncertain', Ben: 'absent' });
  });

  test('follows a correction of the faces at once', async () => {
    const { sessions, faces, students } = await buildClass();
    await db().query(
      `update face_crops set student_id = $1, assignment_status = 'confirmed', confidence = null
       where id = $2`,
      [students.formula, faces.unknownFace],
    );
    await db().query(
      `update face_crops set assignment_status = 'confirmed', confidence = null where id = $1`,
      [faces.chloeFace],
    );
    expect(await statusesOf(sessions.optics)).toMatchObject({
      '=HYPERLINK("x")': 'present',
      Chloé: 'present',
    });
    expect((await api().getSessionAttendance(sessions.optics)).unassignedFaces).toBe(0);
  });

  test('says when photos are still being processed', async () => {
    const { classId, sessions } = await buildClass();
    await insertPhoto(db(), classId, sessions.optics, 'pending');
    await insertPhoto(db(), classId, sessions.optics, 'failed');
    expect(await api().getSessionAttendance(sessions.optics)).toMatchObject({
      photoCount: 3,
      photosProcessing: 1,
      photosFailed: 1,
    });
  });

  test('a renamed student keeps their row; a deleted one leaves, their faces go to review', async () => {
    const { sessions, students } = await buildClass();
    await api().setAttendance(sessions.optics, students.ben, 'absent');
    await renameStudent(db(), students.ana, 'Anabel');
    expect(await statusesOf(sessions.optics)).toMatchObject({ Anabel: 'present' });
    await deleteStudent(db(), students.ben);
    const sheet = await api().getSessionAttendance(sessions.optics);
    expect(sheet.entries.map((e) => e.name)).toEqual(['=HYPERLINK("x")', 'Anabel', 'Chloé']);
    expect(sheet.unassignedFaces).toBe(2);
    expect(await countRows(db(), 'attendance')).toBe(0);
  });

  test('an unknown session is not-found', async () => {
    await expectAppError(api().getSessionAttendance('nope' as SessionId), 'not-found');
    await expectAppError(
      api().getSessionAttendance('00000000-0000-0000-0000-000000000000' as SessionId),
      'not-found',
    );
  });
});

describe('overrides', () => {
  test('win over the faces, are audited once per change, and can be cleared', async () => {
    const { classId, sessions, students } = await buildClass();
    await api().setAttendance(sessions.optics, students.ben, 'absent');
    await api().setAttendance(sessions.optics, students.ben, 'absent'); // no change, no entry
    await api().setAttendance(sessions.optics, students.formula, 'present');
    let sheet = await api().getSessionAttendance(sessions.optics);
    const ben = sheet.entries.find((e) => e.name === 'Ben')!;
    expect(ben).toMatchObject({ status: 'absent', source: 'manual', automaticStatus: 'present' });
    expect(sheet.counts).toEqual({ present: 2, absent: 1, uncertain: 1 });

    let audit = await listAudit(db(), { classId });
    expect(audit.filter((a) => a.entity === 'attendance').map((a) => a.action)).toEqual([
      'overridden',
      'overridden',
    ]);
    expect(audit[1]).toMatchObject({
      entityId: `${sessions.optics}/${students.ben}`,
      oldValue: { source: 'auto' },
      newValue: { status: 'absent', source: 'manual' },
    });

    await api().clearAttendanceOverride(sessions.optics, students.ben);
    await api().clearAttendanceOverride(sessions.optics, students.ben); // nothing to clear
    sheet = await api().getSessionAttendance(sessions.optics);
    expect(sheet.entries.find((e) => e.name === 'Ben')).toMatchObject({
      status: 'present',
      source: 'auto',
    });
    audit = await listAudit(db(), { classId });
    expect(audit[0]).toMatchObject({
      action: 'override_cleared',
      oldValue: { status: 'absent', source: 'manual' },
    });
    expect(audit.filter((a) => a.entity === 'attendance')).toHaveLength(3);
  });

  test('bad input changes nothing', async () => {
    const { sessions, students } = await buildClass();
    const other = await createClass(db(), 'Chemistry');
    const stranger = (await addStudent(db(), other.id, 'Zoe')).id;
    const auditBefore = await countRows(db(), 'audit_log');
    await expectAppError(
      api().setAttendance(sessions.optics, students.ben, 'late' as 'present'),
      'validation',
    );
    await expectAppError(api().setAttendance(sessions.optics, stranger, 'present'), 'not-found');
    await expectAppError(
      api().setAttendance('bad' as SessionId, students.ben, 'present'),
      'not-found',
    );
    await expectAppError(api().clearAttendanceOverride(sessions.optics, stranger), 'not-found');
    expect(await countRows(db(), 'attendance')).toBe(0);
    expect(await countRows(db(), 'audit_log')).toBe(auditBefore);
  });
});

describe('the class overview', () => {
  test('students x sessions with totals; a session without photos is not counted', async () => {
    const { classId, sessions, students } = await buildClass();
    await api().setAttendance(sessions.waves, students.ben, 'present');
    const overview = await api().getClassAttendance(classId);
    expect(overview.sessions.map((s) => [s.title, s.taken])).toEqual([
      ['Optics', true],
      ['Waves, part 2', true],
      ['', false],
    ]);
    expect(
      overview.rows.map((r) => [r.name, r.statuses, r.present, r.sessions, r.percentage]),
    ).toEqual([
      ['=HYPERLINK("x")', ['absent', 'absent', null], 0, 2, 0],
      ['Ana', ['present', 'uncertain', null], 1, 2, 50],
      ['Ben', ['present', 'present', null], 2, 2, 100],
      ['Chloé', ['uncertain', 'absent', null], 0, 2, 0],
    ]);
    // An override alone makes a session count.
    await api().setAttendance(sessions.lab, students.chloe, 'present');
    const after = await api().getClassAttendance(classId);
    expect(after.rows.find((r) => r.name === 'Chloé')).toMatchObject({
      present: 1,
      sessions: 3,
    });
    expect(after.rows.find((r) => r.name === 'Chloé')!.percentage).toBeCloseTo(100 / 3);
  });
});

describe('CSV exports', () => {
  test('the session CSV, exactly', async () => {
    const { sessions, students } = await buildClass();
    await api().setAttendance(sessions.optics, students.chloe, 'present');
    const csv = await api().exportSessionCsv(sessions.optics);
    expect(csv.fileName).toBe('Physics attendance 2026-11-20 Optics.csv');
    expect(csv.text).toBe(
      '\uFEFFStudent,Status,Set by\r\n' +
        `"'=HYPERLINK(""x"")",Absent,Photos\r\n` +
        'Ana,Present,Photos\r\n' +
        'Ben,Present,Photos\r\n' +
        'Chloé,Present,Teacher\r\n',
    );
  });

  test('the class CSV, exactly', async () => {
    const { classId } = await buildClass();
    const csv = await api().exportClassCsv(classId);
    expect(csv.fileName).toBe('Physics attendance.csv');
    expect(csv.text).toBe(
      '\uFEFFStudent,2026-11-20 09:00 Optics,"2026-11-27 09:00 Waves, part 2",2026-12-04 09:00,' +
        'Present,Sessions,Percentage\r\n' +
        `"'=HYPERLINK(""x"")",Absent,Absent,,0,2,0%\r\n` +
        'Ana,Present,Uncertain,,1,2,50%\r\n' +
        'Ben,Present,Absent,,1,2,50%\r\n' +
        'Chloé,Uncertain,Absent,,0,2,0%\r\n',
    );
  });
});

describe('the review queue', () => {
  test('unassigned and weak automatic faces, least confident first', async () => {
    const { sessions, faces, students } = await buildClass();
    const queue = await api().listReviewQueue(sessions.optics);
    expect(queue.map((q) => [q.cropId, q.assignmentStatus, q.candidateName])).toEqual([
      [faces.unknownFace, 'unassigned', null], // no embeddings: no candidate, confidence 0
      [faces.chloeFace, 'auto', 'Chloé'],
    ]);
    expect(queue[1]).toMatchObject({ studentId: students.chloe, candidateId: students.chloe });
    expect(queue[1]!.confidence).toBeCloseTo(0.3);
  });
});

describe('Recognise students', () => {
  /** A new class: two photos of three people (axes 1, 2, 3) and nobody identified. */
  async function newClass() {
    const classId = (await createClass(db(), 'Art')).id;
    await addStudent(db(), classId, 'Ana');
    const first = (await createSession(db(), classId, { startsAt: '2026-11-20T09:00Z', title: '' }))
      .id;
    const second = (
      await createSession(db(), classId, { startsAt: '2026-11-27T09:00Z', title: '' })
    ).id;
    for (const [session, people] of [
      [first, [1, 2, 3]],
      [first, [1, 2, 3]],
      [second, [1, 2, 9]], // 9: a visitor never seen before
    ] as const) {
      const photo = await insertPhoto(db(), classId, session);
      for (const person of people) {
        await insertVector(db(), await insertFace(db(), classId, photo), person, 0.1);
      }
    }
    return { classId, first, second };
  }

  test('a new class is clustered into new students; the next session is assigned', async () => {
    const { first, second } = await newClass();
    const one = await api().recogniseSession(first);
    expect(one).toMatchObject({ path: 'cluster', facesAssigned: 6, facesLeftForReview: 0 });
    expect(one.studentsCreated.map((s) => s.name).sort()).toEqual([
      'Unnamed 1',
      'Unnamed 2',
      'Unnamed 3',
    ]);
    const sheet = await api().getSessionAttendance(first);
    expect(sheet.counts).toEqual({ present: 3, absent: 1, uncertain: 0 });
    expect(sheet.entries.find((e) => e.name === 'Ana')!.status).toBe('absent');

    const two = await api().recogniseSession(second);
    expect(two).toMatchObject({
      path: 'assign',
      studentsCreated: [],
      facesAssigned: 2,
      facesLeftForReview: 1,
    });
    // The visitor waits for review: its closest student is offered, far below an assignment.
    const queue = await api().listReviewQueue(second);
    expect(queue).toHaveLength(1);
    expect(queue[0]).toMatchObject({ studentId: null, assignmentStatus: 'unassigned' });
    expect(queue[0]!.candidateName).toMatch(/^Unnamed [123]$/);
    expect(queue[0]!.confidence).toBeLessThan(0.5);
    expect((await api().getSessionAttendance(second)).counts.present).toBe(2);

    expect(await api().recogniseSession(first)).toMatchObject({ path: 'nothing-to-do' });
  });

  test('reports photos still being processed, and an unknown session', async () => {
    const { classId, first } = await newClass();
    await insertPhoto(db(), classId, first, 'processing');
    expect(await api().recogniseSession(first)).toMatchObject({
      path: 'cluster',
      photosProcessing: 1,
    });
    await expectAppError(api().recogniseSession('nope' as SessionId), 'not-found');
    await expectAppError(api().listReviewQueue('nope' as SessionId), 'not-found');
  });
});
