// Attendance as CSV files a spreadsheet opens correctly. Pure: sheets in, text out.
// - RFC 4180: comma separated, CRLF line ends, a field with a comma, quote or line break is
//   quoted and its quotes doubled; one header row.
// - A UTF-8 byte order mark first, so Excel reads accented names as UTF-8.
// - Formula injection: a cell starting with = + - @ (or a tab or carriage return) would run as a
//   formula in a spreadsheet; it gets a leading apostrophe, which shows the text as typed.
import type { AttendanceStatus } from './status';

const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(rows: readonly (readonly string[])[]): string {
  return BOM + rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

const STATUS_WORDS: Record<AttendanceStatus, string> = {
  present: 'Present',
  absent: 'Absent',
  uncertain: 'Uncertain',
};

export interface SessionCsvInput {
  /** Every row names the class, the lesson's date and the lesson, so a copied row still says
   * where it came from (and a printout or a merged sheet too). */
  className: string;
  /** As written by csvDateTime, e.g. "2026-11-20 09:00". */
  date: string;
  lesson: string;
  entries: readonly { name: string; status: AttendanceStatus; source: 'auto' | 'manual' }[];
}

export function sessionCsv(sheet: SessionCsvInput): string {
  return toCsv([
    ['Class', 'Date', 'Lesson', 'Student', 'Status', 'Set by'],
    ...sheet.entries.map((e) => [
      sheet.className,
      sheet.date,
      sheet.lesson,
      e.name,
      STATUS_WORDS[e.status],
      e.source === 'manual' ? 'Teacher' : 'Photos',
    ]),
  ]);
}

export interface ClassCsvInput {
  className: string;
  /** Column headings of the sessions, e.g. "2026-11-20 09:00 Optics". */
  sessionLabels: readonly string[];
  rows: readonly {
    name: string;
    statuses: readonly (AttendanceStatus | null)[];
    present: number;
    sessions: number;
    percentage: number | null;
  }[];
}

/** Class, student, one column per session (date and lesson), present count, sessions taken,
 * percentage (whole %). */
export function classCsv(input: ClassCsvInput): string {
  return toCsv([
    ['Class', 'Student', ...input.sessionLabels, 'Present', 'Sessions', 'Percentage'],
    ...input.rows.map((r) => [
      input.className,
      r.name,
      ...r.statuses.map((s) => (s === null ? '' : STATUS_WORDS[s])),
      String(r.present),
      String(r.sessions),
      r.percentage === null ? '' : `${Math.round(r.percentage)}%`,
    ]),
  ]);
}

/** Local date and time as "2026-11-20 09:00" (sorts and reads the same everywhere). */
export function csvDateTime(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

export function sessionLabel(session: { startsAt: string; title: string }): string {
  const when = csvDateTime(session.startsAt);
  return session.title ? `${when} ${session.title}` : when;
}

/** A file name without characters file systems refuse. */
export function csvFileName(...parts: string[]): string {
  const name = parts
    .filter(Boolean)
    .join(' ')
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/[\\/:*?"<>|]+/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 150);
  return `${name || 'attendance'}.csv`;
}
