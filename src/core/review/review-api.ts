// The review calls of the core API.
import type { ReviewApi } from '../../contracts/review';
import type { CoreContext } from '../core-context';
import { listFaceGroups, listQuestions } from './face-groups';
import {
  assignFacesToName,
  confirmFaces,
  markNotAStudent,
  mergeStudents,
  nameStudent,
  restoreDismissed,
  splitFaces,
} from './face-review';
import { listWhosWho } from './whos-who';

export function createReviewApi(context: CoreContext): ReviewApi {
  const { db } = context;
  return {
    listFaceGroups: (scope) => listFaceGroups(context, scope),
    listQuestions: (scope) => listQuestions(context, scope),
    listWhosWho: (scope) => listWhosWho(context, scope),
    confirmFaces: (cropIds, studentId) => confirmFaces(db, cropIds, studentId),
    assignFacesToName: (cropIds, name) => assignFacesToName(db, cropIds, name),
    markNotAStudent: (cropIds) => markNotAStudent(db, cropIds),
    restoreDismissed: (dismissedId) => restoreDismissed(db, dismissedId),
    nameStudent: (studentId, name) => nameStudent(db, studentId, name),
    mergeStudents: (fromId, intoId) => mergeStudents(db, fromId, intoId),
    splitFaces: (cropIds) => splitFaces(db, cropIds),
  };
}
