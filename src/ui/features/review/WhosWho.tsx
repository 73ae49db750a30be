import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { href } from '../../router';
import type { ClassId, CropId, SessionId, StudentId } from '../../../contracts/ids';
import type { FaceGroup, ReviewScope } from '../../../contracts/review';
import { BusyButton } from '../../components/BusyButton';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading, LoadFailed } from '../../components/QueryState';
import { countOf } from '../../format';
import { BlobImage } from '../photos/BlobImage';
import { useFaceThumbnails, type FaceThumbnailMap } from '../photos/face-thumbnails';
import { FacePanel, type PanelFace } from './FacePanel';
import { useLessonRoster } from './lesson-roster';
import { reviewMutations } from './queries';
import { StudentSearch, type SearchAnswer } from './StudentSearch';
import { FACES_PER_CARD, whosWhoQueries } from './whos-who-queries';
import './whos-who.css';

/** How long a save may take before "Saving…" is said out loud (below it feels instant). */
const SAVING_SHOWN_AFTER_MS = 300;

/** A question answered in this visit: shown collapsed, at once, while it is being saved. */
interface Answered {
  key: string;
  label: string;
  faces: number;
  studentId: StudentId | null;
  state: 'saving' | 'saved';
  /** When the save was done: a list read before it may still hold the question. */
  savedAt: number;
}

/** A question's identity across reads: its group, or its face while it is not grouped yet. */
export const questionKey = (group: FaceGroup) => group.groupId ?? `face:${group.faces[0]?.cropId}`;

/**
 * Who's who: the open questions of a lesson (or of the whole class without `sessionId`) as a
 * grid of face groups, largest first. Each is answered with one tap on its suggestion (only when
 * the app's assignment rule backs it), or by typing a few letters of a name and Enter, or "Not
 * in this class"; the answer shows at once (the save runs behind it) and focus moves to the next
 * question. Tapping a face opens the face panel, for one face that is someone else.
 */
