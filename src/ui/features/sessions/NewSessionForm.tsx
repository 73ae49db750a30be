import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { ClassId } from '../../../contracts/ids';
import { href, navigate } from '../../router';
import { ErrorMessage } from '../../components/ErrorMessage';
import { toLocalDateTimeInput } from '../../format';
import { sessionMutations } from './queries';
import { SessionFields, type SessionDraft } from './SessionFields';
import { toSessionInput } from './session-input';
import { NO_AUTOFILL_FORM } from '../../components/no-autofill';

const freshDraft = (): SessionDraft => ({ startsAt: toLocalDateTimeInput(new Date()), title: '' });

export function NewSessionForm({ classId }: { classId: ClassId }) {
  const [draft, setDraft] = useState(freshDraft);
  const errorId = useId();
  const headingId = useId();
  const mutation = useMutation({
    mutationFn: (value: SessionDraft) => sessionMutations.create(classId, toSessionInput(value)),
    // The teacher creates a lesson to add its photos: straight on to its first step. The form is
    // reset (only if its fields were not changed again while saving) for when they come back.
    onSuccess: (saved, submitted) => {
      setDraft((current) => (current === submitted ? freshDraft() : current));
      navigate(href.session(saved.id, 'photos'));
    },
  });

  return (
    <form
      {...NO_AUTOFILL_FORM}
      className="session-form"
      aria-labelledby={headingId}
      onSubmit={(event) => {
        event.preventDefault();
        if (!mutation.isPending) mutation.mutate(draft);
      }}
    >
      <h3 id={headingId}>New lesson</h3>
      <SessionFields
        draft={draft}
        onChange={setDraft}
        errorId={errorId}
        invalid={mutation.isError}
      />
      <button type="submit" className="primary" aria-disabled={mutation.isPending}>
        Create lesson
      </button>
      <ErrorMessage error={mutation.error} id={errorId} />
    </form>
  );
}
