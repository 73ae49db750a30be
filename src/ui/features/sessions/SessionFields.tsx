import { useId } from 'react';
import { NO_AUTOFILL_FIELD } from '../../components/no-autofill';

export interface SessionDraft {
  /** The datetime-local value, local time. */
  startsAt: string;
  title: string;
}

interface SessionFieldsProps {
  draft: SessionDraft;
  onChange: (draft: SessionDraft) => void;
  errorId?: string | undefined;
  invalid?: boolean;
}

/** The date-and-time and title fields shared by the new-session and edit-session forms. */
export function SessionFields({ draft, onChange, errorId, invalid = false }: SessionFieldsProps) {
  const dateId = useId();
  const titleId = useId();
  return (
    <>
      <div className="field">
        <label htmlFor={dateId}>Date and time</label>
        <input
          {...NO_AUTOFILL_FIELD}
          id={dateId}
          type="datetime-local"
          value={draft.startsAt}
          aria-invalid={invalid}
          aria-describedby={invalid ? errorId : undefined}
          onChange={(event) => onChange({ ...draft, startsAt: event.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor={titleId}>
          Title <span className="optional">(optional)</span>
        </label>
        <input
          {...NO_AUTOFILL_FIELD}
          id={titleId}
          value={draft.title}
          autoComplete="off"
          placeholder="e.g. Morning lesson"
          onChange={(event) => onChange({ ...draft, title: event.target.value })}
        />
      </div>
    </>
  );
}
