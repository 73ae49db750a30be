// The enrolment calls of the core API.
import type { EnrolmentApi } from '../../contracts/enrolment';
import { AppError } from '../../contracts/errors';
import type { CoreContext } from '../core-context';

// Placeholder until the enrolment service lands.
const notYet = (): Promise<never> => Promise.reject(new AppError('internal', 'Not available yet.'));

export function createEnrolmentApi(context: CoreContext): EnrolmentApi {
  void context;
  return {
    enrolStudentPhotos: notYet,
  };
}
