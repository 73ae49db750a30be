// The photo and face-embedding calls of the core API.
import type { EmbeddingsApi, PhotosApi } from '../../contracts/photos';
import type { CoreContext } from '../core-context';
import { addPhotos, collectOrphanPhotos } from './add-photos';
import { generateCropEmbedding, generateCropEmbeddings } from './crop-embeddings';
import { deletePhoto, getFaceThumbnails, getPhotoFile, listSessionFaces } from './photo-queries';

/** Deleting rows that own photos leaves their bytes behind: collect them afterwards. */
export async function thenCollectPhotos<T>(context: CoreContext, work: Promise<T>): Promise<T> {
  const result = await work;
  await collectOrphanPhotos(context.db, context.photos);
  return result;
}

export function createPhotosApi(context: CoreContext): PhotosApi & EmbeddingsApi {
  const { db, photos, processor, inference } = context;
  return {
    addPhotos: async (sessionId, files) => {
      const result = await addPhotos(db, photos, sessionId, files);
      void processor.kick();
      return result;
    },
    cancelProcessing: (sessionId) => processor.cancelSession(sessionId),
    retryPhotos: (imageIds) => processor.retry(imageIds),
    deletePhoto: async (imageId) => {
      await deletePhoto(db, photos, imageId);
      await processor.cancelImage(imageId);
    },
    getPhotoFile: (imageId) => getPhotoFile(db, photos, imageId),
    listSessionFaces: (sessionId) => listSessionFaces(db, sessionId),
    getFaceThumbnails: (cropIds) => getFaceThumbnails(db, cropIds),
    getInferenceInfo: () => inference.getRuntimeInfo(),

    generateCropEmbedding: (cropId, options) =>
      generateCropEmbedding(db, photos, inference, cropId, options?.modelName),
    generateCropEmbeddingsBatch: async ({ faceCropIds, modelName }) => {
      const results = await generateCropEmbeddings(db, photos, inference, faceCropIds, modelName);
      const succeeded = results.filter((r) => r.ok).length;
      return { results, succeeded, failed: results.length - succeeded };
    },
  };
}
