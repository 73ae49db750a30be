import { describe, expect, it } from 'vitest';
import type { ClassId, StudentId } from '../../src/contracts/ids';
import { listAudit } from '../../src/core/history/audit';
import { createClass, deleteClass, getClass } from '../../src/core/classes/classes';
import {
  addStudent,
  deleteStudent,
  importRoster,
  listStudents,
  renameStudent,
} from '../../src/core/students/students';
import { countAll, countRows, useTestDatabase } from '../support/db';
import { expectAppError } from '../support/errors';

const db = useTestDatabase();
const MISSING_STUDENT = '00000000-0000-4000-8000-000000000000' as StudentId;
const MISSING_CLASS = '00000000-0000-4000-8000-000000000000' as ClassId;
const STUDENT_GONE = 'This student no longer exists. It may have been deleted in another tab.';
const CLASS_GONE = 'This class no longer exists. It may have been deleted in another tab.';

const newClass = async (name = 'Class A') => (await createClass(db(), name)).id;
const file = (text: string, fileName = 'roster.csv') => ({
  fileName,
  bytes: new TextEncoder().encode(text),
});
const names = async (classId: ClassId) => (await listStudents(db(), classId)).map((s) => s.name);

describe('addStudent and listStudents', () => {
  it('adds a student with a normalized name', async () => {
    const classId = await newClass();
    const student = await addStudent(db(), classId, '  Ana   María ');
    expect(student).toMatchObject({ classId, name: 'Ana María', isAutoCreated: false });
    expect(await listStudents(db(), classId)).toEqual([student]);
    expect((await getClass(db(), classId)).studentCount).toBe(1);
  });

  it('lists students alphabetically, ignoring case and accents', async () => {
    const classId = await newClass();
    for (const name of ['zoe', 'Émile', 'adam', 'Bea', 'Eva'])
      await addStudent(db(), classId, name);
    expect(await names(classId)).toEqual(['adam', 'Bea', 'Émile', 'Eva', 'zoe']);
  });

  it('lists only the students of the class', async () => {
    const a = await newClass('A');
    const b = await newClass('B');
    await addStudent(db(), a, 'Ana');
    await addStudent(db(), b, 'Bea');
    expect(await names(a)).toEqual(['Ana']);
  });

  it('allows the same name in two classes', async () => {
    const a = await newClass('A');
    const b = await newClass('B');
    await addStudent(db(), a, 'Ana');
    await addStudent(db(), b, 'ana');
    expect(await countRows(db(), 'students')).toBe(2);
  });

  it.each([
    ['', "A student's name can't be empty."],
    ['   ', "A student's name can't be empty."],
    ['y'.repeat(121), "A student's name is too long (at most 120 characters)."],
  ])('rejects %j and changes nothing', async (name, message) => {
    const classId = await newClass();
    const before = await countAll(db());
    const error = await expectAppError(addStudent(db(), classId, name), 'validation');
    expect(error.message).toBe(message);
    expect(await countAll(db())).toEqual(before);
  });

  it('rejects a duplicate name, ignoring case, and changes nothing', async () => {
    const classId = await newClass();
    await addStudent(db(), classId, 'Ana');
    const before = await countAll(db());
    const error = await expectAppError(addStudent(db(), classId, ' ANA '), 'validation');
    expect(error.message).toBe('There is already a student called “ANA” in this class.');
    expect(await countAll(db())).toEqual(before);
  });

  it('is not-found for a missing class', async () => {
    for (const classId of [MISSING_CLASS, 'garbage' as ClassId]) {
      const error = await expectAppError(addStudent(db(), classId, 'Ana'), 'not-found');
      expect(error.message).toBe(CLASS_GONE);
      await expectAppError(listStudents(db(), classId), 'not-found');
    }
    expect(await countRows(db(), 'students')).toBe(0);
  });
});

