// The CSV exports: the sheets as computed for the screen, written by src/domain/attendance/csv.ts.
import type { CsvFile } from '../../contracts/attendance';
import type { ClassId, SessionId } from '../../contracts/ids';
import type { Database } from '../../db/open';
import {
  classCsv,
  csvDateTime,
  csvFileName,
  sessionCsv,
  sessionLabel,
} from '../../domain/attendance/csv';
import { getClassAttendance, getSessionAttendance } from './sheet';

async function className(db: Database, classId: ClassId): Promise<string> {
  const { rows } = await db.query<{ name: string }>('select name from classes where id = $1', [
    classId,
  ]);
  return rows[0]?.name ?? '';
}

export async function exportSessionCsv(db: Database, sessionId: SessionId): Promise<CsvFile> {
  const sheet = await getSessionAttendance(db, sessionId);
  const date = csvDateTime(sheet.startsAt);
  const name = await className(db, sheet.classId);
  return {
    fileName: csvFileName(name, 'attendance', date.slice(0, 10), sheet.title),
    text: sessionCsv({ ...sheet, className: name, date, lesson: sheet.title }),
  };
}

export async function exportClassCsv(db: Database, classId: ClassId): Promise<CsvFile> {
  const overview = await getClassAttendance(db, classId);
  return {
    fileName: csvFileName(overview.className, 'attendance'),
    text: classCsv({
      className: overview.className,
      sessionLabels: overview.sessions.map(sessionLabel),
      rows: overview.rows,
    }),
  };
}
