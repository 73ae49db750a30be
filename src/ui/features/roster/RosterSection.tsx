import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ClassAttendanceRow } from '../../../contracts/attendance';
import type { ClassId, StudentId } from '../../../contracts/ids';
import { NameForm } from '../../components/NameForm';
import { Loading, LoadFailed } from '../../components/QueryState';
import { attendanceQueries } from '../attendance/queries';
import { useFaceThumbnails } from '../photos/face-thumbnails';
import { ImportRoster } from './ImportRoster';
import { studentMutations, studentQueries } from './queries';
import { StudentItem } from './StudentItem';

/**
 * The class list, as a class photo: each student with their clearest face once Rollcall knows
 * it (chosen by the core: src/domain/face/clearest-face.ts) and the lessons they attended.
 * Renaming, deleting and reference photos are rare: they show after "Change the class list".
 */
export function RosterSection({ classId }: { classId: ClassId }) {
  const students = useQuery(studentQueries.list(classId));
  const [editing, setEditing] = useState(false);
  const overview = useQuery(attendanceQueries.classOverview(classId));
  const rows = new Map<StudentId, ClassAttendanceRow>(
    overview.data?.rows.map((row) => [row.studentId, row]) ?? [],
  );
  const thumbnails = useFaceThumbnails(
    overview.data?.rows.flatMap((row) => (row.portraitCropId ? [row.portraitCropId] : [])) ?? [],
  );

  return (
    <section aria-labelledby="roster-heading" className="card">
      <h2 id="roster-heading">Class list</h2>
      <div className="roster-actions">
        <NameForm
          label="Student name"
          submitLabel="Add student"
          save={(name) => studentMutations.add(classId, name)}
        />
        <ImportRoster classId={classId} />
      </div>
      {students.isPending ? (
        <Loading label="Loading the class list…" />
      ) : students.isError ? (
        <LoadFailed error={students.error} />
      ) : students.data.length === 0 ? (
        <p className="empty-state">
          No students yet. Import the class list from a spreadsheet (CSV) or a text file with one
          name per line, or add the students one by one.
        </p>
      ) : (
        <>
          <div className="class-photo__bar">
            <p className="hint">
              Each student’s clearest photo appears once Rollcall knows their face, with the lessons
              they attended.
            </p>
            <button
              type="button"
              className="secondary"
              aria-pressed={editing}
              onClick={() => setEditing((on) => !on)}
            >
              Change the class list
            </button>
          </div>
          <ul className="class-photo" aria-label="Students">
            {students.data.map((student) => {
              const row = rows.get(student.id);
              return (
                <StudentItem
                  key={student.id}
                  student={student}
                  attendance={row}
                  portrait={row?.portraitCropId ? thumbnails?.get(row.portraitCropId) : undefined}
                  editing={editing}
                />
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
