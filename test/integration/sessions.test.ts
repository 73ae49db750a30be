import { describe, expect, it } from 'vitest';
import type { ClassId, SessionId } from '../../src/contracts/ids';
import { listAudit } from '../../src/core/history/audit';
import { createClass, deleteClass, getClass } from '../../src/core/classes/classes';
import {
  createSession,
  deleteSession,
  getSession,
  listSessionImages,
  listSessions,
  parseStartsAt,
  updateSession,
} from '../../src/core/sessions/sessions';
import { countAll, countRows, useTestDatabase } from '../support/db';
import { expectAppError } from '../support/errors';
import { insertImage } from '../support/rows';

const db = useTestDatabase();
const MISSING = '00000000-0000-4000-8000-000000000000';
const SESSION_GONE = 'This session no longer exists. It may have been deleted in another tab.';

const newClass = async (name = 'Class A') => (await createClass(db(), name)).id;
const at = (startsAt: string, title = '') => ({ startsAt, title });

describe('parseStartsAt', () => {
  it('accepts ISO date-times with Z or an offset and returns UTC', () => {
    expect(parseStartsAt('2025-09-01T09:00:00Z')).toBe('2025-09-01T09:00:00.000Z');
    expect(parseStartsAt('2025-09-01T09:00:00.250Z')).toBe('2025-09-01T09:00:00.250Z');
    expect(parseStartsAt('2025-09-01T09:00+02:00')).toBe('2025-09-01T07:00:00.000Z');
    expect(parseStartsAt('2025-09-01 09:00:00-0530')).toBe('2025-09-01T14:30:00.000Z');
  });

  it('reads a date-time without offset as local time, like a datetime-local input', () => {
    const expected = new Date(2025, 8, 1, 9, 30).toISOString();
    expect(parseStartsAt('2025-09-01T09:30')).toBe(expected);
  });

  it.each([
    '',
    'tomorrow',
    '2025-09-01',
    '2025-13-01T09:00Z',
    '2025-02-29T09:00Z',
    '2025-04-31T09:00Z',
    '2025-09-01T24:00Z',
    '2025-09-01T09:60Z',
    '2025-09-01T09:00+25:00',
    '0099-09-01T09:00Z',
    '2025-9-1T9:00Z',
  ])('rejects %j in plain words', (raw) => {
    expect(() => parseStartsAt(raw)).toThrow(
      'The session needs a real date and time, like 2025-09-01 09:00.',
    );
  });

  it('accepts 29 February in a leap year', () => {
    expect(parseStartsAt('2024-02-29T12:00Z')).toBe('2024-02-29T12:00:00.000Z');
  });
});

describe('createSession and getSession', () => {
  it('creates a session with a trimmed title', async () => {
    const classId = await newClass();
    const session = await createSession(db(), classId, at('2025-09-01T09:00:00Z', '  Week 1 '));
    expect(session).toMatchObject({
      classId,
      startsAt: '2025-09-01T09:00:00.000Z',
      title: 'Week 1',
      imageCount: 0,
    });
    expect(await getSession(db(), session.id)).toEqual(session);
    expect((await getClass(db(), classId)).sessionCount).toBe(1);
    const [entry] = await listAudit(db(), { classId });
    expect(entry).toMatchObject({
      entity: 'session',
      entityId: session.id,
      action: 'created',
      oldValue: null,
      newValue: { startsAt: '2025-09-01T09:00:00.000Z', title: 'Week 1' },
    });
  });

  it('allows an empty title and a 200-character one', async () => {
    const classId = await newClass();
    await createSession(db(), classId, at('2025-09-01T09:00Z'));
    const long = await createSession(db(), classId, at('2025-09-02T09:00Z', 't'.repeat(200)));
    expect(long.title).toHaveLength(200);
  });

  it.each([
    ['an invalid date', at('2025-02-30T09:00Z'), 'a real date and time'],
    ['a title over 200 characters', at('2025-09-01T09:00Z', 't'.repeat(201)), 'at most 200'],
  ])('rejects %s and changes nothing', async (_label, input, message) => {
    const classId = await newClass();
    const before = await countAll(db());
    const error = await expectAppError(createSession(db(), classId, input), 'validation');
    expect(error.message).toContain(message);
    expect(await countAll(db())).toEqual(before);
  });

  it('is not-found for a missing class', async () => {
    for (const classId of [MISSING, 'nope'] as ClassId[]) {
      const error = await expectAppError(
        createSession(db(), classId, at('2025-09-01T09:00Z')),
        'not-found',
      );
      expect(error.message).toContain('This class no longer exists.');
      await expectAppError(listSessions(db(), classId), 'not-found');
    }
    expect(await countRows(db(), 'sessions')).toBe(0);
  });
});

describe('listSessions', () => {
  it('lists the sessions of the class, newest first, with image counts', async () => {
    const classId = await newClass();
    const other = await newClass('Other');
    const first = await createSession(db(), classId, at('2025-09-01T09:00Z', 'first'));
    const third = await createSession(db(), classId, at('2025-09-15T09:00Z', 'third'));
    const second = await createSession(db(), classId, at('2025-09-08T09:00Z', 'second'));
    await createSession(db(), other, at('2025-09-20T09:00Z', 'other class'));
    await insertImage(db(), { classId, sessionId: second.id });
    await insertImage(db(), { classId, sessionId: second.id });

    const sessions = await listSessions(db(), classId);
    expect(sessions.map((s) => s.title)).toEqual(['third', 'second', 'first']);
    expect(sessions.map((s) => s.imageCount)).toEqual([0, 2, 0]);
    expect(sessions.map((s) => s.id)).toEqual([third.id, second.id, first.id]);
  });
});

