// The teacher's overrides of a sheet: stored as attendance rows with source 'manual', which win
// over what the faces say until cleared. Each change is audited in its own transaction, with the
// row as it was, so it can be undone like any other change (src/core/history).
import { ATTENDANCE_STATUSES, type AttendanceStatus } from '../../contracts/entities';
import { validationError } from '../../contracts/errors';
import type { SessionId, StudentId } from '../../contracts/ids';
import type { Database, Queryable } from '../../db/open';
import { recordUndoableChange } from '../history/undo-history';
import { emptyChange, type AttendanceBefore } from '../review/review-changes';
import { withDbErrors } from '../shared/db-errors';
import { sessionNotFound, studentNotFound } from '../shared/not-found';
import { getSessionRow } from './sheet';

function checkStatus(status: unknown): AttendanceStatus {
  if (!ATTENDANCE_STATUSES.includes(status as AttendanceStatus)) {
    throw validationError('Attendance can only be present, absent or uncertain.', {
      field: 'status',
    });
  }
  return status as AttendanceStatus;
}

/** The session's class, after checking the student belongs to it. */
async function checkPair(tx: Queryable, sessionId: SessionId, studentId: StudentId) {
  const session = await getSessionRow(tx, sessionId);
  const { rows } = await withDbErrors({ notFound: studentNotFound }, () =>
    tx.query<{ name: string }>('select name from students where id = $1 and class_id = $2', [
      studentId,
      session.class_id,
    ]),
  );
  const student = rows[0];
  if (!student) throw studentNotFound();
  return { classId: session.class_id, name: student.name };
}

/** The pair's attendance row as it is, and its override's status (null: none). */
async function currentRow(tx: Queryable, sessionId: SessionId, studentId: StudentId) {
  const { rows } = await tx.query<NonNullable<AttendanceBefore['row']>>(
    `select status, source, evidence_crop_id from attendance
     where session_id = $1 and student_id = $2`,
    [sessionId, studentId],
  );
  const row = rows[0] ?? null;
  const before: AttendanceBefore = { session_id: sessionId, student_id: studentId, row };
  const override = row?.source === 'manual' ? (row.status as AttendanceStatus) : null;
  return { before, override };
}

export async function setAttendance(
  db: Database,
  sessionId: SessionId,
  studentId: StudentId,
  rawStatus: AttendanceStatus,
): Promise<void> {
  const status = checkStatus(rawStatus);
  await withDbErrors({ notFound: sessionNotFound }, () =>
    db.transaction(async (tx) => {
      const { classId, name } = await checkPair(tx, sessionId, studentId);
      const { before: row, override: before } = await currentRow(tx, sessionId, studentId);
      if (before === status) return;
      await tx.query(
        `insert into attendance (session_id, student_id, class_id, status, source)
         values ($1, $2, $3, $4, 'manual')
         on conflict (session_id, student_id)
         do update set status = excluded.status, source = 'manual', updated_at = now()`,
        [sessionId, studentId, classId, status],
      );
      const change = emptyChange({ kind: 'marked-attendance', student: name, status });
      change.attendanceBefore = [row];
      await recordUndoableChange(tx, {
        classId,
        entity: 'attendance',
        entityId: `${sessionId}/${studentId}`,
        action: 'overridden',
        change,
        oldValueExtra: before === null ? { source: 'auto' } : { status: before, source: 'manual' },
        newValue: { status, source: 'manual', student: name },
      });
    }),
  );
}

export async function clearAttendanceOverride(
  db: Database,
  sessionId: SessionId,
  studentId: StudentId,
): Promise<void> {
  await withDbErrors({ notFound: sessionNotFound }, () =>
    db.transaction(async (tx) => {
      const { classId, name } = await checkPair(tx, sessionId, studentId);
      const { before: row, override: before } = await currentRow(tx, sessionId, studentId);
      if (before === null) return;
      await tx.query('delete from attendance where session_id = $1 and student_id = $2', [
        sessionId,
        studentId,
      ]);
      const change = emptyChange({ kind: 'cleared-attendance', student: name });
      change.attendanceBefore = [row];
      await recordUndoableChange(tx, {
        classId,
        entity: 'attendance',
        entityId: `${sessionId}/${studentId}`,
        action: 'override_cleared',
        change,
        oldValueExtra: { status: before, source: 'manual' },
        newValue: { source: 'auto', student: name },
      });
    }),
  );
}
