import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef } from 'react';
import type { AssignmentStatus } from '../../../contracts/entities';
import type { ClassId, CropId, SessionId, StudentId } from '../../../contracts/ids';
import { ErrorMessage } from '../../components/ErrorMessage';
import { BlobImage } from '../photos/BlobImage';
import { useFaceThumbnails } from '../photos/face-thumbnails';
import { studentQueries } from '../roster/queries';
import { sessionQueries } from '../sessions/queries';
import { useLessonRoster } from './lesson-roster';
import { reviewMutations } from './queries';
import { StudentSearch, type SearchAnswer } from './StudentSearch';
import './whos-who.css';

/** One face as the screens that open the panel know it. */
export interface PanelFace {
  cropId: CropId;
  studentId: StudentId | null;
  assignmentStatus: AssignmentStatus;
}

/** What the panel changed, in words (for a notice or a test), once it is saved. */
export type PanelDone = (what: string) => void;

/**
 * The one panel for any face, wherever it is tapped (a box on the photo, the sheet's face, a
 * face of a question): the face large, "This is <name>", another student (searchable; those not
 * seen in this lesson first), someone new (a typed name joins the class list), or "Not in this
 * class". A modal <dialog>: focus stays inside, Escape closes, focus goes back where it was.
 * Changes go through the review operations (audited, undoable).
 */
export function FacePanel({
  face,
  classId,
  sessionId,
  suggestedId,
  onClose,
  onDone,
}: {
  face: PanelFace;
  classId: ClassId;
  sessionId?: SessionId;
  /** A question's suggestion (the face has no student yet). */
  suggestedId?: StudentId | null;
  onClose: () => void;
  onDone?: PanelDone;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const thumbnails = useFaceThumbnails([face.cropId]);
  const jpeg = thumbnails?.get(face.cropId);
  const roster = useLessonRoster(classId, sessionId);
  const allStudents = useQuery(studentQueries.list(classId)).data ?? [];
  const nameOf = (id: StudentId | null | undefined) =>
    allStudents.find((s) => s.id === id)?.name ?? null;
  const current = nameOf(face.studentId);
  const candidateId = face.studentId ?? suggestedId ?? null;
  const candidate = nameOf(candidateId);

  const save = useMutation({
    mutationFn: async (change: () => Promise<string>) => change(),
    onSuccess: (what) => {
      onDone?.(what);
      onClose();
    },
  });
  const run = (change: () => Promise<string>) => {
    if (!save.isPending) save.mutate(change);
  };

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    return () => {
      dialog.close();
      previous?.focus();
    };
  }, []);

  const confirm = (studentId: StudentId, name: string) =>
    run(async () => {
      await reviewMutations.confirm([face.cropId], studentId);
      return `This is ${name}.`;
    });
  const notInClass = () =>
    run(async () => {
      await reviewMutations.notAStudent([face.cropId]);
      return 'Not in this class.';
    });
  const answer = (a: SearchAnswer) => {
    if (a.kind === 'student') confirm(a.student.id, a.student.name);
    else if (a.kind === 'new')
      run(async () => {
        const student = await reviewMutations.assignToName([face.cropId], a.name);
        return `This is ${student.name}.`;
      });
    else notInClass();
  };

  return (
    <dialog
      ref={dialogRef}
      className="face-panel"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        if (!save.isPending) onClose();
      }}
    >
      <div className="face-panel__face">
        {jpeg ? (
          <BlobImage
            bytes={jpeg}
            mimeType="image/jpeg"
            alt="The face, large"
            width={160}
            height={160}
          />
        ) : (
          <span className="face-panel__placeholder" aria-hidden="true" />
        )}
      </div>
      <div className="face-panel__body">
        <h2 id={titleId}>Who is this?</h2>
        <p className="face-panel__now">{describe(face.assignmentStatus, current)}</p>
        {candidateId && candidate && face.assignmentStatus !== 'confirmed' && (
          <button
            type="button"
            className="primary face-panel__this"
            aria-disabled={save.isPending}
            onClick={() => confirm(candidateId, candidate)}
          >
            This is {candidate}
          </button>
        )}
        <StudentSearch
          label={candidate ? 'Someone else' : 'Pick a student'}
          placeholder="Type a name: a student, or someone new"
          students={roster.students.filter((s) => s.id !== face.studentId)}
          onAnswer={answer}
          disabled={save.isPending}
        />
        <div className="button-row">
          {face.assignmentStatus !== 'rejected' && (
            <button
              type="button"
              className="danger-outline"
              aria-disabled={save.isPending}
              onClick={notInClass}
            >
              Not in this class
            </button>
          )}
          <button
            type="button"
            className="secondary"
            onClick={onClose}
            aria-disabled={save.isPending}
          >
            Close
          </button>
        </div>
        <p role="status" className="face-panel__saving">
          {save.isPending ? 'Saving…' : ''}
        </p>
        <ErrorMessage error={save.error} />
      </div>
    </dialog>
  );
}

function describe(status: AssignmentStatus, name: string | null): string {
  if (status === 'rejected') return 'You said this person is not in this class.';
  if (!name) return 'Not named yet.';
  return status === 'confirmed' ? `You said this is ${name}.` : `Rollcall thinks this is ${name}.`;
}

/** The face panel for a face of a lesson's photos, where only the lesson is known. */
export function SessionFacePanel({
  face,
  sessionId,
  onClose,
}: {
  face: PanelFace;
  sessionId: SessionId;
  onClose: () => void;
}) {
  const classId = useQuery(sessionQueries.detail(sessionId)).data?.classId;
  if (!classId) return null;
  return <FacePanel face={face} classId={classId} sessionId={sessionId} onClose={onClose} />;
}
