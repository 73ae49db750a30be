// Attendance against a real PGlite: sheets computed from the faces, overrides, the review queue,
// the "Recognise students" workflow (on synthetic embeddings: clustering and kNN are real, only
// the vectors are made up) and the CSV exports.
import { describe, expect, test } from 'vitest';
import type { AssignmentStatus } from '../../src/contracts/entities';
import type { ClassId, CropId, ImageId, SessionId, StudentId } from '../../src/contracts/ids';
import { createAttendanceApi } from '../../src/core/attendance/attendance-api';
import type { CoreContext } from '../../src/core/core-context';
import { listAudit } from '../../src/core/history/audit';
import { createClass } from '../../src/core/classes/classes';
import { createSession } from '../../src/core/sessions/sessions';
import { addStudent, deleteStudent, renameStudent } from '../../src/core/students/students';
import type { Queryable } from '../../src/db/open';
import { countRows, useTestDatabase } from '../support/db';
import { expectAppError } from '../support/errors';
import { fakeHash } from '../support/rows';
import { createReviewApi } from '../../src/core/review/review-api';
import { EMBEDDING_MODELS } from '../../src/ml/registry';

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
async function insertVector(
  q: Queryable,
  cropId: CropId,
  person: number,
  jitter: number,
  version = EMBEDDING_MODELS.arcface.version,
) {
  const v = Array.from({ length: 512 }, (_, i) => (i === person ? 1 : i === 500 ? jitter : 0));
  const norm = Math.hypot(...v);
  await q.query(
    `insert into embeddings (crop_id, model_id, model_version, dimension, vector)
     values ($1, 'arcface', $3, 512, $2)`,
    [cropId, `[${v.map((x) => x / norm).join(',')}]`, version],
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

  test("each student's portrait: their clearest face with a thumbnail, the teacher's first", async () => {
    const { classId } = await buildClass();
    // No thumbnail yet: nothing to show.
    let overview = await api().getClassAttendance(classId);
    expect(overview.rows.map((r) => r.portraitCropId)).toEqual([null, null, null, null]);
    await db().query(`update face_crops set thumbnail = '\\x00'::bytea`);
    const { rows } = await db().query<{ id: CropId; name: string; status: string }>(
      `select f.id, s.name, f.assignment_status as status from face_crops f
         join students s on s.id = f.student_id`,
    );
    const faceOf = (name: string, status: string) =>
      rows.find((r) => r.name === name && r.status === status)!.id;
    overview = await api().getClassAttendance(classId);
    const portrait = (name: string) => overview.rows.find((r) => r.name === name)!.portraitCropId;
    // Ana: confirmed in Optics, automatic in Waves: the confirmed face.
    expect(portrait('Ana')).toBe(faceOf('Ana', 'confirmed'));
    expect(portrait('Ben')).toBe(faceOf('Ben', 'auto'));
    expect(portrait('=HYPERLINK("x")')).toBeNull();
    // A low-quality face is never the portrait.
    await db().query(`update face_crops set low_quality = true where id = $1`, [
      faceOf('Ben', 'auto'),
    ]);
    overview = await api().getClassAttendance(classId);
    expect(portrait('Ben')).toBeNull();
  });
});

