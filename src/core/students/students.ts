// The roster of a class: students typed in one by one or imported from a file.
import type { RosterImportResult, Student } from '../../contracts/entities';
import { validationError } from '../../contracts/errors';
import type { ClassId, StudentId } from '../../contracts/ids';
import type { Database, Queryable } from '../../db/open';
import { compareNames, validateName } from '../../domain/names';
import { decodeTextFile, parseRoster } from '../../domain/roster-csv';
import { recordAudit } from '../history/audit';
import { withDbErrors } from '../shared/db-errors';
import { assertClassExists, classNotFound, studentNotFound } from '../shared/not-found';
import { toIso } from '../shared/rows';
import { fromDomain } from '../shared/domain-errors';

/** A class list is a few kilobytes; anything far bigger is the wrong file. */
export const MAX_ROSTER_FILE_BYTES = 2 * 1024 * 1024;

interface StudentRow {
  id: string;
  class_id: string;
  name: string;
  is_auto_created: boolean;
  created_at: Date;
  updated_at: Date;
}

const STUDENT_COLUMNS = 'id, class_id, name, is_auto_created, created_at, updated_at';

function toStudent(row: StudentRow): Student {
  return {
    id: row.id as StudentId,
    classId: row.class_id as ClassId,
    name: row.name,
    isAutoCreated: row.is_auto_created,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

/** The class's students, alphabetically (case- and accent-insensitive). */
export async function listStudents(db: Queryable, classId: ClassId): Promise<Student[]> {
  await assertClassExists(db, classId);
  const { rows } = await db.query<StudentRow>(
    `select ${STUDENT_COLUMNS} from students where class_id = $1`,
    [classId],
  );
  return rows.map(toStudent).sort((a, b) => compareNames(a.name, b.name));
}

async function getStudent(db: Queryable, studentId: StudentId): Promise<Student> {
  const { rows } = await withDbErrors({ notFound: studentNotFound }, () =>
    db.query<StudentRow>(`select ${STUDENT_COLUMNS} from students where id = $1`, [studentId]),
  );
  const row = rows[0];
  if (!row) throw studentNotFound();
  return toStudent(row);
}

export async function addStudent(
  db: Database,
  classId: ClassId,
  rawName: string,
): Promise<Student> {
  const name = fromDomain(() => validateName(rawName, 'student'));
  return withDbErrors({ notFound: classNotFound, name }, () =>
    db.transaction(async (tx) => {
      const { rows } = await tx.query<StudentRow>(
        `insert into students (class_id, name) values ($1, $2) returning ${STUDENT_COLUMNS}`,
        [classId, name],
      );
      const student = toStudent(rows[0]!);
      await recordAudit(tx, {
        classId,
        entity: 'student',
        entityId: student.id,
        action: 'created',
        oldValue: null,
        newValue: { name },
      });
      return student;
    }),
  );
}

export async function renameStudent(
  db: Database,
  studentId: StudentId,
  rawName: string,
): Promise<Student> {
  const name = fromDomain(() => validateName(rawName, 'student'));
  return withDbErrors({ notFound: studentNotFound, name }, () =>
    db.transaction(async (tx) => {
      const before = await getStudent(tx, studentId);
      if (before.name === name) return before;
      const { rows } = await tx.query<StudentRow>(
        `update students set name = $2, updated_at = now() where id = $1
         returning ${STUDENT_COLUMNS}`,
        [studentId, name],
      );
      await recordAudit(tx, {
        classId: before.classId,
        entity: 'student',
        entityId: studentId,
        action: 'renamed',
        oldValue: { name: before.name },
        newValue: { name },
      });
      return toStudent(rows[0]!);
    }),
  );
}

/** Their attendance goes with them; their faces go back to the review queue (schema trigger). */
export async function deleteStudent(db: Database, studentId: StudentId): Promise<void> {
  await withDbErrors({ notFound: studentNotFound }, () =>
    db.transaction(async (tx) => {
      const before = await getStudent(tx, studentId);
      await tx.query('delete from students where id = $1', [studentId]);
      await recordAudit(tx, {
        classId: before.classId,
        entity: 'student',
        entityId: studentId,
        action: 'deleted',
        oldValue: { name: before.name },
        newValue: null,
      });
    }),
  );
}

/**
 * Adds the names of a roster file that are not on the roster yet, in one transaction: an error
 * anywhere adds nobody. Names compare case-insensitively, as the database's unique index does.
 */
export async function importRoster(
  db: Database,
  classId: ClassId,
  file: { fileName: string; bytes: Uint8Array },
): Promise<RosterImportResult> {
  if (file.bytes.byteLength > MAX_ROSTER_FILE_BYTES) {
    throw validationError('This file is too big to be a class list. Choose a CSV or text file.');
  }
  const names = fromDomain(() => parseRoster(decodeTextFile(file.bytes)));
  return withDbErrors({ notFound: classNotFound }, () =>
    db.transaction(async (tx) => {
      await assertClassExists(tx, classId);
      // lower() of Postgres, not of JavaScript: the two disagree on some letters (İ), and the
      // unique index is what must not be violated.
      const { rows: keyRows } = await tx.query<{ key: string }>(
        'select lower(n) as key from unnest($1::text[]) with ordinality as t(n, i) order by i',
        [names],
      );
      const { rows: existingRows } = await tx.query<{ key: string }>(
        'select lower(name) as key from students where class_id = $1',
        [classId],
      );
      const onRoster = new Set(existingRows.map((row) => row.key));
      const plan = planImport(
        names,
        keyRows.map((row) => row.key),
        onRoster,
      );

      const { rows } = await tx.query<StudentRow>(
        `insert into students (class_id, name)
         select $1, n from unnest($2::text[]) with ordinality as t(n, i) order by i
         returning ${STUDENT_COLUMNS}`,
        [classId, plan.toAdd],
      );
      const order = new Map(plan.toAdd.map((name, i) => [name, i]));
      const position = (student: Student) => order.get(student.name) ?? 0;
      const added = rows.map(toStudent).sort((a, b) => position(a) - position(b));
      const { alreadyOnRoster, repeatedInFile } = plan;
      if (added.length > 0) {
        await recordAudit(tx, {
          classId,
          entity: 'class',
          entityId: classId,
          action: 'roster_imported',
          oldValue: null,
          newValue: { fileName: file.fileName, added: plan.toAdd, alreadyOnRoster, repeatedInFile },
        });
      }
      return { added, alreadyOnRoster, repeatedInFile };
    }),
  );
}

/** Each name once: the first spelling in the file wins; names already on the roster are left. */
function planImport(names: string[], keys: string[], onRoster: Set<string>) {
  const toAdd: string[] = [];
  const alreadyOnRoster: string[] = [];
  const repeatedInFile: string[] = [];
  const firstSpelling = new Map<string, string>();
  const reported = new Set<string>();
  names.forEach((name, i) => {
    const key = keys[i] ?? name;
    const first = firstSpelling.get(key);
    if (first === undefined) {
      firstSpelling.set(key, name);
      (onRoster.has(key) ? alreadyOnRoster : toAdd).push(name);
    } else if (!onRoster.has(key) && !reported.has(key)) {
      reported.add(key);
      repeatedInFile.push(first);
    }
  });
  return { toAdd, alreadyOnRoster, repeatedInFile };
}
