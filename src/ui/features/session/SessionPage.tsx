import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { href, navigate } from '../../router';
import type { ClassId, SessionId } from '../../../contracts/ids';
import { ConfirmButton } from '../../components/ConfirmButton';
import { MissingView } from '../../components/MissingView';
import { Loading } from '../../components/QueryState';
import { formatDateTime } from '../../format';
import { usePageTitle } from '../../use-page-title';
import { classQueries } from '../classes/queries';
import { sessionMutations, sessionQueries } from '../sessions/queries';
import { AttendanceSection } from '../attendance/AttendanceSection';
import { EditSession } from './EditSession';
import { FACES_BY_PERSON_ID } from '../review/anchors';
import { WhosWho } from '../review/WhosWho';
import { PhotosSection } from './PhotosSection';

/** #/sessions/:sessionId : one lesson: its date and title, its photos and its attendance. */
export function SessionPage({ sessionId }: { sessionId: SessionId }) {
  const query = useQuery(sessionQueries.detail(sessionId));
  // Set while this session is being deleted, so its disappearance is not shown as "not found".
  const [leaving, setLeaving] = useState(false);
  const when = query.data ? formatDateTime(query.data.startsAt) : undefined;
  const headingRef = usePageTitle(when);

  if (query.isPending || (leaving && query.isError))
    return <Loading label="Opening the session…" />;
  if (query.isError) {
    return (
      <MissingView
        error={query.error}
        notFoundMessage="This session isn’t on this device any more. It may have been deleted."
      />
    );
  }
  const session = query.data;

  async function deleteSession() {
    setLeaving(true);
    try {
      await sessionMutations.remove(sessionId);
      navigate(href.class(session.classId));
    } catch (error) {
      setLeaving(false);
      throw error;
    }
  }

  return (
    <main className="page">
      <BackToClass classId={session.classId} />
      <header className="page-header">
        <h1 ref={headingRef} tabIndex={-1}>
          {when}
        </h1>
        {session.title && <p className="page-header__subtitle">{session.title}</p>}
        <div className="button-row no-print">
          <EditSession session={session} />
          <ConfirmButton
            title="Delete this session?"
            message={
              <p>
                Delete the session of {when} and all its photos and attendance? This can’t be
                undone.
              </p>
            }
            confirmLabel="Delete session"
            action={deleteSession}
          >
            Delete session
          </ConfirmButton>
        </div>
      </header>
      <PhotosSection sessionId={sessionId} />
      <AttendanceSection sessionId={sessionId} />
      <WhosWho sessionId={sessionId} classId={session.classId} id={FACES_BY_PERSON_ID} />
    </main>
  );
}

function BackToClass({ classId }: { classId: ClassId }) {
  const name = useQuery(classQueries.detail(classId)).data?.name;
  return (
    <nav aria-label="Breadcrumb" className="breadcrumb">
      <a href={href.class(classId)}>← {name === undefined ? 'Back to the class' : name}</a>
    </nav>
  );
}
