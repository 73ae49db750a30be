// Attendance sheets computed on read from the faces of the sessions' photos plus the teacher's
// overrides (attendance rows with source 'manual'), so a sheet is always in step with every
// correction of who is who. The rules themselves live in src/domain/attendance/status.ts.
import type {
  AttendanceEntry,
  ClassAttendance,
  SessionAttendance,
} from '../../contracts/attendance';
import type { AttendanceStatus } from '../../contracts/entities';
import type { ClassId, CropId, ImageId, SessionId, StudentId } from '../../contracts/ids';
import type { Database, Queryable } from '../../db/open';
import {
  attendancePercentage,
  automaticStatus,
  bestEvidence,
  countStatuses,
  effectiveStatus,
  isSessionTaken,
  type StudentFace,
} from '../../domain/attendance/status';
import { clearestFace } from '../../domain/face/clearest-face';
import { compareNames } from '../../domain/names';
import { withDbErrors } from '../shared/db-errors';
import { classNotFound, sessionNotFound } from '../shared/not-found';
import { toIso } from '../shared/rows';

interface SessionRow {
  id: SessionId;
  class_id: ClassId;
  starts_at: Date;
  title: string;
}

interface StudentRow {
  id: StudentId;
  name: string;
  is_auto_created: boolean;
}

interface FaceRow extends StudentFace {
  sessionId: SessionId;
  studentId: StudentId;
  cropId: CropId;
  imageId: ImageId;
}

interface PhotoStats {
  total: number;
  processing: number;
  failed: number;
  done: number;
  unassigned: number;
  questions: number;
  low_quality: number;
}

/** Everything the sheets of some sessions of one class are computed from, read at once. */
interface Inputs {
  students: StudentRow[];
  faces: Map<string, FaceRow[]>; // `${sessionId}/${studentId}`
  overrides: Map<string, AttendanceStatus>; // same key
  photos: Map<SessionId, PhotoStats>;
}

const key = (sessionId: string, studentId: string) => `${sessionId}/${studentId}`;

export async function getSessionRow(db: Queryable, sessionId: SessionId): Promise<SessionRow> {
  const { rows } = await withDbErrors({ notFound: sessionNotFound }, () =>
    db.query<SessionRow>('select id, class_id, starts_at, title from sessions where id = $1', [
      sessionId,
    ]),
  );
  const row = rows[0];
  if (!row) throw sessionNotFound();
  return row;
}

async function readInputs(tx: Queryable, classId: ClassId, sessionIds: SessionId[]) {
  const { rows: students } = await tx.query<StudentRow>(
    'select id, name, is_auto_created from students where class_id = $1',
    [classId],
  );
  students.sort((a, b) => compareNames(a.name, b.name));
  // session_images.session_id = any(...) selects session photos only (never reference photos).
  const { rows: faceRows } = await tx.query<{
    session_id: SessionId;
    student_id: StudentId;
    id: CropId;
    image_id: ImageId;
    assignment_status: StudentFace['assignmentStatus'];
    confidence: number | null;
  }>(
    `select i.session_id, c.student_id, c.id, c.image_id, c.assignment_status, c.confidence
     from face_crops c join session_images i on i.id = c.image_id
     where i.session_id = any($1::uuid[]) and c.student_id is not null
       and c.assignment_status in ('auto', 'confirmed')`,
    [sessionIds],
  );
  const faces = new Map<string, FaceRow[]>();
  for (const r of faceRows) {
    const k = key(r.session_id, r.student_id);
    const face: FaceRow = {
      sessionId: r.session_id,
      studentId: r.student_id,
      cropId: r.id,
      imageId: r.image_id,
      assignmentStatus: r.assignment_status,
      confidence: r.confidence === null ? null : Number(r.confidence),
    };
    faces.set(k, [...(faces.get(k) ?? []), face]);
  }
  const { rows: overrideRows } = await tx.query<{
    session_id: string;
    student_id: string;
    status: AttendanceStatus;
  }>(
    `select session_id, student_id, status from attendance
     where session_id = any($1::uuid[]) and source = 'manual'`,
    [sessionIds],
  );
  const overrides = new Map(overrideRows.map((r) => [key(r.session_id, r.student_id), r.status]));
  const { rows: photoRows } = await tx.query<PhotoStats & { session_id: SessionId }>(
    `select i.session_id, count(*)::int as total,
            count(*) filter (where i.status in ('pending', 'processing'))::int as processing,
            count(*) filter (where i.status = 'failed')::int as failed,
            count(*) filter (where i.status = 'done')::int as done,
            coalesce(sum((select count(*) from face_crops c
                          where c.image_id = i.id and c.assignment_status = 'unassigned'
                            and not c.low_quality)), 0)::int as unassigned,
            coalesce(sum((select count(*) from face_crops c
                          where c.image_id = i.id and c.assignment_status = 'unassigned'
                            and c.low_quality)), 0)::int as low_quality,
            (select count(distinct c.group_id) from face_crops c
             join session_images j on j.id = c.image_id
             where j.session_id = i.session_id and c.group_id is not null)::int as questions
     from session_images i where i.session_id = any($1::uuid[]) group by i.session_id`,
    [sessionIds],
  );
  const photos = new Map(photoRows.map((r) => [r.session_id, r]));
  return { students, faces, overrides, photos } satisfies Inputs;
}

