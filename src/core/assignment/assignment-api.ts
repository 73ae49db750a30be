// The assignment calls of the core API (the card's assign-crops endpoints). With no model or
// preset given, the class's settings apply (src/core/settings).
import type { AssignmentApi } from '../../contracts/assignment';
import type { CoreContext } from '../core-context';
import { assignmentServiceFor } from '../settings/settings-api';

export function createAssignmentApi(context: CoreContext): AssignmentApi {
  return {
    assignCrop: async (cropId, options = {}) =>
      (await assignmentServiceFor(context, { cropId }, options)).assignCrop(cropId, options),
    assignSessionCrops: async (sessionId, options = {}) =>
      (await assignmentServiceFor(context, { sessionId }, options)).assignSessionCrops(
        sessionId,
        options,
      ),
    assignClassCrops: async (classId, options = {}) =>
      (await assignmentServiceFor(context, { classId }, options)).assignClassCrops(
        classId,
        options,
      ),
  };
}
