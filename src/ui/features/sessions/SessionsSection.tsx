import { useQuery } from '@tanstack/react-query';
import { href } from '../../router';
import type { ClassId } from '../../../contracts/ids';
import { Loading, LoadFailed } from '../../components/QueryState';
import { countOf, formatDateTime } from '../../format';
import { NewSessionForm } from './NewSessionForm';
import { sessionQueries } from './queries';

const isToday = (iso: string) => new Date(iso).toDateString() === new Date().toDateString();

/** The class's lessons, newest first, and "New lesson": the daily action, first on the page. */
export function SessionsSection({ classId }: { classId: ClassId }) {
  const sessions = useQuery(sessionQueries.list(classId));

  return (
    <section aria-labelledby="sessions-heading" className="card lessons">
      <h2 id="sessions-heading">Lessons</h2>
      <NewSessionForm classId={classId} />
      {sessions.isPending ? (
        <Loading label="Loading the lessons…" />
      ) : sessions.isError ? (
        <LoadFailed error={sessions.error} />
      ) : sessions.data.length === 0 ? (
        <p className="empty-state">
          No lessons yet. For each lesson, press “Take attendance from photos” and choose the
          lesson’s photos.
        </p>
      ) : (
        <ul className="item-list" aria-label="Lessons">
          {sessions.data.map((session) => (
            <li key={session.id} className="item">
              <a className="item__main item__link" href={href.session(session.id)}>
                <span className="item__title">
                  {isToday(session.startsAt) && <span className="today-badge">Today</span>}
                  {formatDateTime(session.startsAt)}
                </span>
                {session.title && <span className="item__subtitle">{session.title}</span>}
                <span className="item__meta">{countOf(session.imageCount, 'photo')}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
