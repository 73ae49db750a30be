import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import type {
  ChangeEntry,
  LessonRef,
  UndoOutcome,
  UndoPlace,
  UndoRequest,
} from '../../../contracts/history';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDateTime } from '../../format';
import { historyMutations, historyQueries } from './queries';

/**
 * Undo you can see. Mounted once for the whole app (src/app/App.tsx): after any change to who is
 * who or to attendance, whichever part of the page made it, a small notice at the bottom of the
 * screen says what happened, in the teacher's words, with Undo. It learns of changes from the
 * class's history, which every change writes to in its own transaction, so nothing that changes
 * faces or attendance has to tell it. "Recent changes" lists the last steps with the lessons they
 * touched. Undo on a lesson's page that would change another lesson asks first.
 */
export function ChangeNotice({ place }: { place: UndoPlace | null }) {
  if (place === null) return null;
  const key = 'sessionId' in place ? `session:${place.sessionId}` : `class:${place.classId}`;
  // A new page starts afresh: a change made on another page is not news here.
  return <NoticeFor key={key} place={place} />;
}

function NoticeFor({ place }: { place: UndoPlace }) {
  const history = useQuery(historyQueries.changes(place));
  const entries = history.data?.entries ?? [];
  const newest = entries[0];
  // Steps made before the page opened are not news (not "the newest step when the history first
  // loaded": a change made while it loads would then be taken for an old one); nor is the step
  // the notice was closed on.
  const [openedAt] = useState(() => Date.now());
  const [closedAt, setClosedAt] = useState(0);
  const [showHistory, setShowHistory] = useState(false);
  const [asking, setAsking] = useState<Extract<UndoOutcome, { outcome: 'confirm' }> | null>(null);
  const messageRef = useRef<HTMLParagraphElement>(null);
  const historyId = useId();

  const undo = useMutation({
    mutationFn: (request: UndoRequest) => historyMutations.undo(place, request),
    onSuccess: (outcome) => {
      setAsking(outcome.outcome === 'confirm' ? outcome : null);
      // The Undo button goes away with the change: keep the teacher's place on the notice.
      if (outcome.outcome === 'undone') messageRef.current?.focus();
    },
  });
  const undoEntry = (entry: ChangeEntry) => {
    if (!undo.isPending) undo.mutate({ entryId: entry.id });
  };

  const fresh =
    newest && Date.parse(newest.createdAt) >= openedAt && newest.id > closedAt ? newest : null;
  // The status line is always there (a live region must exist before it speaks); with no
  // history at all the notice is just that, empty and out of sight.
  const empty = !fresh && entries.length === 0;

  return (
    <>
      {/* Room at the end of the page, so the notice never hides its last buttons. */}
      {!empty && <div className="change-notice-spacer no-print" aria-hidden="true" />}
      <div className={empty ? 'visually-hidden' : 'change-notice no-print'}>
        {showHistory && (
          <ol className="change-history" id={historyId} aria-label="Recent changes">
            {entries.map((entry) => (
              <li key={entry.id} className="change-history__item">
                <span className={entry.undone ? 'change-history__undone' : undefined}>
                  {entry.description}
                </span>
                {entry.undone && <span className="change-history__tag">undone</span>}
                <span className="change-history__where">In {whereWords(entry.lessons, place)}</span>
                {entry.undoNext && (
                  <UndoButton
                    pending={undo.isPending}
                    label={`Undo “${entry.description}”`}
                    onClick={() => undoEntry(entry)}
                  />
                )}
              </li>
            ))}
          </ol>
        )}
        <div className="change-notice__bar">
          <p
            className={fresh ? 'change-notice__message' : 'visually-hidden'}
            role="status"
            aria-label="Last change"
            ref={messageRef}
            tabIndex={-1}
          >
            {fresh?.description}
            {fresh && touchesOtherLesson(fresh.lessons, place) && (
              <span className="change-notice__where"> (in {whereWords(fresh.lessons, place)})</span>
            )}
          </p>
          {fresh?.undoNext && (
            <UndoButton
              pending={undo.isPending}
              label={`Undo “${fresh.description}”`}
              onClick={() => undoEntry(fresh)}
            />
          )}
          {!empty && (
            <button
              type="button"
              className="secondary"
              aria-expanded={showHistory}
              aria-controls={showHistory ? historyId : undefined}
              onClick={() => setShowHistory((shown) => !shown)}
            >
              Recent changes
            </button>
          )}
          {fresh && (
            <button
              type="button"
              className="change-notice__close"
              aria-label="Close the notice"
              onClick={() => {
                setClosedAt(fresh.id);
                setShowHistory(false);
              }}
            >
              ×
            </button>
          )}
        </div>
        <ErrorMessage error={undo.error} />
      </div>
      {asking && (
        <ConfirmDialog
          title="Undo a change in another lesson?"
          confirmLabel="Undo it"
          pending={undo.isPending}
          error={undo.error}
          onConfirm={() => undo.mutate({ entryId: asking.entry.id, otherLessonsAgreed: true })}
          onCancel={() => setAsking(null)}
        >
          <p>
            The last change, “{asking.entry.description}”, was made in{' '}
            {lessonList(asking.otherLessons)}. Undoing it changes{' '}
            {asking.otherLessons.length === 1 ? 'that lesson' : 'those lessons'}.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}

function UndoButton({
  pending,
  label,
  onClick,
}: {
  pending: boolean;
  label: string;
  onClick: () => void;
}) {
  return (
    <button
      type="button"
      className="primary"
      aria-label={label}
      aria-disabled={pending}
      onClick={onClick}
    >
      {pending ? 'Undoing…' : 'Undo'}
    </button>
  );
}

const isHere = (lesson: LessonRef, place: UndoPlace) =>
  'sessionId' in place && lesson.sessionId === place.sessionId;

function touchesOtherLesson(lessons: readonly LessonRef[], place: UndoPlace): boolean {
  return 'sessionId' in place && lessons.some((lesson) => !isHere(lesson, place));
}

function lessonWords(lesson: LessonRef): string {
  const when = formatDateTime(lesson.startsAt);
  return lesson.title ? `the lesson of ${when} (${lesson.title})` : `the lesson of ${when}`;
}

function lessonList(lessons: readonly LessonRef[]): string {
  return new Intl.ListFormat(undefined, { style: 'long', type: 'conjunction' }).format(
    lessons.map(lessonWords),
  );
}

/** Which lessons a step touched, from where the teacher is: "this lesson", "the lesson of …". */
function whereWords(lessons: readonly LessonRef[], place: UndoPlace): string {
  if (lessons.length === 0) return 'the class list';
  const here = lessons.filter((lesson) => isHere(lesson, place));
  const others = lessons.filter((lesson) => !isHere(lesson, place));
  const parts = [...(here.length > 0 ? ['this lesson'] : []), ...others.map(lessonWords)];
  return new Intl.ListFormat(undefined, { style: 'long', type: 'conjunction' }).format(parts);
}