export function WhosWho({
  classId,
  sessionId,
  id,
  focusFirstQuestion = false,
}: {
  classId: ClassId;
  sessionId?: SessionId;
  /** Focus the first question once read (the page moved on here by itself). */
  focusFirstQuestion?: boolean;
  /** The section's element id (a link target). */
  id?: string;
}) {
  const scope: ReviewScope = sessionId ? { sessionId } : { classId };
  const queryKey = whosWhoQueries.questions(scope).queryKey;
  const questions = useQuery(whosWhoQueries.questions(scope));
  const roster = useLessonRoster(classId, sessionId);
  const client = useQueryClient();
  const headingId = useId();
  const [answered, setAnswered] = useState<readonly Answered[]>([]);
  const [failed, setFailed] = useState<{ key: string; error: unknown } | null>(null);
  const [panel, setPanel] = useState<{ face: PanelFace; suggestedId: StudentId | null } | null>(
    null,
  );
  const [panelNote, setPanelNote] = useState<string | null>(null);
  const fields = useRef(new Map<string, HTMLInputElement>());

  const data = questions.data;
  // Focus goes to the next question once the answered one has left the grid.
  const focusNext = useRef<string | null>(null);
  useEffect(() => {
    if (focusNext.current === null) return;
    fields.current.get(focusNext.current)?.focus();
    focusNext.current = null;
  });
  // Brought here by the app (not by a tap): once the questions are read, the first one is ready
  // to type into.
  const firstKey = data?.[0] ? questionKey(data[0]) : undefined;
  const settled = !questions.isFetching;
  const focusFirst = useRef(focusFirstQuestion);
  useEffect(() => {
    if (!focusFirst.current || !settled || firstKey === undefined) return;
    focusFirst.current = false;
    fields.current.get(firstKey)?.focus();
  }, [firstKey, settled]);

  const save = useMutation({
    mutationFn: async ({ group, answer }: { group: FaceGroup; answer: SearchAnswer }) => {
      const ids = group.faces.map((f) => f.cropId);
      if (answer.kind === 'student') await reviewMutations.confirm(ids, answer.student.id);
      else if (answer.kind === 'new') await reviewMutations.assignToName(ids, answer.name);
      else await reviewMutations.notAStudent(ids);
    },
    // Optimistic: the question leaves the grid before the core has saved it.
    onMutate: async ({ group }) => {
      await client.cancelQueries({ queryKey });
      client.setQueryData<FaceGroup[]>(queryKey, (old) =>
        old?.filter((g) => questionKey(g) !== questionKey(group)),
      );
    },
    onSuccess: (_saved, { group }) => {
      const savedAt = Date.now();
      setAnswered((list) =>
        list.map((a) => (a.key === questionKey(group) ? { ...a, state: 'saved', savedAt } : a)),
      );
    },
    onError: (error, { group }) => {
      const key = questionKey(group);
      setAnswered((list) => list.filter((a) => a.key !== key));
      setFailed({ key, error });
      void client.invalidateQueries({ queryKey });
    },
  });

  // SearchAnswers being saved, and saved ones the list read has not caught up with, are hidden; a
  // question a later read has again (an undo brought it back) is a card again.
  const readAt = questions.dataUpdatedAt;
  const hidden = new Set(
    answered.filter((a) => a.state === 'saving' || a.savedAt >= readAt).map((a) => a.key),
  );
  const open = (data ?? []).filter((g) => !hidden.has(questionKey(g)));
  const openKeys = new Set(open.map(questionKey));
  const done = answered.filter((a) => !openKeys.has(a.key));
  const thumbnails = useFaceThumbnails(
    open.flatMap((g) => g.faces.slice(0, FACES_PER_CARD).map((f) => f.cropId)),
  );
  const saving = answered.filter((a) => a.state === 'saving').length;
  const savingShown = useDelayedFlag(saving > 0, SAVING_SHOWN_AFTER_MS);

  function answer(group: FaceGroup, given: SearchAnswer) {
    const key = questionKey(group);
    const index = open.findIndex((g) => questionKey(g) === key);
    const next = open[index + 1] ?? open[index - 1];
    setFailed(null);
    setAnswered((list) => [
      ...list.filter((a) => a.key !== key),
      {
        key,
        label:
          given.kind === 'student'
            ? given.student.name
            : given.kind === 'new'
              ? given.name
              : 'Not in this class',
        faces: group.faces.length,
        studentId: given.kind === 'student' ? given.student.id : null,
        state: 'saving',
        savedAt: Infinity,
      },
    ]);
    focusNext.current = next ? questionKey(next) : null;
    save.mutate({ group, answer: given });
  }

  // Progress over the class list: students with a face in this lesson, answers being saved too.
  const named = new Set<string>([...roster.seen]);
  for (const a of answered) if (a.studentId) named.add(a.studentId);
  for (const a of answered) if (!a.studentId && a.label !== 'Not in this class') named.add(a.label);
  const classSize = Math.max(roster.students.length, named.size);
  const ungrouped = open.filter((g) => g.groupId === null).length;

  return (
    <section
      className="card whos-who"
      aria-labelledby={headingId}
      id={id}
      // Busy while the questions are read again (e.g. just after the faces were grouped anew):
      // the cards shown may then be replaced by new ones.
      aria-busy={questions.isFetching}
    >
      <div className="whos-who__top">
        <h2 id={headingId}>Who’s who</h2>
        {sessionId && roster.loaded && (
          <p className="whos-who__progress" data-testid="whos-who-progress">
            <strong>
              {named.size} of {classSize}
            </strong>{' '}
            named
          </p>
        )}
        <p role="status" className="whos-who__saving" data-testid="whos-who-saving">
          {savingShown ? 'Saving…' : ''}
        </p>
      </div>
      {questions.isPending ? (
        <Loading label="Finding the people not yet named…" />
      ) : questions.isError ? (
        <LoadFailed error={questions.error} />
      ) : (
        <>
          <p className="hint">
            {open.length === 0
              ? done.length > 0
                ? 'Everyone in the photos is named.'
                : 'Nobody to name: every face in the photos has a student.'
              : `${countOf(open.length, 'person', 'people')} to name, largest groups first. Type the first letters of a name and press Enter, or tap a suggested name. Someone who is not in the class: tap the name field, then “Not in this class”. One face is someone else: tap that face.`}
          </p>
          {sessionId && ungrouped > 0 && <GroupNewFaces sessionId={sessionId} count={ungrouped} />}
          {failed && (
            <div data-testid="whos-who-error">
              <ErrorMessage error={failed.error} />
            </div>
          )}
          {open.length > 0 && (
            <ul className="who-grid" aria-label="People not yet named">
              {open.map((group, index) => (
                <QuestionCard
                  key={questionKey(group)}
                  group={group}
                  number={index + 1}
                  thumbnails={thumbnails}
                  roster={roster.students}
                  fieldRef={(el) => {
                    if (el) fields.current.set(questionKey(group), el);
                    else fields.current.delete(questionKey(group));
                  }}
                  onAnswer={(given) => answer(group, given)}
                  onOpenFace={(cropId) => {
                    const face = group.faces.find((f) => f.cropId === cropId)!;
                    setPanelNote(null);
                    setPanel({
                      face,
                      suggestedId: group.suggestion?.studentId ?? null,
                    });
                  }}
                />
              ))}
            </ul>
          )}
          {done.length > 0 && (
            <div className="who-done">
              <h3 className="who-done__title">Named just now</h3>
              <ul aria-label="Named just now" className="who-done__list">
                {done.map((a) => (
                  <li key={a.key} className="who-done__item">
                    <span aria-hidden="true">{a.state === 'saving' ? '…' : '✓'}</span> {a.label}{' '}
                    <span className="who-done__faces">
                      ({countOf(a.faces, 'face')}){a.state === 'saving' ? ' Saving…' : ''}
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          )}
          {panelNote && (
            <p className="hint" role="status">
              {panelNote}
            </p>
          )}
          {sessionId && (
            <p className="hint">
              <a className="link-target" href={href.classFaces(classId)}>
                Every face of the class by person
              </a>{' '}
              (move, merge, the people not in this class, faces of low quality).
            </p>
          )}
        </>
      )}
      {panel && (
        <FacePanel
          face={panel.face}
          classId={classId}
          {...(sessionId && { sessionId })}
          suggestedId={panel.suggestedId}
          onClose={() => setPanel(null)}
          onDone={setPanelNote}
        />
      )}
    </section>
  );
}

function QuestionCard({
  group,
  number,
  thumbnails,
  roster,
  fieldRef,
  onAnswer,
  onOpenFace,
}: {
  group: FaceGroup;
  number: number;
  thumbnails: FaceThumbnailMap | undefined;
  roster: Parameters<typeof StudentSearch>[0]['students'];
  fieldRef: (el: HTMLInputElement | null) => void;
  onAnswer: (answer: SearchAnswer) => void;
  onOpenFace: (cropId: CropId) => void;
}) {
  const shown = group.faces.slice(0, FACES_PER_CARD);
  const more = group.faces.length - shown.length;
  const person = `Person ${number}`;
  const suggestion = group.suggestion ?? null;
  const suggested = suggestion ? roster.find((s) => s.id === suggestion.studentId) : undefined;
  return (
    <li
      className="who-card"
      aria-label={`${person}, ${countOf(group.faces.length, 'face')}`}
      // Every face of the question, shown or not (the card shows the first few): lets a test tell
      // who the card is from the faces on the photos.
      data-crop-ids={group.faces.map((f) => f.cropId).join(' ')}
    >
      <ul className="who-card__faces" aria-label={`Faces of ${person}`}>
        {shown.map((face, i) => {
          const jpeg = thumbnails?.get(face.cropId);
          return (
            <li key={face.cropId}>
              <button
                type="button"
                className="who-card__face"
                data-crop-id={face.cropId}
                aria-label={`Face ${i + 1} of ${person}: open`}
                onClick={() => onOpenFace(face.cropId)}
              >
                {jpeg ? (
                  <BlobImage bytes={jpeg} mimeType="image/jpeg" alt="" width={52} height={52} />
                ) : (
                  <span className="who-card__blank" />
                )}
              </button>
            </li>
          );
        })}
        {more > 0 && (
          <li className="who-card__more" aria-label={`and ${countOf(more, 'more face')}`}>
            +{more}
          </li>
        )}
      </ul>
      {suggested && (
        <button
          type="button"
          className="primary who-card__suggestion"
          aria-label={`This is ${suggested.name}`}
          onClick={() => onAnswer({ kind: 'student', student: suggested })}
        >
          {suggested.name}?
        </button>
      )}
      <StudentSearch
        ref={fieldRef}
        label="Who is this?"
        hideLabel
        placeholder={suggested ? 'Someone else…' : 'Who is this?'}
        students={roster}
        onAnswer={onAnswer}
        offerNotInClass
      />
    </li>
  );
}

function GroupNewFaces({ sessionId, count }: { sessionId: SessionId; count: number }) {
  const recognise = useMutation({ mutationFn: () => reviewMutations.recogniseSession(sessionId) });
  return (
    <div className="button-row">
      <p className="hint">
        {countOf(count, 'face')} not sorted into people yet (photos added since the last
        recognition).
      </p>
      <BusyButton
        className="primary"
        busy={recognise.isPending}
        busyLabel="Grouping…"
        onClick={() => recognise.mutate()}
      >
        Group the new faces
      </BusyButton>
      <ErrorMessage error={recognise.error} />
    </div>
  );
}

/** True once `on` has stayed true for `ms` (a "Saving…" that never flickers for quick saves). */
function useDelayedFlag(on: boolean, ms: number): boolean {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (!on) return;
    const timer = setTimeout(() => setShown(true), ms);
    return () => {
      clearTimeout(timer);
      setShown(false);
    };
  }, [on, ms]);
  return on && shown;
}
