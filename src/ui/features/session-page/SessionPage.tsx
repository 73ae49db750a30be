import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { href, navigate, type SessionStep } from '../../router';
import type { ClassId, SessionId } from '../../../contracts/ids';
import { ConfirmButton } from '../../components/ConfirmButton';
import { ErrorMessage } from '../../components/ErrorMessage';
import { MissingView } from '../../components/MissingView';
import { Loading } from '../../components/QueryState';
import { formatDateTime } from '../../format';
import { usePageTitle } from '../../use-page-title';
import { classQueries } from '../classes/queries';
import { sessionMutations, sessionQueries } from '../sessions/queries';
import { AttendanceSection } from '../attendance/AttendanceSection';
import { attendanceQueries } from '../attendance/queries';
import { EditSession } from './EditSession';
import { PhotosSection } from './PhotosSection';
import { RecognitionNotice } from './RecognitionNotice';
import { firstStep, stepInfo } from './session-steps';
import { StepTabs } from './StepTabs';
import { useRecogniseWhenPhotosDone } from './use-recognise-when-photos-done';
import { WhosWhoStep } from './WhosWhoStep';

/**
 * #/sessions/:sessionId/:step : one lesson in three steps, Photos, Who's who and Attendance,
 * the current one kept in the address. The page moves the teacher on when a step is done: once
 * the photos added here are processed it recognises the students and goes to Who's who (or to
 * the sheet when nobody is left to name), and once everyone is named it goes to the sheet.
 */
export function SessionPage({
  sessionId,
  step,
}: {
  sessionId: SessionId;
  step: SessionStep | undefined;
}) {
  const query = useQuery(sessionQueries.detail(sessionId));
  const images = useQuery(sessionQueries.images(sessionId));
  const sheet = useQuery(attendanceQueries.session(sessionId));
  const goTo = (next: SessionStep) => navigate(href.session(sessionId, next));

  // Set when the page moves on to Who's who by itself (its first question then takes the focus).
  const [movedOnToWhosWho, setMovedOnToWhosWho] = useState(false);
  const recognition = useRecogniseWhenPhotosDone(sessionId, images.data, (batch) => {
    // Only from the Photos step, and not when a photo failed: the teacher should see that first.
    if (step !== 'photos' || batch.failedPhotos > 0) return;
    setMovedOnToWhosWho(batch.result.questions > 0);
    goTo(batch.result.questions > 0 ? 'whos-who' : 'attendance');
  });

  // No step in the address: pick one from where the lesson stands, without a history entry.
  const landing = images.data && sheet.data ? firstStep(images.data, sheet.data) : undefined;
  useEffect(() => {
    if (step === undefined && landing !== undefined) {
      navigate(href.session(sessionId, landing), { replace: true });
    }
  }, [step, landing, sessionId]);

  // Who's who is done when its last question is answered: on to the sheet.
  const openQuestions = sheet.data?.openQuestions;
  const questionsBefore = useRef(openQuestions);
  useEffect(() => {
    const before = questionsBefore.current;
    questionsBefore.current = openQuestions;
    if (step === 'whos-who' && before !== undefined && before > 0 && openQuestions === 0) {
      navigate(href.session(sessionId, 'attendance'));
    }
  }, [openQuestions, step, sessionId]);

  // Set while this session is being deleted, so its disappearance is not shown as "not found".
  const [leaving, setLeaving] = useState(false);
  const when = query.data ? formatDateTime(query.data.startsAt) : undefined;
  const headingRef = usePageTitle(when);

  if (query.isPending || (leaving && query.isError)) return <Loading label="Opening the lesson…" />;
  if (query.isError) {
    return (
      <MissingView
        error={query.error}
        notFoundMessage="This lesson isn’t on this device any more. It may have been deleted."
      />
    );
  }
  const session = query.data;
  // Until the photos and sheet are read there is no step to land on, unless one failed to load.
  const current = step ?? landing ?? (images.isError || sheet.isError ? 'photos' : undefined);
  if (current === undefined) return <Loading label="Opening the lesson…" />;
  const photosDone =
    images.data !== undefined &&
    images.data.length > 0 &&
    images.data.every((i) => i.status === 'done' || i.status === 'failed');

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
            title="Delete this lesson?"
            message={
              <p>
                Delete the lesson of {when} and all its photos and attendance? This can’t be undone.
              </p>
            }
            confirmLabel="Delete lesson"
            action={deleteSession}
          >
            Delete lesson
          </ConfirmButton>
        </div>
      </header>
      <RecognitionNotice
        pending={recognition.isPending}
        // Only while it is still true: once the teacher answers, the tabs say where things stand.
        result={
          recognition.isSuccess && recognition.data.questions === openQuestions
            ? recognition.data
            : undefined
        }
      />
      <ErrorMessage error={recognition.error} />
      <StepTabs
        current={current}
        steps={stepInfo(images.data, sheet.data)}
        onSelect={(next) => {
          setMovedOnToWhosWho(false); // the teacher's own choice: focus stays on the tabs
          if (next !== current) goTo(next);
        }}
      >
        {current === 'photos' && (
          <>
            <PhotosSection sessionId={sessionId} classId={session.classId} />
            {photosDone && !recognition.isPending && (
              <NextStep
                label={(openQuestions ?? 0) > 0 ? 'Next: Who’s who' : 'Next: Attendance'}
                onClick={() => goTo((openQuestions ?? 0) > 0 ? 'whos-who' : 'attendance')}
              />
            )}
          </>
        )}
        {current === 'whos-who' && (
          <>
            <WhosWhoStep
              sessionId={sessionId}
              classId={session.classId}
              movedOnHere={movedOnToWhosWho}
            />
            <NextStep label="Next: Attendance" onClick={() => goTo('attendance')} />
          </>
        )}
        {current === 'attendance' && <AttendanceSection sessionId={sessionId} />}
      </StepTabs>
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

function NextStep({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <div className="steps__next no-print">
      <button type="button" className="primary" onClick={onClick}>
        {label} →
      </button>
    </div>
  );
}
