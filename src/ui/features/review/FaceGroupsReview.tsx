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
 * new name), merge groups, select faces to move, split off or mark "not a student". Every change
 * is saved (and audited) at once; the app's change notice (ChangeNotice) offers its undo.
 */
export function FaceGroupsReview({
  scope,
  classId,
  id,
}: {
  scope: ReviewScope;
  classId: ClassId;
  /** The section's element id (a link target). */
  id?: string;
}) {
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
    <section className="card review" aria-labelledby={headingId} id={id}>
      <h2 id={headingId}>Faces by person</h2>
      <p className="hint">
        Tap faces to select them. Answer each person not yet named with a name from the class list,
        a new name, or “Not in this class”.
      </p>
      <div className="button-row">
        {'sessionId' in scope && unsorted.length > 0 && (
          <BusyButton
            className="primary"
            busy={action.pending}
            onClick={() =>
              action.run(
                () => reviewMutations.recogniseSession(scope.sessionId),
                (r) =>
                  `Matched ${countOf(r.facesAssigned, 'face')}; ${countOf(r.questions, 'person', 'people')} not yet named.`,
              )
            }
          >
            Group the new faces
          </BusyButton>
        )}
        {'classId' in scope && (
          <BusyButton
            className="secondary"
            busy={action.pending}
            onClick={() =>
              action.run(
                () => reviewMutations.improveClass(scope.classId),
                (r) =>
                  `Checked again: ${countOf(r.facesReassigned, 'face')} kept, ${countOf(r.facesNowQuestions, 'face')} to look at again; ${countOf(r.questions, 'person', 'people')} not yet named.`,
              )
            }
          >
            Re-check all faces
          </BusyButton>
        )}
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
              key={
                group.studentId ??
                group.groupId ??
                group.dismissedId ??
                `${group.kind}:${group.faces[0]?.cropId}`
              }
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
