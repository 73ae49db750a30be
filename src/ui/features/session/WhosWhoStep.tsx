import type { ClassId, SessionId } from '../../../contracts/ids';
import { ReviewQueue } from '../attendance/ReviewQueue';
import { FACES_BY_PERSON_ID } from '../review/anchors';
import { FaceGroupsReview } from '../review/FaceGroupsReview';

/**
 * The "Who's who" step: the lesson's open questions (people not yet named) and the faces to
 * check. One component on purpose, so the review screens it shows can be swapped in one place.
 */
export function WhosWhoStep({ sessionId, classId }: { sessionId: SessionId; classId: ClassId }) {
  return (
    <>
      <FaceGroupsReview scope={{ sessionId }} classId={classId} id={FACES_BY_PERSON_ID} />
      <div className="card">
        <ReviewQueue sessionId={sessionId} classId={classId} />
      </div>
    </>
  );
}
