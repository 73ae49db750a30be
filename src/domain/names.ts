// The one rule for the names a teacher types or imports: classes and students alike.
import { validationError } from '../contracts/errors';

/** The longest name the database accepts (it checks the same limit). */
export const MAX_NAME_LENGTH = 120;

export type NamedThing = 'class' | 'student';

/** Trims, collapses runs of whitespace (tabs, non-breaking spaces...) to one space, and NFC. */
export function normalizeName(raw: string): string {
  return raw.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/** Characters as Postgres counts them (code points), not UTF-16 units. */
export function characterCount(text: string): number {
  return Array.from(text).length;
}

/** The normalized name, or a validation error worded for the teacher. */
export function validateName(raw: string, what: NamedThing): string {
  const name = normalizeName(raw);
  const subject = what === 'class' ? "A class's name" : "A student's name";
  if (name === '') throw validationError(`${subject} can't be empty.`, { field: 'name' });
  if (characterCount(name) > MAX_NAME_LENGTH) {
    throw validationError(`${subject} is too long (at most ${MAX_NAME_LENGTH} characters).`, {
      field: 'name',
    });
  }
  return name;
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** Alphabetical order as a person expects it: case- and accent-insensitive, "Class 2" < "Class 10". */
export function compareNames(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}
