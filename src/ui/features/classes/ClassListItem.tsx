import { href } from '../../router';
import type { ClassSummary } from '../../../contracts/entities';
import { ConfirmButton } from '../../components/ConfirmButton';
import { InlineRename } from '../../components/InlineRename';
import { countOf } from '../../format';
import { classMutations } from './queries';

export function ClassListItem({ summary }: { summary: ClassSummary }) {
  return (
    <li className="item">
      <InlineRename
        value={summary.name}
        fieldLabel="Class name"
        buttonLabel={`Rename ${summary.name}`}
        actions={
          <ConfirmButton
            aria-label={`Delete ${summary.name}`}
            title="Delete this class?"
            message={
              <p>
                Delete class “{summary.name}” and all its students, lessons and photos? This can’t
                be undone.
              </p>
            }
            confirmLabel="Delete class"
            action={() => classMutations.remove(summary.id)}
          >
            Delete
          </ConfirmButton>
        }
        save={(name) => classMutations.rename(summary.id, name)}
      >
        <div className="item__main">
          <a className="item__title" href={href.class(summary.id)}>
            {summary.name}
          </a>
          <span className="item__meta">
            {countOf(summary.studentCount, 'student')} · {countOf(summary.sessionCount, 'lesson')}
          </span>
        </div>
      </InlineRename>
    </li>
  );
}
