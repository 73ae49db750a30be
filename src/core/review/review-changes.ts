// What a review change did, recorded in its audit entry so that it can be undone exactly.
// Every review operation snapshots the rows it is about to change (in the same transaction),
// and undo puts those rows back in the reverse order of the change. What the change was in the
// teacher's words and which lessons it touched follow one rule: src/domain/history/undo-entry.ts.
import type { ClassId, CropId, SessionId, StudentId } from '../../contracts/ids';
import type { Queryable } from '../../db/open';
import { describeChange, type TeacherChange } from '../../domain/history/undo-entry';

export interface FaceState {
  id: CropId;
  student_id: StudentId | null;
  assignment_status: string;
  confidence: number | null;
  /** The question group or dismissed person the face was in (migration 0004). */
  group_id?: string | null;
  dismissed_id?: string | null;
}

export interface StudentState {
  id: StudentId;
  name: string;
  is_auto_created: boolean;
  created_at: string;
}

export interface RejectionState {
  crop_id: CropId;
  student_id: StudentId;
}

export interface AttendanceState {
  session_id: SessionId;
  student_id: StudentId;
  status: string;
  source: string;
  evidence_crop_id: CropId | null;
}

/** An attendance row (a teacher's override) as it was before a change; null: there was none. */
export interface AttendanceBefore {
  session_id: SessionId;
  student_id: StudentId;
  row: { status: string; source: string; evidence_crop_id: CropId | null } | null;
}

/** The before-state of one review change (the audit entry's old_value). */
export interface ReviewChange {
  /** In the teacher's words (describeChange). */
  description: string;
  /**
   * The lessons the change touched (lessonsTouched), filled in when it is recorded; missing in
   * entries recorded before lessons were (they are worked out from the rows when read).
   */
  lessons?: SessionId[];
  faces: FaceState[];
  /** Students as they were before being renamed by the change. */
  renamed: StudentState[];
  /** Students the change created (removed again on undo). */
  created: StudentId[];
  /** Students the change deleted, with their attendance rows and rejections. */
  deleted: StudentState[];
  deletedAttendance: AttendanceState[];
  deletedRejections: RejectionState[];
  /** Rejections the change added (removed on undo) or removed (put back on undo). */
  addedRejections: RejectionState[];
  removedRejections: RejectionState[];
  /** Attendance rows the change moved from one student to another (moved back on undo). */
  movedAttendance: { from: StudentId; to: StudentId; sessionIds: SessionId[] }[];
  /** Attendance rows the change set or cleared directly (overrides), as they were. */
  attendanceBefore?: AttendanceBefore[];
}

export function emptyChange(change: TeacherChange): ReviewChange {
  return {
    description: describeChange(change),
    faces: [],
    renamed: [],
    created: [],
    deleted: [],
    deletedAttendance: [],
    deletedRejections: [],
    addedRejections: [],
    removedRejections: [],
    movedAttendance: [],
  };
}

export async function snapshotFaces(tx: Queryable, cropIds: readonly string[]) {
  const { rows } = await tx.query<FaceState>(
    `select id, student_id, assignment_status, confidence, group_id, dismissed_id from face_crops
     where id = any($1::uuid[]) order by id`,
    [cropIds],
  );
  return rows;
}

export async function snapshotStudent(tx: Queryable, studentId: StudentId) {
  const { rows } = await tx.query<StudentState>(
    `select id, name, is_auto_created, created_at::text as created_at from students where id = $1`,
    [studentId],
  );
  return rows[0];
}

/** Puts the rows back as they were before `change`, newest effects first. */
export async function revertChange(
  tx: Queryable,
  classId: ClassId,
  change: ReviewChange,
): Promise<void> {
  // Overrides put back as they were (a student or lesson deleted since stays deleted).
  for (const a of change.attendanceBefore ?? []) {
    await tx.query('delete from attendance where session_id = $1 and student_id = $2', [
      a.session_id,
      a.student_id,
    ]);
    if (a.row === null) continue;
    await tx.query(
      `insert into attendance (session_id, student_id, class_id, status, source, evidence_crop_id)
       select $1, $2, $3, $4, $5, (select id from face_crops where id = $6)
       where exists (select 1 from sessions where id = $1 and class_id = $3)
         and exists (select 1 from students where id = $2 and class_id = $3)`,
      [a.session_id, a.student_id, classId, a.row.status, a.row.source, a.row.evidence_crop_id],
    );
  }
  // Names first: a merge may have given the merged student's name to the one it joined.
  for (const s of change.renamed) {
    await tx.query(
      `update students set name = $2, is_auto_created = $3, updated_at = now() where id = $1`,
      [s.id, s.name, s.is_auto_created],
    );
  }
  for (const s of change.deleted) {
    await tx.query(
      `insert into students (id, class_id, name, is_auto_created, created_at)
       values ($1, $2, $3, $4, $5::timestamptz)`,
      [s.id, classId, s.name, s.is_auto_created, s.created_at],
    );
  }
  for (const m of change.movedAttendance) {
    await tx.query(
      `update attendance set student_id = $2 where student_id = $1 and session_id = any($3::uuid[])`,
      [m.to, m.from, m.sessionIds],
    );
  }
  for (const a of change.deletedAttendance) {
    await tx.query(
      `insert into attendance (session_id, student_id, class_id, status, source, evidence_crop_id)
       values ($1, $2, $3, $4, $5, $6) on conflict do nothing`,
      [a.session_id, a.student_id, classId, a.status, a.source, a.evidence_crop_id],
    );
  }
  // Faces that were deleted since (their photo was removed) simply stay deleted.
  // A question group re-formed or a dismissed person restored since is not brought back: the
  // face is then simply unknown (or "not in this class") again.
  for (const f of change.faces) {
    await tx.query(
      `update face_crops set student_id = $2, assignment_status = $3, confidence = $4,
              group_id = (select id from face_groups where id = $5),
              dismissed_id = (select id from dismissed_people where id = $6),
              updated_at = now() where id = $1`,
      [
        f.id,
        f.student_id,
        f.assignment_status,
        f.confidence,
        f.group_id ?? null,
        f.dismissed_id ?? null,
      ],
    );
  }
  for (const r of change.addedRejections) {
    await tx.query('delete from crop_rejections where crop_id = $1 and student_id = $2', [
      r.crop_id,
      r.student_id,
    ]);
  }
  for (const r of [...change.removedRejections, ...change.deletedRejections]) {
    await tx.query(
      `insert into crop_rejections (crop_id, student_id, class_id)
       select $1, $2, $3 where exists (select 1 from face_crops where id = $1)
       on conflict do nothing`,
      [r.crop_id, r.student_id, classId],
    );
  }
  if (change.created.length > 0) {
    await tx.query('delete from students where id = any($1::uuid[])', [change.created]);
  }
  // Groups and dismissed people the change made, left with no face by the undo.
  await tx.query(
    `delete from face_groups g where g.class_id = $1
       and not exists (select 1 from face_crops c where c.group_id = g.id)`,
    [classId],
  );
  await tx.query(
    `delete from dismissed_people d where d.class_id = $1
       and not exists (select 1 from face_crops c where c.dismissed_id = d.id)`,
    [classId],
  );
}
