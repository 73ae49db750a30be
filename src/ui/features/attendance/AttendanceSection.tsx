import { useQuery } from '@tanstack/react-query';
import { href } from '../../router';
import type { SessionId } from '../../../contracts/ids';
import { QueryResult } from '../../components/QueryState';
import { countOf } from '../../format';
import { AttendanceSheet } from './AttendanceSheet';
import { ExportAndPrint } from './ExportAndPrint';
import { attendanceMutations, attendanceQueries } from './queries';
import { RecogniseButton } from './RecogniseButton';

/** The session's attendance: recognise, the sheet, export and print. */
export function AttendanceSection({ sessionId }: { sessionId: SessionId }) {
  const sheet = useQuery(attendanceQueries.session(sessionId));

  return (
    <section className="card attendance" aria-labelledby="attendance-heading">
      <h2 id="attendance-heading">Attendance</h2>
      <QueryResult query={sheet} loading="Loading the attendance…">
        {(data) => (
          <>
            {data.photosProcessing > 0 && (
              <p className="attendance__provisional" role="status">
                Provisional: {countOf(data.photosProcessing, 'photo')} still being processed.
              </p>
            )}
            {data.photoCount === 0 && (
              <p className="hint">
                No photos yet: everyone shows as absent until photos are added.
              </p>
            )}
            <p className="attendance__counts" role="group" aria-label="Attendance totals">
              <strong>{data.counts.present}</strong> present · <strong>{data.counts.absent}</strong>{' '}
              absent · <strong>{data.counts.uncertain}</strong> uncertain
            </p>
            {data.openQuestions > 0 && (
              <p className="attendance__questions no-print" data-testid="open-questions">
                <a className="link-target" href={href.session(sessionId, 'whos-who')}>
                  {countOf(data.openQuestions, 'person', 'people')} not yet named
                </a>{' '}
                (not on the sheet until you name them).
              </p>
            )}
            {data.lowQualityFaces > 0 && (
              <p className="hint no-print">
                {countOf(data.lowQualityFaces, 'face')} of low quality, not counted (blurred, cut
                off or very small; tap one on the photo to name it).
              </p>
            )}
            {data.entries.length === 0 ? (
              <p className="empty-state">
                No students on the class list yet. Add or import them on the class page; you can
                also name the people Recognise students finds.
              </p>
            ) : (
              <AttendanceSheet sheet={data} />
            )}
            <ExportAndPrint
              exportCsv={() => attendanceMutations.exportSession(sessionId)}
              classId={data.classId}
              lesson={data}
            />
            <div className="button-row no-print">
              <RecogniseButton sessionId={sessionId} />
            </div>
          </>
        )}
      </QueryResult>
    </section>
  );
}
