// Classes: the top of everything. Deleting one removes all under it (the schema cascades).
import type { ClassSummary } from '../../contracts/entities';
import type { ClassId } from '../../contracts/ids';
import type { Database, Queryable } from '../../db/open';
import { compareNames, validateName } from '../../domain/names';
import { recordAudit } from '../history/audit';
import { withDbErrors } from '../shared/db-errors';
import { classNotFound } from '../shared/not-found';
import { toIso } from '../shared/rows';
import { fromDomain } from '../shared/domain-errors';

interface ClassRow {
  id: string;
  name: string;
  student_count: number;
  session_count: number;
  created_at: Date;
  updated_at: Date;
}

const SELECT_CLASS_SUMMARY = `
  select c.id, c.name, c.created_at, c.updated_at,
         (select count(*) from students s where s.class_id = c.id)::int as student_count,
         (select count(*) from sessions se where se.class_id = c.id)::int as session_count
  from classes c`;

function toClassSummary(row: ClassRow): ClassSummary {
  return {
    id: row.id as ClassId,
    name: row.name,
    studentCount: row.student_count,
    sessionCount: row.session_count,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

/** Every class, alphabetically (case- and accent-insensitive). */
export async function listClasses(db: Queryable): Promise<ClassSummary[]> {
  const { rows } = await db.query<ClassRow>(SELECT_CLASS_SUMMARY);
  return rows.map(toClassSummary).sort((a, b) => compareNames(a.name, b.name));
}

export async function getClass(db: Queryable, classId: ClassId): Promise<ClassSummary> {
  const { rows } = await withDbErrors({ notFound: classNotFound }, () =>
    db.query<ClassRow>(`${SELECT_CLASS_SUMMARY} where c.id = $1`, [classId]),
  );
  const row = rows[0];
  if (!row) throw classNotFound();
  return toClassSummary(row);
}

export async function createClass(db: Database, rawName: string): Promise<ClassSummary> {
  const name = fromDomain(() => validateName(rawName, 'class'));
  return withDbErrors({ notFound: classNotFound, name }, () =>
    db.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: ClassId }>(
        'insert into classes (name) values ($1) returning id',
        [name],
      );
      const classId = rows[0]!.id;
      await recordAudit(tx, {
        classId,
        entity: 'class',
        entityId: classId,
        action: 'created',
        oldValue: null,
        newValue: { name },
      });
      return getClass(tx, classId);
    }),
  );
}

export async function renameClass(
  db: Database,
  classId: ClassId,
  rawName: string,
): Promise<ClassSummary> {
  const name = fromDomain(() => validateName(rawName, 'class'));
  return withDbErrors({ notFound: classNotFound, name }, () =>
    db.transaction(async (tx) => {
      const before = await getClass(tx, classId);
      if (before.name === name) return before;
      await tx.query('update classes set name = $2, updated_at = now() where id = $1', [
        classId,
        name,
      ]);
      await recordAudit(tx, {
        classId,
        entity: 'class',
        entityId: classId,
        action: 'renamed',
        oldValue: { name: before.name },
        newValue: { name },
      });
      return getClass(tx, classId);
    }),
  );
}

/** Removes the class and, through the schema's cascades, everything under it. */
export async function deleteClass(db: Database, classId: ClassId): Promise<void> {
  await withDbErrors({ notFound: classNotFound }, () =>
    db.transaction(async (tx) => {
      const before = await getClass(tx, classId);
      await tx.query('delete from classes where id = $1', [classId]);
      // After the delete and with no class: the class's own entries have just cascaded away.
      await recordAudit(tx, {
        classId: null,
        entity: 'class',
        entityId: classId,
        action: 'deleted',
        oldValue: {
          name: before.name,
          studentCount: before.studentCount,
          sessionCount: before.sessionCount,
        },
        newValue: null,
      });
    }),
  );
}
