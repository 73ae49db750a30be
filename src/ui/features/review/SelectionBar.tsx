import type { Student } from '../../../contracts/entities';
import type { CropId } from '../../../contracts/ids';
import { countOf } from '../../format';
import { PickStudentForm } from './PickStudentForm';
import { reviewMutations } from './queries';
import type { RunReviewAction } from './use-review-action';

/** What can be done with the selected faces: move them, split them off, or "not a student". */
export function SelectionBar({
  selected,
  students,
  run,
  clear,
}: {
  selected: readonly CropId[];
  students: readonly Student[];
  run: RunReviewAction;
  clear: () => void;
}) {
  const faces = countOf(selected.length, 'face');
  const act = <T,>(work: () => Promise<T>, done: (result: T) => string) =>
    run(async () => {
      const result = await work();
      clear();
      return result;
    }, done);

  return (
    <div className="selection-bar" role="region" aria-label="Selected faces">
      <p className="selection-bar__count">{faces} selected</p>
      <PickStudentForm
        label="Move to"
        students={students}
        submitLabel="Move"
        primary
        onPick={(target) =>
          act(
            () => reviewMutations.confirm([...selected], target.id),
            () => `Moved ${faces} to ${target.name}.`,
          )
        }
      />
      <div className="button-row">
        <button
          type="button"
          className="secondary"
          onClick={() =>
            act(
              () => reviewMutations.split([...selected]),
              () => `Moved ${faces} to a new person not yet named.`,
            )
          }
        >
          Someone else
        </button>
        <button
          type="button"
          className="danger-outline"
          onClick={() =>
            act(
              () => reviewMutations.notAStudent([...selected]),
              () => `Marked ${faces} as not in this class.`,
            )
          }
        >
          Not in this class
        </button>
        <button type="button" className="secondary" onClick={clear}>
          Clear selection
        </button>
      </div>
    </div>
  );
}
