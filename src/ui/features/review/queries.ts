import { queryOptions } from '@tanstack/react-query';
import type { ClassId, CropId, SessionId, StudentId } from '../../../contracts/ids';
import type { ReviewScope } from '../../../contracts/review';
import { callCore } from '../../query/call-core';

const scopeKey = (scope: ReviewScope) =>
  'sessionId' in scope ? `session:${scope.sessionId}` : `class:${scope.classId}`;

export const reviewKeys = {
  all: ['review'] as const,
  groups: (scope: ReviewScope) => [...reviewKeys.all, 'groups', scopeKey(scope)] as const,
};

export const reviewQueries = {
  /** Faces grouped by student, then unsorted groups (clustering's proposal), then "not a student". */
  groups: (scope: ReviewScope) =>
    queryOptions({
      queryKey: reviewKeys.groups(scope),
      queryFn: () => callCore((core) => core.listFaceGroups(scope)),
      meta: {
        tables: ['face_crops', 'students', 'crop_rejections', 'embeddings'],
        deferWhileProcessing: true,
      },
    }),
};

export const reviewMutations = {
  groupSession: (sessionId: SessionId) =>
    callCore((core) => core.clusterSessionCrops(sessionId, {})),
  /** The accuracy-improvement workflow: re-group every face of the class around its students. */
  regroupClass: (classId: ClassId) =>
    callCore((core) => core.clusterClassCrops(classId, { includeIdentified: true })),
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
  undo: (classId: ClassId) => callCore((core) => core.undoLastChange(classId)),
};
