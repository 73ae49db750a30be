import { queryOptions } from '@tanstack/react-query';
import type { ClusteringCheckOptions, ClusteringCheckScope } from '../../../contracts/diagnostics';
import type { CropId } from '../../../contracts/ids';
import { callCore } from '../../query/call-core';

export const diagnosticsKeys = {
  all: ['diagnostics'] as const,
  embeddings: (cropId: CropId) => [...diagnosticsKeys.all, 'embeddings', cropId] as const,
  thumbnail: (cropId: CropId) => [...diagnosticsKeys.all, 'thumbnail', cropId] as const,
};

export const diagnosticsQueries = {
  embeddings: (cropId: CropId) =>
    queryOptions({
      queryKey: diagnosticsKeys.embeddings(cropId),
      queryFn: () => callCore((core) => core.inspectCropEmbeddings(cropId)),
      meta: { tables: ['classes', 'face_crops', 'embeddings'] },
    }),
  thumbnail: (cropId: CropId) =>
    queryOptions({
      queryKey: diagnosticsKeys.thumbnail(cropId),
      queryFn: async () =>
        (await callCore((core) => core.getFaceThumbnails([cropId])))[0]?.jpeg ?? null,
      meta: { tables: ['face_crops'] },
      gcTime: 10_000,
    }),
};

export const diagnosticsCalls = {
  compare: (a: CropId, b: CropId) => callCore((core) => core.compareCrops(a, b)),
  verifyClustering: (scope: ClusteringCheckScope, options: ClusteringCheckOptions) =>
    callCore((core) => core.verifyClustering(scope, options)),
};
