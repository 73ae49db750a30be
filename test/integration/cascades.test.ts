import { describe, expect, it } from 'vitest';
import type { ClassId, CropId } from '../../src/contracts/ids';
import { createClass, deleteClass } from '../../src/core/classes/classes';
import { createSession, deleteSession } from '../../src/core/sessions/sessions';
import { addStudent, deleteStudent } from '../../src/core/students/students';
import type { Queryable } from '../../src/db/open';
import { countAll, DOMAIN_TABLES, type DomainTable, useTestDatabase } from '../support/db';
import {
  insertAttendance,
  insertCrop,
  insertEmbedding,
  insertImage,
  insertRejection,
} from '../support/rows';

const db = useTestDatabase();

/** A class with 2 students, 2 sessions of 2 photos, 2 faces per photo, and all that hangs on them. */
async function buildClass(name: string) {
  const klass = await createClass(db(), name);
  const classId = klass.id;
  const students = [await addStudent(db(), classId, 'Ana'), await addStudent(db(), classId, 'Bea')];
  const sessions = [
    await createSession(db(), classId, { startsAt: '2025-09-01T09:00Z', title: 'one' }),
    await createSession(db(), classId, { startsAt: '2025-09-08T09:00Z', title: 'two' }),
  ];
  const crops: CropId[] = [];
  for (const session of sessions) {
    for (let photo = 0; photo < 2; photo++) {
      const imageId = await insertImage(db(), { classId, sessionId: session.id, processed: true });
      for (const student of students) {
        const cropId = await insertCrop(db(), { classId, imageId, studentId: student.id });
        await insertEmbedding(db(), cropId);
        crops.push(cropId);
      }
    }
    for (const student of students) {
      await insertAttendance(db(), { classId, sessionId: session.id, studentId: student.id });
    }
  }
  await insertRejection(db(), { cropId: crops[0]!, studentId: students[1]!.id });
  return { classId, students, sessions, crops };
}

/** A question group and a dismissed person (migration 0004), each holding a new face. */
async function addQuestionAndDismissal(classId: ClassId): Promise<void> {
  const { rows } = await db().query<{ id: string }>(
    'select id from session_images where class_id = $1 limit 1',
    [classId],
  );
  const imageId = rows[0]!.id as Parameters<typeof insertCrop>[1]['imageId'];
  const asked = await insertCrop(db(), { classId, imageId });
  const dismissed = await insertCrop(db(), { classId, imageId });
  await db().query(
    `with g as (insert into face_groups (class_id, cohesion, confidence) values ($1, 0.6, 0.7)
                returning id)
     update face_crops set group_id = (select id from g) where id = $2`,
    [classId, asked],
  );
  await db().query(
    `with d as (insert into dismissed_people (class_id) values ($1) returning id)
     update face_crops set assignment_status = 'rejected', dismissed_id = (select id from d)
     where id = $2`,
    [classId, dismissed],
  );
}

const PER_CLASS: Record<DomainTable, string> = {
  classes: 'select count(*)::int as n from classes where id = $1',
  students: 'select count(*)::int as n from students where class_id = $1',
  sessions: 'select count(*)::int as n from sessions where class_id = $1',
  session_images: 'select count(*)::int as n from session_images where class_id = $1',
  face_crops: 'select count(*)::int as n from face_crops where class_id = $1',
  crop_rejections: `select count(*)::int as n from crop_rejections r
                    join students s on s.id = r.student_id where s.class_id = $1`,
  embeddings: `select count(*)::int as n from embeddings e
               join face_crops c on c.id = e.crop_id where c.class_id = $1`,
  attendance: 'select count(*)::int as n from attendance where class_id = $1',
  audit_log: 'select count(*)::int as n from audit_log where class_id = $1',
  face_groups: 'select count(*)::int as n from face_groups where class_id = $1',
  dismissed_people: 'select count(*)::int as n from dismissed_people where class_id = $1',
};

async function countsFor(q: Queryable, classId: ClassId) {
  const counts = {} as Record<DomainTable, number>;
  for (const table of DOMAIN_TABLES) {
    const { rows } = await q.query<{ n: number }>(PER_CLASS[table], [classId]);
    counts[table] = rows[0]?.n ?? 0;
  }
  return counts;
}

describe('deleting a class', () => {
  it('removes every row under it and leaves the other class whole', async () => {
    const doomed = await buildClass('Doomed');
    const kept = await buildClass('Kept');
    await addQuestionAndDismissal(doomed.classId);
    await addQuestionAndDismissal(kept.classId);
    const keptBefore = await countsFor(db(), kept.classId);
    expect(await countsFor(db(), doomed.classId)).toEqual(keptBefore);
    expect(keptBefore).toEqual({
      classes: 1,
      students: 2,
      sessions: 2,
      session_images: 4,
      face_crops: 10,
      crop_rejections: 1,
      embeddings: 8,
      attendance: 4,
      audit_log: 5,
      face_groups: 1,
      dismissed_people: 1,
    });

    await deleteClass(db(), doomed.classId);

    const zero = Object.fromEntries(DOMAIN_TABLES.map((t) => [t, 0]));
    expect(await countsFor(db(), doomed.classId)).toEqual(zero);
    expect(await countsFor(db(), kept.classId)).toEqual(keptBefore);
    // Nothing left anywhere but the kept class and the one entry recording the deletion.
    expect(await countAll(db())).toEqual({ ...keptBefore, audit_log: keptBefore.audit_log + 1 });
    const { rows } = await db().query<{ n: number }>(
      'select count(*)::int as n from embeddings where crop_id = any($1::uuid[])',
      [doomed.crops],
    );
    expect(rows[0]?.n).toBe(0);
  });
});

