import { useQuery } from '@tanstack/react-query';
import type { ClassId } from '../../../contracts/ids';
import { QueryResult } from '../../components/QueryState';
import { ExportAndPrint } from './ExportAndPrint';
import { attendanceMutations, attendanceQueries } from './queries';
import { STATUS_WORDS, StatusChip } from './StatusChip';

const shortDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** Students x sessions with each student's total and percentage. */
export function ClassAttendance({ classId }: { classId: ClassId }) {
  const overview = useQuery(attendanceQueries.classOverview(classId));

  return (
    <section className="card attendance" aria-labelledby="class-attendance-heading">
      <h2 id="class-attendance-heading">Attendance</h2>
      <QueryResult query={overview} loading="Loading the attendance…">
        {(data) =>
          data.sessions.length === 0 || data.rows.length === 0 ? (
            <p className="empty-state">
              Attendance shows here once the class has students and sessions.
            </p>
          ) : (
            <>
              <div className="table-scroll">
                <table className="attendance-table" aria-label="Attendance overview">
                  <thead>
                    <tr>
                      <th scope="col">Student</th>
                      {data.sessions.map((s) => (
                        <th scope="col" key={s.sessionId}>
                          {shortDate.format(new Date(s.startsAt))}
                          {s.title && <span className="attendance-table__note">{s.title}</span>}
                        </th>
                      ))}
                      <th scope="col">Present</th>
                      <th scope="col">%</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.rows.map((row) => (
                      <tr key={row.studentId}>
                        <th scope="row">{row.name}</th>
                        {row.statuses.map((status, i) =>
                          status === null ? (
                            <td key={i}>
                              <span className="attendance-table__note">not taken</span>
                            </td>
                          ) : (
                            <td key={i} title={STATUS_WORDS[status]}>
                              <StatusChip status={status} />
                            </td>
                          ),
                        )}
                        <td>
                          {row.present} of {row.sessions}
                        </td>
                        <td>{row.percentage === null ? '–' : `${Math.round(row.percentage)}%`}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <p className="hint">
                Uncertain counts as not present until you decide. Sessions without processed photos
                or changes are “not taken” and not counted.
              </p>
              <ExportAndPrint
                exportCsv={() => attendanceMutations.exportClass(classId)}
                classId={classId}
              />
            </>
          )
        }
      </QueryResult>
    </section>
  );
}
