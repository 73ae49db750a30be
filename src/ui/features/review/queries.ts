import { queryOptions } from '@tanstack/react-query';
import type { ClassId, CropId, DismissedId, SessionId, StudentId } from '../../../contracts/ids';
import type { TableName } from '../../../contracts/events';
import type { ReviewScope } from '../../../contracts/review';
import { callCore } from '../../query/call-core';

/** A scope as one query-key part. */
export const scopeKey = (scope: ReviewScope) =>
  'sessionId' in scope ? `session:${scope.sessionId}` : `class:${scope.classId}`;

/** What every read of the review's faces, groups and people depends on (core-sync refreshes). */
export const REVIEW_TABLES: readonly TableName[] = [
  'face_crops',
  'students',
  'crop_rejections',
  'embeddings',
  'face_groups',
  'dismissed_people',
];

export const reviewKeys = {
  all: ['review'] as const,
  groups: (scope: ReviewScope) => [...reviewKeys.all, 'groups', scopeKey(scope)] as const,
};

export const reviewQueries = {
  /** Faces grouped by student, then the questions, then the dismissed people, then low quality. */
  groups: (scope: ReviewScope) =>
    queryOptions({
      queryKey: reviewKeys.groups(scope),
      queryFn: () => callCore((core) => core.listFaceGroups(scope)),
      meta: {
        tables: REVIEW_TABLES,
        deferWhileProcessing: true,
      },
    }),
};

export const reviewMutations = {
  /** "Recognise students" for the session: known faces assigned, the rest grouped into questions. */
  recogniseSession: (sessionId: SessionId) => callCore((core) => core.recogniseSession(sessionId)),
  /** The accuracy-improvement workflow: re-examine automatic decisions, re-form the questions. */
  improveClass: (classId: ClassId) => callCore((core) => core.improveClassRecognition(classId)),
  restoreDismissed: (dismissedId: DismissedId) =>
    callCore((core) => core.restoreDismissed(dismissedId)),
  confirm: (cropIds: CropId[], studentId: StudentId) =>
    callCore((core) => core.confirmFaces(cropIds, studentId)),
  assignToName: (cropIds: CropId[], name: string) =>
    callCore((core) => core.assignFacesToName(cropIds, name)),
  notAStudent: (cropIds: CropId[]) => callCore((core) => core.markNotAStudent(cropIds)),
  name: (studentId: StudentId, name: string) =>
    callCore((core) => core.nameStudent(studentId, name)),
  merge: (fromId: StudentId, intoId: StudentId) =>
    callCore((core) => core.mergeStudents(fromId, intoId)),
  split: (cropIds: CropId[]) => callCore((core) => core.splitFaces(cropIds)),
};