describe('deleting a session', () => {
  it('removes its photos, faces, embeddings and attendance, and nothing else', async () => {
    const a = await buildClass('A');
    const before = await countsFor(db(), a.classId);
    await deleteSession(db(), a.sessions[0]!.id);
    expect(await countsFor(db(), a.classId)).toEqual({
      ...before,
      sessions: 1,
      session_images: 2,
      face_crops: 4,
      embeddings: 4,
      attendance: 2,
      crop_rejections: 0, // the rejected pairing was on a face of the first session
      audit_log: before.audit_log + 1,
    });
  });
});

describe('deleting a student', () => {
  it('sends their faces back to the review queue and drops their attendance', async () => {
    const a = await buildClass('A');
    const [ana, bea] = a.students;
    await deleteStudent(db(), ana!.id);

    const { rows } = await db().query<{ assignment_status: string; n: number }>(
      `select assignment_status, count(*)::int as n from face_crops
       where class_id = $1 and student_id is null and confidence is null
       group by assignment_status`,
      [a.classId],
    );
    expect(rows).toEqual([{ assignment_status: 'unassigned', n: 4 }]);
    const beaFaces = await db().query<{ assignment_status: string }>(
      'select assignment_status from face_crops where student_id = $1',
      [bea!.id],
    );
    expect(beaFaces.rows.map((r) => r.assignment_status)).toEqual(Array(4).fill('confirmed'));
    const counts = await countsFor(db(), a.classId);
    expect(counts).toMatchObject({ students: 1, face_crops: 8, embeddings: 8, attendance: 2 });
    // Bea's rejection of a face stays.
    expect(counts.crop_rejections).toBe(1);
  });

  it('leaves a rejected face rejected', async () => {
    const a = await buildClass('A');
    const cropId = a.crops[0]!;
    await db().query(
      "update face_crops set student_id = null, assignment_status = 'rejected' where id = $1",
      [cropId],
    );
    await deleteStudent(db(), a.students[0]!.id);
    const { rows } = await db().query('select assignment_status from face_crops where id = $1', [
      cropId,
    ]);
    expect(rows).toEqual([{ assignment_status: 'rejected' }]);
  });
});

describe('class boundaries', () => {
  it('refuses to assign a face to a student of another class', async () => {
    const a = await buildClass('A');
    const b = await buildClass('B');
    await expect(
      db().query(
        "update face_crops set student_id = $2, assignment_status = 'confirmed' where id = $1",
        [a.crops[0], b.students[0]!.id],
      ),
    ).rejects.toMatchObject({ code: '23503' });
    const { rows } = await db().query<{ student_id: string }>(
      'select student_id from face_crops where id = $1',
      [a.crops[0]],
    );
    expect(rows[0]?.student_id).toBe(a.students[0]!.id);
  });

  it('refuses attendance of a student in a session of another class', async () => {
    const a = await buildClass('A');
    const b = await buildClass('B');
    await expect(
      insertAttendance(db(), {
        classId: a.classId,
        sessionId: a.sessions[0]!.id,
        studentId: b.students[0]!.id,
      }),
    ).rejects.toMatchObject({ code: '23503' });
  });

  it('refuses a photo filed under another class than its session', async () => {
    const a = await buildClass('A');
    const b = await buildClass('B');
    await expect(
      insertImage(db(), { classId: b.classId, sessionId: a.sessions[0]!.id }),
    ).rejects.toMatchObject({ code: '23503' });
  });

  it('refuses a face whose student is set but whose status says unassigned', async () => {
    const a = await buildClass('A');
    await expect(
      db().query("update face_crops set assignment_status = 'unassigned' where id = $1", [
        a.crops[0],
      ]),
    ).rejects.toMatchObject({ code: '23514' });
  });

  it('refuses to reject a pairing of a face with a student of another class', async () => {
    const a = await buildClass('A');
    const b = await buildClass('B');
    await expect(
      db().query(
        'insert into crop_rejections (crop_id, student_id, class_id) values ($1, $2, $3)',
        [a.crops[0], b.students[0]!.id, a.classId],
      ),
    ).rejects.toMatchObject({ code: '23503' });
  });

  it('refuses attendance whose evidence is a face of another class', async () => {
    const a = await buildClass('A');
    const b = await buildClass('B');
    await db().query('delete from attendance where class_id = $1', [a.classId]);
    await expect(
      insertAttendance(db(), {
        classId: a.classId,
        sessionId: a.sessions[0]!.id,
        studentId: a.students[0]!.id,
        cropId: b.crops[0] as CropId,
      }),
    ).rejects.toMatchObject({ code: '23503' });
  });
});
