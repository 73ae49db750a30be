// The teacher's changes as an undo history, and undo itself. Every change to who is who
// (src/core/review) and every attendance override (src/core/attendance/overrides.ts) is recorded
// here, in the transaction that makes it, as an audit entry whose old_value is the ReviewChange
// that puts the rows back. Undo reverts the class's latest change not undone yet, exactly (newest
// first, so a later change never loses rows it relied on), and from a lesson's page it changes
// another lesson only when the teacher has agreed to it (issue 13: on lesson 2 it used to revert
// a merge made on lesson 1's page without a word).
import { conflictError } from '../../contracts/errors';
import type {
  ChangeEntry,
  ChangeHistory,
  LessonRef,
  UndoOutcome,
  UndoPlace,
  UndoRequest,
} from '../../contracts/history';
import type { AuditEntry } from '../../contracts/entities';
import type { ClassId, CropId, SessionId } from '../../contracts/ids';
import type { Database, Queryable } from '../../db/open';
import { describeUndo, lessonsTouched, otherLessonsReached } from '../../domain/history/undo-entry';
import { recordAudit } from './audit';
import { withDbErrors } from '../shared/db-errors';
import { assertClassExists, sessionNotFound } from '../shared/not-found';
import { toIso } from '../shared/rows';
import { revertChange, type ReviewChange } from '../review/review-changes';

/** How many steps the history shows. */
const HISTORY_LENGTH = 20;

const UNDO_ACTION = 'undo';

/**
 * The audit entries undo can revert: review changes and attendance overrides that recorded
 * their before-state (override entries made before overrides were undoable did not).
 */
const UNDOABLE = `(a.action like 'review:%' or a.action in ('overridden', 'override_cleared'))
  and a.old_value ->> 'description' is not null`;

export interface UndoableInput {
  classId: ClassId;
  entity: AuditEntry['entity'];
  entityId: string;
  action: string;
  change: ReviewChange;
  newValue: unknown;
  /** Kept beside the change in old_value (what the audit log said before undo existed). */
  oldValueExtra?: Record<string, unknown>;
}

/** Records a change the teacher can undo; call with the transaction that makes the change. */
export async function recordUndoableChange(tx: Queryable, input: UndoableInput): Promise<void> {
  const change: ReviewChange = {
    ...input.change,
    lessons: await lessonsOfChange(tx, input.change),
  };
  await recordAudit(tx, {
    classId: input.classId,
    entity: input.entity,
    entityId: input.entityId,
    action: input.action,
    oldValue: { ...input.oldValueExtra, ...change },
    newValue: input.newValue,
  });
}

/** The lessons of the faces and attendance rows a change touched, oldest lesson first. */
async function lessonsOfChange(tx: Queryable, change: ReviewChange): Promise<SessionId[]> {
  const cropIds: CropId[] = change.faces.map((f) => f.id);
  const attendance = [
    ...change.movedAttendance.flatMap((m) => m.sessionIds),
    ...change.deletedAttendance.map((a) => a.session_id),
    ...(change.attendanceBefore ?? []).map((a) => a.session_id),
  ];
  const { rows } = await tx.query<{ session_id: SessionId | null }>(
    `select i.session_id from face_crops c join session_images i on i.id = c.image_id
     where c.id = any($1::uuid[])`,
    [cropIds],
  );
  const touched = lessonsTouched(
    rows.map((r) => r.session_id),
    attendance,
  );
  if (touched.length < 2) return touched;
  const { rows: ordered } = await tx.query<{ id: SessionId }>(
    'select id from sessions where id = any($1::uuid[]) order by starts_at, id',
    [touched],
  );
  return ordered.map((s) => s.id);
}

interface EntryRow {
  id: string | number;
  action: string;
  old_value: ReviewChange | null;
  new_value: { undoes?: number; description?: string; lessons?: SessionId[] } | null;
  created_at: Date;
}

/** The class's latest changes and undos, newest first, in the teacher's words. */
export async function listChanges(db: Database, place: UndoPlace): Promise<ChangeHistory> {
  const classId = await classOf(db, place);
  const { rows } = await db.query<EntryRow>(
    `select a.id, a.action, a.old_value, a.new_value, a.created_at from audit_log a
     where a.class_id = $1 and ((${UNDOABLE}) or a.action = '${UNDO_ACTION}')
     order by a.id desc limit ${HISTORY_LENGTH}`,
    [classId],
  );
  const undone = await undoneIds(db, classId);
  const next = await latestNotUndone(db, classId);
  const lessonsOf = await lessonRefs(db, rows.flatMap(entryLessons));
  return {
    classId,
    entries: rows.map((row) => toEntry(row, lessonsOf, undone, next?.id ?? null)),
  };
}

/**
 * Undoes the class's latest change not undone yet. From a lesson's page, a change that touched
 * other lessons is only undone once the teacher agreed (otherwise nothing changes and the
 * outcome names those lessons); a change the teacher pointed at that is not the latest any more
 * is refused with the later change named.
 */
