import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { ReviewQueueItem } from '../../../contracts/attendance';
import type { Student } from '../../../contracts/entities';
import type { SessionId, StudentId } from '../../../contracts/ids';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading, LoadFailed } from '../../components/QueryState';
import { countOf } from '../../format';
import { studentQueries } from '../roster/queries';
import { FaceImage } from './FaceImage';
import { attendanceMutations, attendanceQueries } from './queries';
import { useFaceThumbnails } from '../photos/face-thumbnails';
import { NO_AUTOFILL_FIELD } from '../../components/no-autofill';

/** Faces to look at, least sure first: confirm, pick another student, or "not a student". */
export function ReviewQueue({
  sessionId,
  classId,
}: {
  sessionId: SessionId;
  classId: Student['classId'];
}) {
  const queue = useQuery(attendanceQueries.reviewQueue(sessionId));
  const students = useQuery(studentQueries.list(classId));
  const thumbnails = useFaceThumbnails(queue.data?.map((item) => item.cropId) ?? []);

  if (queue.isPending) return <Loading label="Looking for faces to check…" />;
  if (queue.isError) return <LoadFailed error={queue.error} />;
  return (
    <section className="review-queue no-print" aria-labelledby="review-queue-heading">
      <h3 id="review-queue-heading">Faces to check</h3>
      {queue.data.length === 0 ? (
        <p className="empty-state">Nothing to check: every face has a student.</p>
      ) : (
        <>
          <p className="hint">
            {countOf(queue.data.length, 'face')} without a sure student, least sure first. Recognise
            students gives the sure ones their student.
          </p>
          <ul className="review-list" aria-label="Faces to check">
            {queue.data.map((item, index) => (
              <ReviewItem
                key={item.cropId}
                item={item}
                number={index + 1}
                students={students.data ?? []}
                thumbnails={thumbnails}
              />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function ReviewItem({
  item,
  number,
  students,
  thumbnails,
}: {
  item: ReviewQueueItem;
  number: number;
  students: readonly Student[];
  thumbnails: ReturnType<typeof useFaceThumbnails>;
}) {
  const selectId = useId();
  const [other, setOther] = useState<StudentId | ''>('');
  const confirm = useMutation({
    mutationFn: (studentId: StudentId) =>
      attendanceMutations.confirmFaces([item.cropId], studentId),
  });
  const notAStudent = useMutation({
    mutationFn: () => attendanceMutations.markNotAStudent([item.cropId]),
  });
  const busy = confirm.isPending || notAStudent.isPending;
  const label = `Face ${number}`;
  const guess =
    item.candidateName === null
      ? 'Not recognised'
      : `${item.assignmentStatus === 'auto' ? 'Given to' : 'Looks like'} ${item.candidateName} (${Math.round(item.confidence * 100)}% sure)`;

  return (
    <li className="review-item" aria-label={label} data-crop-id={item.cropId}>
      <FaceImage cropId={item.cropId} thumbnails={thumbnails} alt={`Close-up of ${label}`} />
      <div className="review-item__body">
        <p className="review-item__guess">{guess}</p>
        <div className="button-row">
          {item.candidateId && (
            <button
              type="button"
              className="primary"
              aria-disabled={busy}
              onClick={() => {
                if (!busy && item.candidateId) confirm.mutate(item.candidateId);
              }}
            >
              Yes, {item.candidateName}
            </button>
          )}
          <label className="visually-hidden" htmlFor={selectId}>
            Another student for {label}
          </label>
          <select
            {...NO_AUTOFILL_FIELD}
            id={selectId}
            className="override-select"
            value={other}
            onChange={(event) => setOther(event.target.value as StudentId | '')}
          >
            <option value="">Someone else…</option>
            {students
              .filter((s) => s.id !== item.candidateId)
              .map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
          </select>
          <button
            type="button"
            className="secondary"
            aria-disabled={busy || other === ''}
            onClick={() => {
              if (!busy && other !== '') confirm.mutate(other);
            }}
          >
            Give to this student
          </button>
          <button
            type="button"
            className="danger-outline"
            aria-disabled={busy}
            onClick={() => {
              if (!busy) notAStudent.mutate();
            }}
          >
            Not a student
          </button>
        </div>
        <ErrorMessage error={confirm.error ?? notAStudent.error} />
      </div>
    </li>
  );
}
