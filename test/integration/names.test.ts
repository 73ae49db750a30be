// Issue 10, defect 7: every name the app stores goes through the one rule of src/domain/names.ts
// (NFC, no control, invisible or bidi characters, spaces collapsed), duplicates are found on that
// form, and a name with nothing visible left is refused in plain words, changing nothing.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addPhotos } from '../../src/core/photos/add-photos';
import { memoryPhotoStore } from '../../src/core/photos/photo-store';
import { createClass, listClasses } from '../../src/core/classes/classes';
import { createSession, listSessionImages } from '../../src/core/sessions/sessions';
import { addStudent, importRoster, listStudents } from '../../src/core/students/students';
import { countAll, useTestDatabase } from '../support/db';
import { expectAppError } from '../support/errors';

const db = useTestDatabase();
const ZWSP = '\u200b';
const SOFT_HYPHEN = '\u00ad';
const RLO = '\u202e';

describe('student names', () => {
  it('refuses a name of only zero-width spaces or only a soft hyphen, and changes nothing', async () => {
    const klass = await createClass(db(), 'Class A');
    const before = await countAll(db());
    for (const invisible of [ZWSP.repeat(3), SOFT_HYPHEN, '\0']) {
      const error = await expectAppError(addStudent(db(), klass.id, invisible), 'validation');
      expect(error.message).toBe(
        "A student's name can't be made only of invisible characters. Type it again.",
      );
    }
    expect(await countAll(db())).toEqual(before);
  });

  it('finds "Anna" and "Anna" + zero-width space to be the same name', async () => {
    const klass = await createClass(db(), 'Class A');
    await addStudent(db(), klass.id, 'Anna');
    const error = await expectAppError(addStudent(db(), klass.id, `Anna${ZWSP}`), 'validation');
    expect(error.message).toContain('Anna');
    expect((await listStudents(db(), klass.id)).map((s) => s.name)).toEqual(['Anna']);
  });

  it('stores a name without its bidi override or NUL, as a validation matter, never an internal error', async () => {
    const klass = await createClass(db(), 'Class A');
    expect((await addStudent(db(), klass.id, `${RLO}gnp.exe`)).name).toBe('gnp.exe');
    expect((await addStudent(db(), klass.id, 'Ma\0rta')).name).toBe('Marta');
  });

  it('imports a roster on the same rule: invisible rows skipped, look-alikes are repeats', async () => {
    const klass = await createClass(db(), 'Class A');
    await addStudent(db(), klass.id, 'Anna');
    const text = `Anna${ZWSP}\n${ZWSP}${ZWSP}\nBe${SOFT_HYPHEN}a\nBea\nCarl\u0007\n`;
    const result = await importRoster(db(), klass.id, {
      fileName: 'roster.txt',
      bytes: new TextEncoder().encode(text),
    });
    expect(result.added.map((s) => s.name)).toEqual(['Bea', 'Carl']);
    expect(result.alreadyOnRoster).toEqual(['Anna']);
    expect((await listStudents(db(), klass.id)).map((s) => s.name)).toEqual([
      'Anna',
      'Bea',
      'Carl',
    ]);
  });
});

describe('class names and session titles', () => {
  it('refuses an invisible class name and finds look-alike duplicates', async () => {
    const error = await expectAppError(createClass(db(), `${SOFT_HYPHEN}${ZWSP}`), 'validation');
    expect(error.message).toBe(
      "A class's name can't be made only of invisible characters. Type it again.",
    );
    await createClass(db(), 'Maths');
    await expectAppError(createClass(db(), `Ma${SOFT_HYPHEN}ths`), 'validation');
    expect((await createClass(db(), 'Art\0 2')).name).toBe('Art 2');
    expect((await listClasses(db())).map((c) => c.name)).toEqual(['Art 2', 'Maths']);
  });

  it('normalizes session titles and refuses one made only of invisible characters', async () => {
    const klass = await createClass(db(), 'Class A');
    const startsAt = '2026-11-20T09:00:00Z';
    const session = await createSession(db(), klass.id, {
      startsAt,
      title: `Field\0  trip${ZWSP}`,
    });
    expect(session.title).toBe('Field trip');
    expect((await createSession(db(), klass.id, { startsAt, title: '  ' })).title).toBe('');
    const error = await expectAppError(
      createSession(db(), klass.id, { startsAt, title: ZWSP }),
      'validation',
    );
    expect(error.message).toBe(
      "A session's title can't be made only of invisible characters. Type it again.",
    );
  });
});

describe('photo file names', () => {
  it('stores at most 200 characters, keeping the extension, without bidi characters', async () => {
    const klass = await createClass(db(), 'Class A');
    const session = await createSession(db(), klass.id, {
      startsAt: '2026-11-20T09:00:00Z',
      title: '',
    });
    const bytes = (name: string) =>
      new Uint8Array(readFileSync(new URL(`../fixtures/photos/${name}`, import.meta.url)));
    const long = `${'a'.repeat(10_000)}.jpg`;
    const result = await addPhotos(db(), memoryPhotoStore(), session.id, [
      { fileName: long, bytes: bytes('bbt4.jpg') },
      { fileName: `${RLO}gnp.exe`, bytes: bytes('bbt5.jpg') },
    ]);
    expect(result.refused).toEqual([]);
    const stored = (await listSessionImages(db(), session.id)).map((image) => image.fileName);
    const capped = stored.find((name) => name.startsWith('aaa'));
    expect(Array.from(capped ?? '')).toHaveLength(200);
    expect(capped).toMatch(/^a+….jpg$/);
    expect(stored).toContain('gnp.exe');
  });
});
