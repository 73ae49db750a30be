import { useQuery } from '@tanstack/react-query';
import type { ClassId } from '../../../contracts/ids';
import { NameForm } from '../../components/NameForm';
import { Loading, LoadFailed } from '../../components/QueryState';
import { ImportRoster } from './ImportRoster';
import { studentMutations, studentQueries } from './queries';
import { StudentItem } from './StudentItem';

export function RosterSection({ classId }: { classId: ClassId }) {
  const students = useQuery(studentQueries.list(classId));

  return (
    <section aria-labelledby="roster-heading" className="card">
      <h2 id="roster-heading">Roster</h2>
      <div className="roster-actions">
        <NameForm
          label="Student name"
          submitLabel="Add student"
          save={(name) => studentMutations.add(classId, name)}
        />
        <ImportRoster classId={classId} />
      </div>
      {students.isPending ? (
        <Loading label="Loading the roster…" />
      ) : students.isError ? (
        <LoadFailed error={students.error} />
      ) : students.data.length === 0 ? (
        <p className="empty-state">
          No students yet. Add them one by one, or import the class list from a spreadsheet (CSV) or
          a text file with one name per line.
        </p>
      ) : (
        <ul className="item-list" aria-label="Students">
          {students.data.map((student) => (
            <StudentItem key={student.id} student={student} />
          ))}
        </ul>
      )}
    </section>
  );
}