describe('renameStudent', () => {
  it('renames and records the old and new name', async () => {
    const classId = await newClass();
    const ana = await addStudent(db(), classId, 'Ana');
    const renamed = await renameStudent(db(), ana.id, 'Ana Lopez');
    expect(renamed).toMatchObject({ id: ana.id, classId, name: 'Ana Lopez' });
    expect(await names(classId)).toEqual(['Ana Lopez']);
    const [entry] = await listAudit(db(), { classId });
    expect(entry).toMatchObject({
      entity: 'student',
      entityId: ana.id,
      action: 'renamed',
      oldValue: { name: 'Ana' },
      newValue: { name: 'Ana Lopez' },
    });
  });

  it('may change only the case of its own name', async () => {
    const classId = await newClass();
    const ana = await addStudent(db(), classId, 'ana');
    expect((await renameStudent(db(), ana.id, 'Ana')).name).toBe('Ana');
  });

  it('refuses the name of a classmate, ignoring case, and changes nothing', async () => {
    const classId = await newClass();
    await addStudent(db(), classId, 'Ana');
    const bea = await addStudent(db(), classId, 'Bea');
    const before = await countAll(db());
    const error = await expectAppError(renameStudent(db(), bea.id, 'aNA'), 'validation');
    expect(error.message).toBe('There is already a student called “aNA” in this class.');
    expect(await names(classId)).toEqual(['Ana', 'Bea']);
    expect(await countAll(db())).toEqual(before);
  });

  it('refuses an empty or too-long name', async () => {
    const classId = await newClass();
    const ana = await addStudent(db(), classId, 'Ana');
    await expectAppError(renameStudent(db(), ana.id, ' '), 'validation');
    await expectAppError(renameStudent(db(), ana.id, 'z'.repeat(121)), 'validation');
    expect(await names(classId)).toEqual(['Ana']);
  });

  it('is not-found for a deleted, unknown or malformed id', async () => {
    const classId = await newClass();
    const ana = await addStudent(db(), classId, 'Ana');
    await deleteStudent(db(), ana.id);
    for (const id of [ana.id, MISSING_STUDENT, 'x' as StudentId]) {
      const error = await expectAppError(renameStudent(db(), id, 'Bea'), 'not-found');
      expect(error.message).toBe(STUDENT_GONE);
    }
  });
});

describe('deleteStudent', () => {
  it('deletes the student and records it', async () => {
    const classId = await newClass();
    const ana = await addStudent(db(), classId, 'Ana');
    await addStudent(db(), classId, 'Bea');
    await deleteStudent(db(), ana.id);
    expect(await names(classId)).toEqual(['Bea']);
    const [entry] = await listAudit(db(), { classId });
    expect(entry).toMatchObject({
      classId,
      entity: 'student',
      entityId: ana.id,
      action: 'deleted',
      oldValue: { name: 'Ana' },
      newValue: null,
    });
  });

  it('is not-found the second time, and changes nothing', async () => {
    const classId = await newClass();
    const ana = await addStudent(db(), classId, 'Ana');
    await deleteStudent(db(), ana.id);
    const before = await countAll(db());
    const error = await expectAppError(deleteStudent(db(), ana.id), 'not-found');
    expect(error.message).toBe(STUDENT_GONE);
    expect(await countAll(db())).toEqual(before);
  });

  it('is not-found once the class is deleted', async () => {
    const classId = await newClass();
    const ana = await addStudent(db(), classId, 'Ana');
    await deleteClass(db(), classId);
    await expectAppError(deleteStudent(db(), ana.id), 'not-found');
    await expectAppError(renameStudent(db(), ana.id, 'Bea'), 'not-found');
  });
});