describe('updateSession', () => {
  it('changes date and title and records both values', async () => {
    const classId = await newClass();
    const session = await createSession(db(), classId, at('2025-09-01T09:00Z', 'Week 1'));
    const updated = await updateSession(db(), session.id, at('2025-09-02T10:30Z', 'Week 1b'));
    expect(updated).toMatchObject({
      id: session.id,
      startsAt: '2025-09-02T10:30:00.000Z',
      title: 'Week 1b',
    });
    expect(await getSession(db(), session.id)).toEqual(updated);
    const [entry] = await listAudit(db(), { classId });
    expect(entry).toMatchObject({
      action: 'updated',
      oldValue: { startsAt: '2025-09-01T09:00:00.000Z', title: 'Week 1' },
      newValue: { startsAt: '2025-09-02T10:30:00.000Z', title: 'Week 1b' },
    });
  });

  it('rejects invalid input and changes nothing', async () => {
    const classId = await newClass();
    const session = await createSession(db(), classId, at('2025-09-01T09:00Z', 'Week 1'));
    const before = await countAll(db());
    await expectAppError(updateSession(db(), session.id, at('not a date', 'x')), 'validation');
    await expectAppError(
      updateSession(db(), session.id, at('2025-09-01T09:00Z', 'x'.repeat(201))),
      'validation',
    );
    expect(await getSession(db(), session.id)).toEqual(session);
    expect(await countAll(db())).toEqual(before);
  });
});

describe('deleteSession', () => {
  it('deletes the session with its photos, and records it', async () => {
    const classId = await newClass();
    const keep = await createSession(db(), classId, at('2025-09-01T09:00Z', 'keep'));
    const gone = await createSession(db(), classId, at('2025-09-02T09:00Z', 'gone'));
    await insertImage(db(), { classId, sessionId: gone.id });
    await insertImage(db(), { classId, sessionId: keep.id });
    await deleteSession(db(), gone.id);
    expect((await listSessions(db(), classId)).map((s) => s.id)).toEqual([keep.id]);
    expect(await countRows(db(), 'session_images')).toBe(1);
    const [entry] = await listAudit(db(), { classId });
    expect(entry).toMatchObject({
      entity: 'session',
      entityId: gone.id,
      action: 'deleted',
      oldValue: { startsAt: '2025-09-02T09:00:00.000Z', title: 'gone', imageCount: 1 },
      newValue: null,
    });
  });
});

describe('a session that does not exist', () => {
  it('is not-found for every operation, in plain words, changing nothing', async () => {
    const classId = await newClass();
    const deleted = await createSession(db(), classId, at('2025-09-01T09:00Z'));
    await deleteSession(db(), deleted.id);
    const inDeletedClass = await createSession(db(), classId, at('2025-09-01T10:00Z'));
    await deleteClass(db(), classId);
    const before = await countAll(db());
    for (const id of [deleted.id, inDeletedClass.id, MISSING as SessionId, '42' as SessionId]) {
      const error = await expectAppError(getSession(db(), id), 'not-found');
      expect(error.message).toBe(SESSION_GONE);
      await expectAppError(updateSession(db(), id, at('2025-09-01T09:00Z')), 'not-found');
      await expectAppError(deleteSession(db(), id), 'not-found');
      await expectAppError(listSessionImages(db(), id), 'not-found');
    }
    expect(await countAll(db())).toEqual(before);
  });
});

describe('listSessionImages', () => {
  it('lists the photos of the session in the order they were added', async () => {
    const classId = await newClass();
    const session = await createSession(db(), classId, at('2025-09-01T09:00Z'));
    const other = await createSession(db(), classId, at('2025-09-02T09:00Z'));
    const first = await insertImage(db(), { classId, sessionId: session.id }, 'b.jpg');
    const second = await insertImage(db(), { classId, sessionId: session.id }, 'a.jpg');
    await insertImage(db(), { classId, sessionId: other.id }, 'c.jpg');

    // Added a minute apart, so the order cannot hinge on clock resolution.
    await db().query(
      "update session_images set created_at = created_at - interval '1 minute' where id = $1",
      [first],
    );

    const images = await listSessionImages(db(), session.id);
    expect(images.map((i) => i.id)).toEqual([first, second]);
    expect(images.map((i) => i.fileName)).toEqual(['b.jpg', 'a.jpg']);
    expect(images[0]).toMatchObject({
      sessionId: session.id,
      byteSize: 1234,
      width: null,
      height: null,
      status: 'pending',
      failureCount: 0,
      lastError: null,
    });
    expect(images[0]?.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(images[0]?.createdAt).toMatch(/Z$/);
  });

  it('is empty for a session without photos', async () => {
    const classId = await newClass();
    const session = await createSession(db(), classId, at('2025-09-01T09:00Z'));
    expect(await listSessionImages(db(), session.id)).toEqual([]);
  });
});
