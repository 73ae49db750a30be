import { describe, expect, it } from 'vitest';
import type { ClassId } from '../../src/contracts/ids';
import { listAudit, recordAudit } from '../../src/core/history/audit';
import { createClass, deleteClass, renameClass } from '../../src/core/classes/classes';
import { createSession, deleteSession, updateSession } from '../../src/core/sessions/sessions';
import {
  addStudent,
  deleteStudent,
  importRoster,
  renameStudent,
} from '../../src/core/students/students';
import { countRows, useTestDatabase } from '../support/db';
import { expectAppError } from '../support/errors';

const db = useTestDatabase();

describe('audit of manual changes', () => {
  it('records every change of a class, its students and sessions, newest first', async () => {
    const klass = await createClass(db(), 'Math');
    await renameClass(db(), klass.id, 'Algebra');
    const ana = await addStudent(db(), klass.id, 'Ana');
    await renameStudent(db(), ana.id, 'Ana Lopez');
    await importRoster(db(), klass.id, {
      fileName: 'r.txt',
      bytes: new TextEncoder().encode('Bea'),
    });
    await deleteStudent(db(), ana.id);
    const session = await createSession(db(), klass.id, {
      startsAt: '2025-09-01T09:00Z',
      title: 'One',
    });
    await updateSession(db(), session.id, { startsAt: '2025-09-01T09:00Z', title: 'Two' });
    await deleteSession(db(), session.id);

    const entries = await listAudit(db(), { classId: klass.id });
    expect(entries.map((e) => `${e.entity}:${e.action}`)).toEqual([
      'session:deleted',
      'session:updated',
      'session:created',
      'student:deleted',
      'class:roster_imported',
      'student:renamed',
      'student:created',
      'class:renamed',
      'class:created',
    ]);
    expect(entries.every((e) => e.classId === klass.id)).toBe(true);
    const ids = entries.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(entries.at(-1)).toMatchObject({
      entityId: klass.id,
      oldValue: null,
      newValue: { name: 'Math' },
    });
    expect(entries.at(-1)?.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T.*Z$/);
  });

  it('writes nothing for a change that changes nothing', async () => {
    const klass = await createClass(db(), 'Math');
    const ana = await addStudent(db(), klass.id, 'Ana');
    const session = await createSession(db(), klass.id, {
      startsAt: '2025-09-01T09:00Z',
      title: 'One',
    });
    const before = await countRows(db(), 'audit_log');
    await renameClass(db(), klass.id, ' Math ');
    await renameStudent(db(), ana.id, 'Ana');
    await updateSession(db(), session.id, { startsAt: '2025-09-01T09:00:00.000Z', title: 'One ' });
    expect(await countRows(db(), 'audit_log')).toBe(before);
  });

  it('writes nothing for a change that failed', async () => {
    const klass = await createClass(db(), 'Math');
    await addStudent(db(), klass.id, 'Ana');
    const bea = await addStudent(db(), klass.id, 'Bea');
    const before = await countRows(db(), 'audit_log');
    await expectAppError(addStudent(db(), klass.id, 'ana'), 'validation');
    await expectAppError(renameStudent(db(), bea.id, 'ANA'), 'validation');
    await expectAppError(createClass(db(), 'math'), 'validation');
    expect(await countRows(db(), 'audit_log')).toBe(before);
  });

  it('rolls back the change when its audit entry cannot be written', async () => {
    await db().exec(`
      create function fail_audit() returns trigger language plpgsql as $$
      begin raise exception 'audit refused'; end $$;
      create trigger fail_audit before insert on audit_log
        for each row execute function fail_audit();`);
    try {
      await expect(createClass(db(), 'Math')).rejects.toThrow(/audit refused/);
    } finally {
      await db().exec('drop trigger fail_audit on audit_log; drop function fail_audit();');
    }
    expect(await countRows(db(), 'classes')).toBe(0);
  });
});

describe('listAudit', () => {
  it('filters by class; without a class it lists everything, including deleted classes', async () => {
    const a = await createClass(db(), 'A');
    const b = await createClass(db(), 'B');
    const gone = await createClass(db(), 'Gone');
    await addStudent(db(), b.id, 'Bea');
    await deleteClass(db(), gone.id);

    expect((await listAudit(db(), { classId: a.id })).map((e) => e.action)).toEqual(['created']);
    expect((await listAudit(db(), { classId: b.id })).map((e) => e.entity)).toEqual([
      'student',
      'class',
    ]);
    const all = await listAudit(db(), {});
    // The entries of "Gone" went with it; only its deletion is left, without a class.
    expect(all.map((e) => [e.entity, e.action, e.classId])).toEqual([
      ['class', 'deleted', null],
      ['student', 'created', b.id],
      ['class', 'created', b.id],
      ['class', 'created', a.id],
    ]);
  });

  it('returns at most `limit` entries, 100 by default', async () => {
    const klass = await createClass(db(), 'Big');
    await db().query(
      `insert into audit_log (class_id, entity, entity_id, action)
       select $1, 'student', g::text, 'created' from generate_series(1, 150) g`,
      [klass.id],
    );
    expect(await listAudit(db(), {})).toHaveLength(100);
    expect(await listAudit(db(), { limit: 5 })).toHaveLength(5);
    expect(await listAudit(db(), { classId: klass.id, limit: 500 })).toHaveLength(151);
    expect(await listAudit(db(), { limit: 0 })).toHaveLength(1);
    expect((await listAudit(db(), { limit: 3 }))[0]?.entityId).toBe('150');
  });

  it('is not-found for a class that does not exist', async () => {
    for (const classId of ['00000000-0000-4000-8000-000000000000', 'nope'] as ClassId[]) {
      await expectAppError(listAudit(db(), { classId }), 'not-found');
    }
  });

  it('keeps JSON values as written', async () => {
    const klass = await createClass(db(), 'Json');
    await db().transaction((tx) =>
      recordAudit(tx, {
        classId: klass.id,
        entity: 'attendance',
        entityId: 'x',
        action: 'marked',
        oldValue: { status: 'absent', list: [1, 'two', null] },
        newValue: 'present',
      }),
    );
    const [entry] = await listAudit(db(), { classId: klass.id, limit: 1 });
    expect(entry).toMatchObject({
      entity: 'attendance',
      oldValue: { status: 'absent', list: [1, 'two', null] },
      newValue: 'present',
    });
  });
});
