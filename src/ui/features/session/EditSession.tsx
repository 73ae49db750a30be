import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { Session } from '../../../contracts/entities';
import { ErrorMessage } from '../../components/ErrorMessage';
import { toLocalDateTimeInput } from '../../format';
import { sessionMutations } from '../sessions/queries';
import { SessionFields, type SessionDraft } from '../sessions/SessionFields';
import { toSessionInput } from '../sessions/session-input';
import { NO_AUTOFILL_FORM } from '../../components/no-autofill';

const draftOf = (session: Session): SessionDraft => ({
  startsAt: toLocalDateTimeInput(new Date(session.startsAt)),
  title: session.title,
});

/** "Edit date and title": the session's fields in a small form, in place. */
export function EditSession({ session }: { session: Session }) {
  const [draft, setDraft] = useState<SessionDraft | null>(null);
  const errorId = useId();
  const headingId = useId();
  const mutation = useMutation({
    mutationFn: (value: SessionDraft) => sessionMutations.update(session.id, toSessionInput(value)),
    onSuccess: () => setDraft(null),
  });

  if (draft === null) {
    return (
      <button
        type="button"
        className="secondary"
        onClick={() => {
          mutation.reset();
          setDraft(draftOf(session));
        }}
      >
        Edit date and title
      </button>
    );
  }

  return (
    <form
      {...NO_AUTOFILL_FORM}
      className="session-form card"
      aria-labelledby={headingId}
      onSubmit={(event) => {
        event.preventDefault();
        if (!mutation.isPending) mutation.mutate(draft);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !mutation.isPending) setDraft(null);
      }}
    >
      <h2 id={headingId}>Edit lesson</h2>
      <SessionFields
        draft={draft}
        onChange={setDraft}
        errorId={errorId}
        invalid={mutation.isError}
      />
      <div className="button-row">
        <button type="submit" className="primary" aria-disabled={mutation.isPending}>
          {mutation.isPending ? 'Saving…' : 'Save'}
        </button>
        <button
          type="button"
          onClick={() => {
            if (!mutation.isPending) setDraft(null);
          }}
          aria-disabled={mutation.isPending}
        >
          Cancel
        </button>
      </div>
      <ErrorMessage error={mutation.error} id={errorId} />
    </form>
  );
}
