import { describe, expect, it } from 'vitest';
import type { ClassId } from '../../src/contracts/ids';
import {
  createClass,
  deleteClass,
  getClass,
  listClasses,
  renameClass,
} from '../../src/core/classes/classes';
import { listAudit } from '../../src/core/history/audit';
import { createSession } from '../../src/core/sessions/sessions';
import { addStudent } from '../../src/core/students/students';
import { countAll, countRows, useTestDatabase } from '../support/db';
import { expectAppError } from '../support/errors';

const db = useTestDatabase();
const MISSING = '00000000-0000-4000-8000-000000000000' as ClassId;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('createClass', () => {
  it('creates a class with a normalized name and empty counts', async () => {
    const created = await createClass(db(), '  Math \t 101 ');
    expect(created).toMatchObject({ name: 'Math 101', studentCount: 0, sessionCount: 0 });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.createdAt).toMatch(ISO);
    expect(created.updatedAt).toMatch(ISO);
    expect(await getClass(db(), created.id)).toEqual(created);
  });

  it('rejects an empty name and changes nothing', async () => {
    const before = await countAll(db());
    const error = await expectAppError(createClass(db(), '  \n '), 'validation');
    expect(error.message).toBe("A class's name can't be empty.");
    expect(await countAll(db())).toEqual(before);
  });

  it('rejects a too-long name and changes nothing', async () => {
    const before = await countAll(db());
    const error = await expectAppError(createClass(db(), 'x'.repeat(121)), 'validation');
    expect(error.message).toContain('at most 120 characters');
    expect(await countAll(db())).toEqual(before);
  });

  it('rejects a duplicate name, ignoring case, and changes nothing', async () => {
    await createClass(db(), 'Biology');
    const before = await countAll(db());
    const error = await expectAppError(createClass(db(), ' BIOLOGY '), 'validation');
    expect(error.message).toBe('There is already a class called “BIOLOGY”.');
    expect(await countAll(db())).toEqual(before);
    expect(before.classes).toBe(1);
  });
});

describe('listClasses', () => {
  it('lists classes alphabetically with their student and session counts', async () => {
    const b = await createClass(db(), 'biology');
    const a = await createClass(db(), 'Art');
    await createClass(db(), 'Chemistry');
    await addStudent(db(), b.id, 'Ana');
    await addStudent(db(), b.id, 'Bea');
    await createSession(db(), b.id, { startsAt: '2025-09-01T09:00:00Z', title: '' });
    await addStudent(db(), a.id, 'Carl');

    const classes = await listClasses(db());
    expect(classes.map((c) => c.name)).toEqual(['Art', 'biology', 'Chemistry']);
    expect(classes.map((c) => [c.studentCount, c.sessionCount])).toEqual([
      [1, 0],
      [2, 1],
      [0, 0],
    ]);
  });

  it('is empty on an empty database', async () => {
    expect(await listClasses(db())).toEqual([]);
  });
});

describe('renameClass', () => {
  it('renames and bumps updatedAt', async () => {
    const created = await createClass(db(), 'Math');
    const renamed = await renameClass(db(), created.id, ' Algebra ');
    expect(renamed).toMatchObject({ id: created.id, name: 'Algebra' });
    expect(Date.parse(renamed.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));
    expect((await getClass(db(), created.id)).name).toBe('Algebra');
  });

  it('may change only the case of its own name', async () => {
    const created = await createClass(db(), 'math');
    expect((await renameClass(db(), created.id, 'Math')).name).toBe('Math');
  });

  it('refuses the name of another class and changes nothing', async () => {
    await createClass(db(), 'Physics');
    const other = await createClass(db(), 'Music');
    const before = await countAll(db());
    const error = await expectAppError(renameClass(db(), other.id, 'physics'), 'validation');
    expect(error.message).toBe('There is already a class called “physics”.');
    expect((await getClass(db(), other.id)).name).toBe('Music');
    expect(await countAll(db())).toEqual(before);
  });

  it('refuses an empty name', async () => {
    const created = await createClass(db(), 'Music');
    await expectAppError(renameClass(db(), created.id, ''), 'validation');
    expect((await getClass(db(), created.id)).name).toBe('Music');
  });
});

describe('deleteClass', () => {
  it('deletes the class', async () => {
    const keep = await createClass(db(), 'Keep');
    const gone = await createClass(db(), 'Gone');
    await deleteClass(db(), gone.id);
    expect((await listClasses(db())).map((c) => c.id)).toEqual([keep.id]);
  });

  it('keeps one audit entry of the deletion, without a class', async () => {
    const gone = await createClass(db(), 'Gone');
    await addStudent(db(), gone.id, 'Ana');
    await deleteClass(db(), gone.id);
    const entries = await listAudit(db(), {});
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      classId: null,
      entity: 'class',
      entityId: gone.id,
      action: 'deleted',
      oldValue: { name: 'Gone', studentCount: 1, sessionCount: 0 },
      newValue: null,
    });
  });
});

describe('a class that does not exist', () => {
  it.each([
    [
      'a deleted class',
      async () => {
        const created = await createClass(db(), 'Deleted');
        await deleteClass(db(), created.id);
        return created.id;
      },
    ],
    ['an id never used', () => Promise.resolve(MISSING)],
    ['a string that is not an id', () => Promise.resolve('not-a-uuid' as ClassId)],
  ])('is not-found for %s, in plain words', async (_label, makeId) => {
    const id = await makeId();
    const before = await countAll(db());
    const error = await expectAppError(getClass(db(), id), 'not-found');
    expect(error.message).toBe(
      'This class no longer exists. It may have been deleted in another tab.',
    );
    await expectAppError(renameClass(db(), id, 'New name'), 'not-found');
    await expectAppError(deleteClass(db(), id), 'not-found');
    expect(await countAll(db())).toEqual(before);
  });

  it('leaves the database usable after a not-found inside a transaction', async () => {
    await expectAppError(deleteClass(db(), 'nope' as ClassId), 'not-found');
    const created = await createClass(db(), 'After');
    expect(await countRows(db(), 'classes')).toBe(1);
    expect(created.name).toBe('After');
  });
});