function entriesOf(inputs: Inputs, sessionId: SessionId): AttendanceEntry[] {
  return inputs.students.map((student) => {
    const faces = inputs.faces.get(key(sessionId, student.id)) ?? [];
    const override = inputs.overrides.get(key(sessionId, student.id));
    const automatic = automaticStatus(faces);
    const evidence = bestEvidence(faces);
    return {
      studentId: student.id,
      name: student.name,
      isAutoCreated: student.is_auto_created,
      status: effectiveStatus(automatic, override),
      source: override === undefined ? 'auto' : 'manual',
      automaticStatus: automatic,
      evidence: evidence && {
        cropId: evidence.cropId,
        imageId: evidence.imageId,
        assignmentStatus: evidence.assignmentStatus,
        confidence: evidence.assignmentStatus === 'confirmed' ? null : evidence.confidence,
      },
      faceCount: faces.length,
    };
  });
}

const NO_PHOTOS: PhotoStats = {
  total: 0,
  processing: 0,
  failed: 0,
  done: 0,
  unassigned: 0,
  questions: 0,
  low_quality: 0,
};

export async function getSessionAttendance(
  db: Database,
  sessionId: SessionId,
): Promise<SessionAttendance> {
  return db.transaction(async (tx) => {
    const session = await getSessionRow(tx, sessionId);
    const inputs = await readInputs(tx, session.class_id, [sessionId]);
    const entries = entriesOf(inputs, sessionId);
    const photos = inputs.photos.get(sessionId) ?? NO_PHOTOS;
    return {
      sessionId,
      classId: session.class_id,
      startsAt: toIso(session.starts_at),
      title: session.title,
      entries,
      counts: countStatuses(entries.map((e) => e.status)),
      photoCount: photos.total,
      photosProcessing: photos.processing,
      photosFailed: photos.failed,
      unassignedFaces: photos.unassigned,
      openQuestions: photos.questions,
      lowQualityFaces: photos.low_quality,
    };
  });
}

export async function getClassAttendance(db: Database, classId: ClassId): Promise<ClassAttendance> {
  return db.transaction(async (tx) => {
    const { rows: classRows } = await withDbErrors({ notFound: classNotFound }, () =>
      tx.query<{ name: string }>('select name from classes where id = $1', [classId]),
    );
    const classRow = classRows[0];
    if (!classRow) throw classNotFound();
    const { rows: sessionRows } = await tx.query<SessionRow>(
      `select id, class_id, starts_at, title from sessions where class_id = $1
       order by starts_at, created_at, id`,
      [classId],
    );
    const sessionIds = sessionRows.map((s) => s.id);
    const inputs = await readInputs(tx, classId, sessionIds);
    const sessions = sessionRows.map((s) => {
      const overrides = inputs.students.filter((st) =>
        inputs.overrides.has(key(s.id, st.id)),
      ).length;
      return {
        sessionId: s.id,
        startsAt: toIso(s.starts_at),
        title: s.title,
        taken: isSessionTaken(inputs.photos.get(s.id)?.done ?? 0, overrides),
      };
    });
    const perSession = sessions.map((s) => (s.taken ? entriesOf(inputs, s.sessionId) : null));
    const portraits = await readPortraits(tx, classId);
    const rows = inputs.students.map((student, i) => {
      const statuses = perSession.map((entries) => entries?.[i]?.status ?? null);
      const present = statuses.filter((s) => s === 'present').length;
      const taken = statuses.filter((s) => s !== null).length;
      return {
        studentId: student.id,
        name: student.name,
        statuses,
        present,
        sessions: taken,
        percentage: attendancePercentage(present, taken),
        portraitCropId: portraits.get(student.id) ?? null,
      };
    });
    return { classId, className: classRow.name, sessions, rows };
  });
}

/** Each student's clearest face in the whole class (the rule: src/domain/face/clearest-face.ts). */
async function readPortraits(q: Queryable, classId: ClassId): Promise<Map<StudentId, CropId>> {
  const { rows } = await q.query<{
    cropId: CropId;
    studentId: StudentId;
    confirmed: boolean;
    lowQuality: boolean;
    sizePx: number;
    detectionScore: number;
  }>(
    `select id as "cropId", student_id as "studentId",
            assignment_status = 'confirmed' as confirmed, low_quality as "lowQuality",
            least(box_w, box_h) as "sizePx", detection_score as "detectionScore"
       from face_crops
      where class_id = $1 and student_id is not null and thumbnail is not null`,
    [classId],
  );
  const byStudent = new Map<StudentId, typeof rows>();
  for (const row of rows) {
    const list = byStudent.get(row.studentId) ?? [];
    list.push(row);
    byStudent.set(row.studentId, list);
  }
  const portraits = new Map<StudentId, CropId>();
  for (const [studentId, faces] of byStudent) {
    const best = clearestFace(faces);
    if (best) portraits.set(studentId, best.cropId);
  }
  return portraits;
}
