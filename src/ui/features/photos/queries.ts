import { queryOptions } from '@tanstack/react-query';
import { transfer } from 'comlink';
import type { ImageId, SessionId } from '../../../contracts/ids';
import { callCore } from '../../query/call-core';

export const photoKeys = {
  all: ['photos'] as const,
  faces: (sessionId: SessionId) => [...photoKeys.all, 'faces', sessionId] as const,
  file: (imageId: ImageId) => [...photoKeys.all, 'file', imageId] as const,
  inferenceInfo: () => [...photoKeys.all, 'inference-info'] as const,
};

export const photoQueries = {
  /** Every face found in the session's photos (each face lists its embedding models). */
  faces: (sessionId: SessionId) =>
    queryOptions({
      queryKey: photoKeys.faces(sessionId),
      queryFn: () => callCore((core) => core.listSessionFaces(sessionId)),
      meta: { tables: ['face_crops', 'embeddings'] },
    }),
  /** A photo's bytes never change; they are dropped from memory soon after the photo is hidden. */
  file: (imageId: ImageId) =>
    queryOptions({
      queryKey: photoKeys.file(imageId),
      queryFn: () => callCore((core) => core.getPhotoFile(imageId)),
      meta: { tables: [] },
      gcTime: 10_000,
    }),
  /** Where face analysis runs; refreshed when it falls back to one thread (InferenceInfo). */
  inferenceInfo: () =>
    queryOptions({
      queryKey: photoKeys.inferenceInfo(),
      queryFn: () => callCore((core) => core.getInferenceInfo()),
      meta: { tables: [] },
      staleTime: Infinity,
    }),
};

export const photoMutations = {
  /** Reads the files in the browser (off the main thread's critical path) and adds them at once. */
  add: async (sessionId: SessionId, files: readonly File[]) => {
    const payload = await Promise.all(
      files.map(async (file) => ({
        fileName: file.name,
        bytes: new Uint8Array(await file.arrayBuffer()),
      })),
    );
    // The bytes are moved to the core worker, not copied.
    const buffers = payload.map((file) => file.bytes.buffer);
    return callCore((core) => core.addPhotos(sessionId, transfer(payload, buffers)));
  },
  cancel: (sessionId: SessionId) => callCore((core) => core.cancelProcessing(sessionId)),
  retry: (imageIds: readonly ImageId[]) => callCore((core) => core.retryPhotos([...imageIds])),
  remove: (imageId: ImageId) => callCore((core) => core.deletePhoto(imageId)),
};
