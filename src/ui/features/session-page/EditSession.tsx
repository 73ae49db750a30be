import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { Session } from '../../../contracts/entities';
import { SaveCancelButtons } from '../../components/SaveCancelButtons';
import { toLocalDateTimeInput } from '../../format';
import { sessionMutations } from '../sessions/queries';
import type { SessionDraft } from '../sessions/SessionFields';
import { SessionForm } from '../sessions/SessionForm';
import { toSessionInput } from '../sessions/session-input';

const draftOf = (session: Session): SessionDraft => ({
  startsAt: toLocalDateTimeInput(new Date(session.startsAt)),
  title: session.title,
});

/** "Edit date and title": the session's fields in a small form, in place. */
export function EditSession({ session }: { session: Session }) {
  const [draft, setDraft] = useState<SessionDraft | null>(null);
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
    <SessionForm
      title="Edit lesson"
      headingLevel="h2"
      className="session-form card"
      draft={draft}
      onChange={setDraft}
      error={mutation.error}
      onSubmit={() => {
        if (!mutation.isPending) mutation.mutate(draft);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !mutation.isPending) setDraft(null);
      }}
    >
      <SaveCancelButtons pending={mutation.isPending} onCancel={() => setDraft(null)} />
    </SessionForm>
  );
}