export async function undoLastChange(
  db: Database,
  place: UndoPlace,
  request: UndoRequest = {},
): Promise<UndoOutcome> {
  return withDbErrors({ notFound: goneSince }, () =>
    db.transaction(async (tx): Promise<UndoOutcome> => {
      const classId = await classOf(tx, place);
      const last = await latestNotUndone(tx, classId);
      if (request.entryId !== undefined && request.entryId !== last?.id) {
        throw await notNextError(tx, classId, request.entryId, last);
      }
      if (!last) return { outcome: 'nothing-to-undo' };
      const change = last.old_value!;
      const lessons = entryLessons(last);
      const lessonsOf = await lessonRefs(tx, lessons);
      const entry = toEntry(last, lessonsOf, new Set(), last.id);
      const fromLesson = 'sessionId' in place ? place.sessionId : null;
      const others = otherLessonsReached(lessons, fromLesson);
      if (others.length > 0 && !request.otherLessonsAgreed) {
        return {
          outcome: 'confirm',
          entry,
          otherLessons: others.flatMap((id) => lessonsOf.get(id) ?? []),
        };
      }
      await revertChange(tx, classId, change);
      await recordAudit(tx, {
        classId,
        entity: 'face_crop',
        entityId: String(last.id),
        action: UNDO_ACTION,
        oldValue: null,
        newValue: { undoes: last.id, description: change.description, lessons },
      });
      return { outcome: 'undone', entry: { ...entry, undone: true, undoNext: false } };
    }),
  );
}

// ---------------------------------------------------------------------------------------------

/** Putting rows back under a student, photo or lesson deleted since fails: nothing is changed. */
const goneSince = () =>
  conflictError(
    'This change can’t be undone: a student, photo or lesson it touched has been deleted since.',
  );

async function classOf(tx: Queryable, place: UndoPlace): Promise<ClassId> {
  if ('classId' in place) {
    await assertClassExists(tx, place.classId);
    return place.classId;
  }
  const { rows } = await withDbErrors({ notFound: sessionNotFound }, () =>
    tx.query<{ class_id: ClassId }>('select class_id from sessions where id = $1', [
      place.sessionId,
    ]),
  );
  if (!rows[0]) throw sessionNotFound();
  return rows[0].class_id;
}

type LatestRow = EntryRow & { id: number };

async function latestNotUndone(tx: Queryable, classId: ClassId): Promise<LatestRow | null> {
  const { rows } = await tx.query<EntryRow>(
    `select a.id, a.action, a.old_value, a.new_value, a.created_at from audit_log a
     where a.class_id = $1 and ${UNDOABLE}
       and not exists (select 1 from audit_log u where u.class_id = $1 and u.action = '${UNDO_ACTION}'
                       and (u.new_value ->> 'undoes')::bigint = a.id)
     order by a.id desc limit 1`,
    [classId],
  );
  const row = rows[0];
  return row ? { ...row, id: Number(row.id) } : null;
}

async function undoneIds(tx: Queryable, classId: ClassId): Promise<Set<number>> {
  const { rows } = await tx.query<{ undoes: string }>(
    `select new_value ->> 'undoes' as undoes from audit_log
     where class_id = $1 and action = '${UNDO_ACTION}'`,
    [classId],
  );
  return new Set(rows.map((r) => Number(r.undoes)));
}

/** Why the change the teacher pointed at cannot be undone now, in plain words. */
async function notNextError(
  tx: Queryable,
  classId: ClassId,
  entryId: number,
  last: LatestRow | null,
) {
  const { rows } = await tx.query<{ description: string | null }>(
    `select a.old_value ->> 'description' as description from audit_log a
     where a.class_id = $1 and a.id = $2 and ${UNDOABLE}`,
    [classId, entryId],
  );
  const what = rows[0]?.description;
  if (what == null) return conflictError('This change is not in this class’s history any more.');
  if (last === null || last.id < entryId || (await undoneIds(tx, classId)).has(entryId)) {
    return conflictError(`“${what}” has already been undone.`);
  }
  return conflictError(
    `“${what}” can’t be undone before the change made after it: “${last.old_value!.description}”. Undo that first.`,
    { laterEntryId: last.id },
  );
}

/** The lessons an entry touched; worked out from its rows for entries that did not record them. */
function entryLessons(row: EntryRow): SessionId[] {
  if (row.action === UNDO_ACTION) return row.new_value?.lessons ?? [];
  const change = row.old_value;
  if (!change) return [];
  if (change.lessons) return change.lessons;
  return lessonsTouched(
    [],
    [
      ...change.movedAttendance.flatMap((m) => m.sessionIds),
      ...change.deletedAttendance.map((a) => a.session_id),
    ],
  );
}

/** The lessons still in the class (a deleted lesson is left out), by id. */
async function lessonRefs(
  tx: Queryable,
  sessionIds: readonly SessionId[],
): Promise<Map<SessionId, LessonRef>> {
  if (sessionIds.length === 0) return new Map();
  const { rows } = await tx.query<{ id: SessionId; starts_at: Date; title: string }>(
    'select id, starts_at, title from sessions where id = any($1::uuid[])',
    [[...new Set(sessionIds)]],
  );
  return new Map(
    rows.map((r) => [r.id, { sessionId: r.id, startsAt: toIso(r.starts_at), title: r.title }]),
  );
}

function toEntry(
  row: EntryRow,
  lessonsOf: ReadonlyMap<SessionId, LessonRef>,
  undone: ReadonlySet<number>,
  nextId: number | null,
): ChangeEntry {
  const id = Number(row.id);
  const isUndo = row.action === UNDO_ACTION;
  const description = isUndo
    ? describeUndo(row.new_value?.description ?? 'a change')
    : (row.old_value?.description ?? '');
  return {
    id,
    kind: isUndo ? 'undo' : 'change',
    description,
    lessons: entryLessons(row).flatMap((lesson) => lessonsOf.get(lesson) ?? []),
    createdAt: toIso(row.created_at),
    undone: !isUndo && undone.has(id),
    undoNext: !isUndo && id === nextId,
  };
}
