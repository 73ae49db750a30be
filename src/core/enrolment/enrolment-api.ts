// The enrolment calls of the core API.
import type { EnrolmentApi } from '../../contracts/enrolment';
import type { CoreContext } from '../core-context';
import { enrolStudentPhotos, listReferenceFaces } from './enrol-photos';

export function createEnrolmentApi(context: CoreContext): EnrolmentApi {
  return {
    enrolStudentPhotos: (studentId, files) => enrolStudentPhotos(context, studentId, files),
    listReferenceFaces: (studentId) => listReferenceFaces(context, studentId),
  };
}
