import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { ClassId } from '../../../contracts/ids';
import type { Session } from '../../../contracts/entities';
import { FilePickerButton } from '../../components/FilePickerButton';
import { toLocalDateTimeInput } from '../../format';
import { href, navigate } from '../../router';
import { useAddPhotos } from '../photos/use-add-photos';
import { sessionMutations } from './queries';
import type { SessionDraft } from './SessionFields';
import { SessionForm } from './SessionForm';
import { toSessionInput } from './session-input';

const freshDraft = (): SessionDraft => ({ startsAt: toLocalDateTimeInput(new Date()), title: '' });

/**
 * "New lesson": the date and time (now) and an optional title. "Take attendance from photos" is
 * the daily action in one tap: it picks the photos (on a tablet, the camera or the library),
 * creates the lesson, starts adding them and opens the lesson. "Create lesson" makes an empty
 * one for photos later. Either way the teacher lands on the new lesson's Photos step.
 */
export function NewSessionForm({ classId }: { classId: ClassId }) {
  const [draft, setDraft] = useState(freshDraft);
  const addPhotos = useAddPhotos();
  const mutation = useMutation({
    mutationFn: ({ draft: value }: { draft: SessionDraft; files: File[] }) =>
      sessionMutations.create(classId, toSessionInput(value)),
    // Here rather than in `mutate`'s callbacks, which do not run once the form is gone: the
    // photos the teacher chose are added even if they left the class page meanwhile.
    onSuccess: (saved, { draft: submitted, files }) => {
      if (files.length > 0) addPhotos.mutate({ sessionId: saved.id, files });
      // Reset only if the fields were not changed again while saving (for when they are back).
      setDraft((current) => (current === submitted ? freshDraft() : current));
    },
  });

  function create(files: File[] = []) {
    if (mutation.isPending) return;
    mutation.mutate(
      { draft, files },
      { onSuccess: (saved: Session) => navigate(href.session(saved.id, 'photos')) },
    );
  }

  return (
    <SessionForm
      title="New lesson"
      headingLevel="h3"
      className="session-form"
      draft={draft}
      onChange={setDraft}
      error={mutation.error}
      onSubmit={() => create()}
    >
      <FilePickerButton
        className="primary"
        busy={mutation.isPending}
        busyLabel="Creating the lesson…"
        inputLabel="Photos of the new lesson"
        accept="image/*"
        multiple
        onFiles={create}
      >
        Take attendance from photos
      </FilePickerButton>
      <button type="submit" className="secondary" aria-disabled={mutation.isPending}>
        Create lesson
      </button>
    </SessionForm>
  );
}