describe('CSV exports', () => {
  test('the session CSV, exactly', async () => {
    const { sessions, students } = await buildClass();
    await api().setAttendance(sessions.optics, students.chloe, 'present');
    const csv = await api().exportSessionCsv(sessions.optics);
    expect(csv.fileName).toBe('Physics attendance 2026-11-20 Optics.csv');
    expect(csv.text).toBe(
      '\uFEFFClass,Date,Lesson,Student,Status,Set by\r\n' +
        `Physics,2026-11-20 09:00,Optics,"'=HYPERLINK(""x"")",Absent,Photos\r\n` +
        'Physics,2026-11-20 09:00,Optics,Ana,Present,Photos\r\n' +
        'Physics,2026-11-20 09:00,Optics,Ben,Present,Photos\r\n' +
        'Physics,2026-11-20 09:00,Optics,Chloé,Present,Teacher\r\n',
    );
  });

  test('the class CSV, exactly', async () => {
    const { classId } = await buildClass();
    const csv = await api().exportClassCsv(classId);
    expect(csv.fileName).toBe('Physics attendance.csv');
    expect(csv.text).toBe(
      '\uFEFFClass,Student,2026-11-20 09:00 Optics,"2026-11-27 09:00 Waves, part 2",' +
        '2026-12-04 09:00,Present,Sessions,Percentage\r\n' +
        `Physics,"'=HYPERLINK(""x"")",Absent,Absent,,0,2,0%\r\n` +
        'Physics,Ana,Present,Uncertain,,1,2,50%\r\n' +
        'Physics,Ben,Present,Absent,,1,2,50%\r\n' +
        'Physics,Chloé,Uncertain,Absent,,0,2,0%\r\n',
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

describe('Recognise students (roster first)', () => {
  const review = () => createReviewApi({ db: db() } as CoreContext);

  /**
   * A class with its roster (Ana) and no face identified yet. Lesson 1: two photos of people
   * 1, 2, 3 (added now); lesson 2: 1, 2 and 9 (a visitor); lesson 3: 1 and 3 (added by
   * addLesson). `person` says who each face is.
   */
  async function newClass() {
    const classId = (await createClass(db(), 'Art')).id;
    await addStudent(db(), classId, 'Ana');
    const sessions: SessionId[] = [];
    for (const day of ['2026-11-20', '2026-11-27', '2026-12-04']) {
      sessions.push(
        (await createSession(db(), classId, { startsAt: `${day}T09:00Z`, title: '' })).id,
      );
    }
    const person = new Map<string, number>();
    const lessons = [
      [
        [1, 2, 3],
        [1, 2, 3],
      ],
      [[1, 2, 9]],
      [[1, 3]],
    ];
    /** The photos of a lesson arrive (processed). */
    const addLesson = async (index: number) => {
      for (const people of lessons[index]!) {
        const photo = await insertPhoto(db(), classId, sessions[index]!);
        for (const p of people) {
          const cropId = await insertFace(db(), classId, photo);
          await insertVector(db(), cropId, p, 0.1);
          person.set(cropId, p);
        }
      }
    };
    await addLesson(0);
    return { classId, sessions, person, addLesson };
  }

  const studentCount = async (classId: ClassId) =>
    (
      await db().query<{ n: number }>(
        'select count(*)::int as n from students where class_id = $1',
        [classId],
      )
    ).rows[0]!.n;

  test('never creates a student: unknown faces are questions, answered by the teacher', async () => {
    const { classId, sessions, person, addLesson } = await newClass();
    const [first, second, third] = sessions as [SessionId, SessionId, SessionId];
    const one = await api().recogniseSession(first);
    expect(one).toMatchObject({ path: 'cluster', facesAssigned: 0, questions: 3 });
    expect(await studentCount(classId)).toBe(1);
    let sheet = await api().getSessionAttendance(first);
    expect(sheet.entries.map((e) => e.name)).toEqual(['Ana']);
    expect(sheet).toMatchObject({
      openQuestions: 3,
      counts: { present: 0, absent: 1, uncertain: 0 },
    });

    // The teacher: person 1 is Ana (roster), person 2 is new (Ben), person 3 is not in the class.
    const questions = await review().listQuestions({ sessionId: first });
    expect(questions.map((q) => q.faces.length)).toEqual([2, 2, 2]);
    const who = (q: (typeof questions)[number]) => person.get(q.faces[0]!.cropId);
    for (const q of questions) {
      const ids = q.faces.map((f) => f.cropId);
      if (who(q) === 1) await review().assignFacesToName(ids, 'Ana');
      else if (who(q) === 2) await review().assignFacesToName(ids, 'Ben');
      else await review().markNotAStudent(ids);
    }
    sheet = await api().getSessionAttendance(first);
    expect(sheet.entries.map((e) => [e.name, e.status])).toEqual([
      ['Ana', 'present'],
      ['Ben', 'present'],
    ]);
    expect(sheet.openQuestions).toBe(0);

    // Lesson 2: Ana and Ben are recognised; the visitor is a question, not a row.
    await addLesson(1);
    const two = await api().recogniseSession(second);
    expect(two).toMatchObject({
      path: 'assign',
      facesAssigned: 2,
      facesDismissed: 0,
      questions: 1,
    });
    sheet = await api().getSessionAttendance(second);
    expect(sheet.entries).toHaveLength(2);
    expect(sheet).toMatchObject({
      openQuestions: 1,
      counts: { present: 2, absent: 0, uncertain: 0 },
    });

    // Lesson 3: the dismissed person is dismissed automatically, never asked about again.
    await addLesson(2);
    const three = await api().recogniseSession(third);
    expect(three).toMatchObject({ facesAssigned: 1, facesDismissed: 1, questions: 0 });
    expect(await review().listQuestions({ sessionId: third })).toEqual([]);
    expect(await studentCount(classId)).toBe(2);
    expect(await api().recogniseSession(first)).toMatchObject({ path: 'nothing-to-do' });

    // The teacher changes their mind on the dismissed list: asked again, as one question.
    const dismissed = (await review().listFaceGroups({ classId })).filter(
      (g) => g.kind === 'not-a-student',
    );
    expect(dismissed).toHaveLength(1);
    expect(dismissed[0]!.faces).toHaveLength(3);
    await review().restoreDismissed(dismissed[0]!.dismissedId!);
    const asked = await review().listQuestions({ classId });
    expect(asked.map((q) => q.faces.length).sort()).toEqual([1, 3]);
  });

  test('compares only embeddings of the current model version', async () => {
    const { classId, sessions, person, addLesson } = await newClass();
    const [first, second] = sessions as [SessionId, SessionId];
    await api().recogniseSession(first);
    for (const q of await review().listQuestions({ sessionId: first })) {
      const p = person.get(q.faces[0]!.cropId)!;
      await review().assignFacesToName(
        q.faces.map((f) => f.cropId),
        `Person ${p}`,
      );
    }
    // Lesson 2's vectors are from an older version of the model: never compared.
    await addLesson(1);
    await db().query(
      `update embeddings e set model_version = 'older' from face_crops c
       join session_images i on i.id = c.image_id
       where c.id = e.crop_id and i.session_id = $1`,
      [second],
    );
    const two = await api().recogniseSession(second);
    expect(two.facesAssigned).toBe(0);
    expect(two.questions).toBe(0);
    expect(await studentCount(classId)).toBe(4);
  });

  test('reports photos still being processed, and an unknown session', async () => {
    const { classId, sessions } = await newClass();
    await insertPhoto(db(), classId, sessions[0]!, 'processing');
    expect(await api().recogniseSession(sessions[0]!)).toMatchObject({
      path: 'cluster',
      photosProcessing: 1,
    });
    await expectAppError(api().recogniseSession('nope' as SessionId), 'not-found');
    await expectAppError(api().listReviewQueue('nope' as SessionId), 'not-found');
  });
});
