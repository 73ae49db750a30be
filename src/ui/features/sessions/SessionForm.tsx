import { useId, type KeyboardEvent, type ReactNode } from 'react';
import { ErrorMessage } from '../../components/ErrorMessage';
import { NO_AUTOFILL_FORM } from '../../components/no-autofill';
import { SessionFields, type SessionDraft } from './SessionFields';

interface SessionFormProps {
  /** The form's heading, and its level where it stands on the page. */
  title: string;
  headingLevel: 'h2' | 'h3';
  className: string;
  draft: SessionDraft;
  onChange: (draft: SessionDraft) => void;
  /** The last save's error, shown under the buttons and tied to the fields. */
  error: unknown;
  onSubmit: () => void;
  onKeyDown?: (event: KeyboardEvent<HTMLFormElement>) => void;
  /** The form's buttons. */
  children: ReactNode;
}

/** A lesson's date and title in a form: the shell shared by "New lesson" and "Edit lesson". */
export function SessionForm({
  title,
  headingLevel: Heading,
  className,
  draft,
  onChange,
  error,
  onSubmit,
  onKeyDown,
  children,
}: SessionFormProps) {
  const errorId = useId();
  const headingId = useId();
  return (
    <form
      {...NO_AUTOFILL_FORM}
      className={className}
      aria-labelledby={headingId}
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
      onKeyDown={onKeyDown}
    >
      <Heading id={headingId}>{title}</Heading>
      <SessionFields draft={draft} onChange={onChange} errorId={errorId} invalid={error != null} />
      <div className="button-row">{children}</div>
      <ErrorMessage error={error} id={errorId} />
    </form>
  );
}
