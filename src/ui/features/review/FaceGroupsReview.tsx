import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { ClassId, CropId } from '../../../contracts/ids';
import type { ReviewScope } from '../../../contracts/review';
import { BusyButton } from '../../components/BusyButton';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading, LoadFailed } from '../../components/QueryState';
import { countOf } from '../../format';
import { studentQueries } from '../roster/queries';
import { FaceGroupCard } from './FaceGroupCard';
import { reviewMutations, reviewQueries } from './queries';
import { SelectionBar } from './SelectionBar';
import { useReviewAction } from './use-review-action';
import './review.css';

/**
 * Faces grouped by person, for a session or a whole class: name a group (from the roster or a
 * new name), merge groups, select faces to move, split off or mark "not a student", and undo.
 * Every change is saved (and audited) at once.
 */
export function FaceGroupsReview({ scope, classId }: { scope: ReviewScope; classId: ClassId }) {
  const groups = useQuery(reviewQueries.groups(scope));
  const students = useQuery(studentQueries.list(classId));
  const [selected, setSelected] = useState<ReadonlySet<CropId>>(new Set());
  const action = useReviewAction();
  const rosterListId = useId();
  const headingId = useId();

  const toggle = (cropId: CropId) =>
    setSelected((current) => {
      const next = new Set(current);
      if (!next.delete(cropId)) next.add(cropId);
      return next;
    });
  const list = groups.data ?? [];
  const unsorted = list.filter((g) => g.kind === 'unsorted');
  const roster = students.data ?? [];

  return (
    <section className="card review" aria-labelledby={headingId}>
      <h2 id={headingId}>Faces by student</h2>
      <p className="hint">
        Tap faces to select them. Names come from the roster: choosing a student who is already
        there merges the group into them.
      </p>
      <div className="button-row">
        {'sessionId' in scope && unsorted.length > 0 && (
          <BusyButton
            className="primary"
            busy={action.pending}
            onClick={() =>
              action.run(
                () => reviewMutations.groupSession(scope.sessionId),
                (r) =>
                  `Made ${countOf(r.studentsCreated.length, 'new student')} from ${countOf(r.cropsAssigned, 'face')}.`,
              )
            }
          >
            Make students from new faces
          </BusyButton>
        )}
        {'classId' in scope && (
          <BusyButton
            className="secondary"
            busy={action.pending}
            onClick={() =>
              action.run(
                () => reviewMutations.regroupClass(scope.classId),
                (r) =>
                  `Re-grouped the class: ${countOf(r.cropsAssigned, 'face')} joined a student, ${countOf(r.studentsCreated.length, 'new student')}.`,
              )
            }
          >
            Re-group all faces
          </BusyButton>
        )}
        <BusyButton
          className="secondary"
          busy={action.pending}
          onClick={() =>
            action.run(
              () => reviewMutations.undo(classId),
              (undone) => (undone ? `Undone: ${undone.description}.` : 'Nothing to undo.'),
            )
          }
        >
          Undo
        </BusyButton>
      </div>
      <p role="status" className="review__status" data-testid="review-status">
        {action.pending ? 'Working…' : action.message}
      </p>
      <ErrorMessage error={action.error} />
      <datalist id={rosterListId}>
        {roster.map((s) => (
          <option key={s.id} value={s.name} />
        ))}
      </datalist>
      {selected.size > 0 && (
        <SelectionBar
          selected={[...selected]}
          students={roster}
          run={action.run}
          clear={() => setSelected(new Set())}
        />
      )}
      {groups.isPending ? (
        <Loading label="Grouping faces…" />
      ) : groups.isError ? (
        <LoadFailed error={groups.error} />
      ) : list.length === 0 ? (
        <p className="empty-state">No faces yet. Faces appear here once photos are processed.</p>
      ) : (
        <ul className="face-groups">
          {list.map((group) => (
            <FaceGroupCard
              key={group.studentId ?? `${group.kind}:${group.faces[0]?.cropId}`}
              group={group}
              students={roster}
              rosterListId={rosterListId}
              selected={selected}
              onToggle={toggle}
              run={action.run}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
