import type { RecogniseResult } from '../../../contracts/attendance';
import { countOf } from '../../format';

/**
 * What the recognition run after a batch of photos did, in a sentence, above the steps (the
 * page may just have moved the teacher on because of it).
 */
export function RecognitionNotice({
  pending,
  result,
}: {
  pending: boolean;
  result: RecogniseResult | undefined;
}) {
  return (
    <p className="recognition-notice no-print" role="status" data-testid="recognition-notice">
      {pending ? 'Photos done. Recognising the students…' : result ? describe(result) : ''}
    </p>
  );
}

function describe(result: RecogniseResult): string {
  const named =
    result.path === 'assign' && result.facesAssigned > 0
      ? `Recognised ${countOf(result.facesAssigned, 'face')}.`
      : 'Photos done.';
  const questions =
    result.questions > 0
      ? ` ${countOf(result.questions, 'person', 'people')} to name in Who’s who.`
      : ' Everyone in the photos is named.';
  return named + questions;
}
