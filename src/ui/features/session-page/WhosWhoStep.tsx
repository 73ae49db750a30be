import type { ClassId, SessionId } from '../../../contracts/ids';
import { FACES_BY_PERSON_ID } from '../review/anchors';
import { WhosWho } from '../review/WhosWho';

/**
 * The "Who's who" step: the lesson's open questions (people not yet named), answered in one
 * grid. One component on purpose, so the review screen it shows can be swapped in one place.
 */
export function WhosWhoStep({
  sessionId,
  classId,
  movedOnHere,
}: {
  sessionId: SessionId;
  classId: ClassId;
  /** The page moved on to this step by itself: the first question takes the focus. */
  movedOnHere: boolean;
}) {
  return (
    <WhosWho
      sessionId={sessionId}
      classId={classId}
      id={FACES_BY_PERSON_ID}
      focusFirstQuestion={movedOnHere}
    />
  );
}