describe('importRoster', () => {
  it('adds every name of a plain list, in file order', async () => {
    const classId = await newClass();
    const result = await importRoster(db(), classId, file('Zoe\nSmith, John\n\nAna\n', 'a.txt'));
    expect(result.added.map((s) => s.name)).toEqual(['Zoe', 'Smith, John', 'Ana']);
    expect(result.added.every((s) => s.classId === classId)).toBe(true);
    expect(result.alreadyOnRoster).toEqual([]);
    expect(result.repeatedInFile).toEqual([]);
    expect(await names(classId)).toEqual(['Ana', 'Smith, John', 'Zoe']);
  });

  it('reads the name column of a CSV with a BOM', async () => {
    const classId = await newClass();
    const csv = '\uFEFFid,Name\r\n1,"Lopez, Ana"\r\n2,Bea\r\n';
    const result = await importRoster(db(), classId, file(csv));
    expect(result.added.map((s) => s.name)).toEqual(['Lopez, Ana', 'Bea']);
  });

  it('reports names already on the roster and names repeated in the file', async () => {
    const classId = await newClass();
    await addStudent(db(), classId, 'Ana');
    const result = await importRoster(db(), classId, file('ANA\nBea\nCarl\nbea\nBEA\nana\nDora'));
    expect(result.added.map((s) => s.name)).toEqual(['Bea', 'Carl', 'Dora']);
    expect(result.alreadyOnRoster).toEqual(['ANA']);
    expect(result.repeatedInFile).toEqual(['Bea']);
    expect(await names(classId)).toEqual(['Ana', 'Bea', 'Carl', 'Dora']);
  });

  it('compares names as the database does (İ), so the import never trips the unique index', async () => {
    const classId = await newClass();
    await addStudent(db(), classId, 'İpek');
    const result = await importRoster(db(), classId, file('ipek\nIPEK\n'));
    expect(result.added).toEqual([]);
    expect(result.alreadyOnRoster).toEqual(['ipek']);
    expect(await countRows(db(), 'students')).toBe(1);
  });

  it('records one audit entry with what was added', async () => {
    const classId = await newClass();
    await addStudent(db(), classId, 'Ana');
    await importRoster(db(), classId, file('Ana\nBea\nBea', 'list.csv'));
    const [entry] = await listAudit(db(), { classId });
    expect(entry).toMatchObject({
      classId,
      entity: 'class',
      entityId: classId,
      action: 'roster_imported',
      newValue: {
        fileName: 'list.csv',
        added: ['Bea'],
        alreadyOnRoster: ['Ana'],
        repeatedInFile: ['Bea'],
      },
    });
  });

  it('changes nothing when every name is already there', async () => {
    const classId = await newClass();
    await addStudent(db(), classId, 'Ana');
    const before = await countAll(db());
    const result = await importRoster(db(), classId, file('ana'));
    expect(result).toEqual({ added: [], alreadyOnRoster: ['ana'], repeatedInFile: [] });
    expect(await countAll(db())).toEqual(before);
  });

  it.each([
    ['an empty file', '', 'No names found in this file.'],
    ['a file of blank lines', '\n \r\n', 'No names found in this file.'],
    ['a too-long name', `Ana\n${'q'.repeat(121)}`, "Line 2: A student's name is too long"],
  ])('adds nobody for %s', async (_label, text, message) => {
    const classId = await newClass();
    await addStudent(db(), classId, 'Zed');
    const before = await countAll(db());
    const error = await expectAppError(importRoster(db(), classId, file(text)), 'validation');
    expect(error.message).toContain(message);
    expect(await countAll(db())).toEqual(before);
  });

  it('adds nobody for a binary file', async () => {
    const classId = await newClass();
    const before = await countAll(db());
    const png = { fileName: 'x.png', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]) };
    const error = await expectAppError(importRoster(db(), classId, png), 'validation');
    expect(error.message).toContain("can't be read as a list of names");
    expect(await countAll(db())).toEqual(before);
  });

  it('is not-found for a missing class, adding nobody', async () => {
    const error = await expectAppError(importRoster(db(), MISSING_CLASS, file('Ana')), 'not-found');
    expect(error.message).toBe(CLASS_GONE);
    await expectAppError(importRoster(db(), 'bad' as ClassId, file('Ana')), 'not-found');
    expect(await countRows(db(), 'students')).toBe(0);
  });

  it('is all or nothing: a failure after the inserts rolls them back', async () => {
    const classId = await newClass();
    await addStudent(db(), classId, 'Ana');
    const before = await countAll(db());
    // Make the last write of the import (its audit entry) fail inside the transaction.
    await db().exec(`
      create function fail_roster_audit() returns trigger language plpgsql as $$
      begin raise exception 'audit refused'; end $$;
      create trigger fail_roster_audit before insert on audit_log
        for each row when (new.action = 'roster_imported') execute function fail_roster_audit();`);
    try {
      await expect(importRoster(db(), classId, file('Bea\nCarl'))).rejects.toThrow(/audit refused/);
    } finally {
      await db().exec(
        'drop trigger fail_roster_audit on audit_log; drop function fail_roster_audit();',
      );
    }
    expect(await countAll(db())).toEqual(before);
    expect(await names(classId)).toEqual(['Ana']);
  });
});
