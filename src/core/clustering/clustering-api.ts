// The clustering calls of the core API (the card's cluster-crops endpoints). With no model or
// preset given, the class's settings apply (src/core/settings).
import type { ClusteringApi } from '../../contracts/clustering';
import type { CoreContext } from '../core-context';
import { clusteringServiceFor } from '../settings/settings-api';

export function createClusteringApi(context: CoreContext): ClusteringApi {
  return {
    clusterSessionCrops: async (sessionId, options = {}) =>
      (await clusteringServiceFor(context, { sessionId }, options)).clusterSessionCrops(
        sessionId,
        options,
      ),
    clusterClassCrops: async (classId, options = {}) =>
      (await clusteringServiceFor(context, { classId }, options)).clusterClassCrops(
        classId,
        options,
      ),
  };
}
