import { useMutation } from '@tanstack/react-query';
import type { RecogniseResult } from '../../../contracts/attendance';
import type { SessionId } from '../../../contracts/ids';
import { ErrorMessage } from '../../components/ErrorMessage';
import { countOf } from '../../format';
import { attendanceMutations } from './queries';
import { MutationButton } from '../../components/BusyButton';

/**
 * "Recognise students" by hand: the core decides the workflow (a new class is grouped into
 * questions, a known class is matched to its students); this says in words what it did. The
 * session page runs it by itself when photos added there are done; the button is for photos
 * that finished while the page was closed.
 */
export function RecogniseButton({ sessionId }: { sessionId: SessionId }) {
  const mutation = useMutation({ mutationFn: () => attendanceMutations.recognise(sessionId) });
  return (
    <div className="recognise">
      <MutationButton className="secondary" mutation={mutation} busyLabel="Recognising students…">
        Recognise students
      </MutationButton>
      {mutation.isSuccess && (
        <p className="import-summary" role="status" aria-label="Recognition result">
          {describe(mutation.data)}
        </p>
      )}
      <ErrorMessage error={mutation.error} />
    </div>
  );
}

function describe(result: RecogniseResult): string {
  const parts: string[] = [];
  if (result.path === 'nothing-to-do') {
    parts.push('Every face is already answered.');
  } else if (result.path === 'cluster') {
    parts.push('New class: the faces are grouped by person for you to name.');
  } else {
    parts.push(`Matched ${countOf(result.facesAssigned, 'face')} to students of the class.`);
  }
  if (result.questions > 0) {
    parts.push(`${countOf(result.questions, 'person', 'people')} not yet named: see Who’s who.`);
  }
  if (result.photosProcessing > 0) {
    parts.push(
      `${countOf(result.photosProcessing, 'photo')} still being processed: run it again when they are done.`,
    );
  }
  return parts.join(' ');
}
