// The review calls of the core API.
import type { ReviewApi } from '../../contracts/review';
import { AppError } from '../../contracts/errors';
import type { CoreContext } from '../core-context';

// Placeholder until the review service lands.
const notYet = (): Promise<never> => Promise.reject(new AppError('internal', 'Not available yet.'));

export function createReviewApi(context: CoreContext): ReviewApi {
  void context;
  return {
    listFaceGroups: notYet,
    confirmFaces: notYet,
    assignFacesToName: notYet,
    markNotAStudent: notYet,
    nameStudent: notYet,
    mergeStudents: notYet,
    splitFaces: notYet,
    undoLastChange: notYet,
  };
}
