// The one rule for the text a teacher types or imports: class, student and session names, and
// the file names of photos.
import { invalidInput } from './errors';

/** The longest name the database accepts (it checks the same limit). */
export const MAX_NAME_LENGTH = 120;

export type NamedThing = 'class' | 'student' | 'session title';

const SUBJECT: Record<NamedThing, string> = {
  class: "A class's name",
  student: "A student's name",
  'session title': "A session's title",
};

/**
 * Characters that show nothing or change how the rest shows: controls (NUL, escape...), format
 * characters (zero-width space, soft hyphen, byte order mark, tags) and the bidi controls (a
 * right-to-left override makes "gnp.exe" read "exe.png"), plus the Hangul fillers, which are
 * letters that draw as blank space. Zero-width (non-)joiners are kept between two letters, where
 * Persian and Indic spellings need them, and dropped anywhere else.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\u115f\u1160\u3164\uffa0]/gu;
const JOINERS = new Set(['\u200c', '\u200d']);
const LETTER = /^[\p{L}\p{M}]$/u;

function dropInvisible(text: string): string {
  return text.replace(INVISIBLE, (char: string, offset: number) => {
    if (!JOINERS.has(char)) return '';
    const before = Array.from(text.slice(Math.max(0, offset - 2), offset)).at(-1) ?? '';
    const after = Array.from(text.slice(offset + 1, offset + 3))[0] ?? '';
    return LETTER.test(before) && LETTER.test(after) ? char : '';
  });
}

/**
 * The one form of a name that is stored and compared: NFC, every run of whitespace (tabs, line
 * breaks, non-breaking spaces...) one space, invisible characters removed, trimmed. Two names
 * that look the same are the same string, so duplicates are found by the database's unique index.
 */
export function normalizeName(raw: string): string {
  const spaced = raw.normalize('NFC').replace(/\s+/gu, ' ');
  return dropInvisible(spaced).replace(/ {2,}/g, ' ').trim().normalize('NFC');
}

/** Characters as Postgres counts them (code points), not UTF-16 units. */
export function characterCount(text: string): number {
  return Array.from(text).length;
}

function checkLength(name: string, what: NamedThing, limit: number): void {
  if (characterCount(name) > limit) {
    throw invalidInput(`${SUBJECT[what]} is too long (at most ${limit} characters).`, {
      field: what === 'session title' ? 'title' : 'name',
    });
  }
}

/** The normalized name, or a validation error worded for the teacher. */
export function validateName(raw: string, what: NamedThing, maxLength = MAX_NAME_LENGTH): string {
  const name = normalizeName(raw);
  const field = what === 'session title' ? 'title' : 'name';
  if (name === '') {
    const visible = raw.replace(/\s+/gu, '') === '';
    throw invalidInput(
      visible
        ? `${SUBJECT[what]} can't be empty.`
        : `${SUBJECT[what]} can't be made only of invisible characters. Type it again.`,
      { field },
    );
  }
  checkLength(name, what, maxLength);
  return name;
}

/**
 * An optional text (a session's title): normalized like a name, empty allowed; but one made only
 * of invisible characters is refused, as it would look like no title while being one.
 */
export function validateOptionalName(raw: string, what: NamedThing, maxLength: number): string {
  if (raw.replace(/\s+/gu, '') === '') return '';
  return validateName(raw, what, maxLength);
}

/** The longest photo file name stored; longer ones keep their start and their extension. */
export const MAX_FILE_NAME_LENGTH = 200;

/**
 * A photo's file name as stored and shown: normalized like a name (no control, invisible or bidi
 * characters), at most MAX_FILE_NAME_LENGTH characters with its extension kept, and "photo" if
 * nothing visible is left.
 */
export function normalizeFileName(raw: string): string {
  const name = normalizeName(raw) || 'photo';
  const chars = Array.from(name);
  if (chars.length <= MAX_FILE_NAME_LENGTH) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? Array.from(name.slice(dot)) : [];
  const keep = extension.length < 20 ? extension : [];
  return chars.slice(0, MAX_FILE_NAME_LENGTH - keep.length - 1).join('') + '…' + keep.join('');
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** Alphabetical order as a person expects it: case- and accent-insensitive, "Class 2" < "Class 10". */
export function compareNames(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}
