// The data half of CoreApi, bound to one open database. The core worker exposes this next to
// its SystemApi; every method is a service call, so the services stay testable without a worker.
import type { CoreApi, SystemApi } from '../contracts/api';
import { createAttendanceApi } from './attendance/attendance-api';
import { createBackupApi } from './backup/backup-api';
import type { CoreContext } from './core-context';
import { createEnrolmentApi } from './enrolment/enrolment-api';
import { addPhotos, collectOrphanPhotos } from './photos/add-photos';
import { generateCropEmbedding, generateCropEmbeddings } from './photos/crop-embeddings';
import {
  deletePhoto,
  getFaceThumbnails,
  getPhotoFile,
  listSessionFaces,
} from './photos/photo-queries';
import { createDiagnosticsApi } from './diagnostics/diagnostics-api';
import { listChanges, undoLastChange } from './history/undo-history';
import { createReviewApi } from './review/review-api';
import { listAudit } from './services/audit';
import {
  createSettingsApi,
  assignmentServiceFor,
  clusteringServiceFor,
} from './settings/settings-api';
import { createClass, deleteClass, getClass, listClasses, renameClass } from './services/classes';
import {
  createSession,
  deleteSession,
  getSession,
  listSessionImages,
  listSessions,
  updateSession,
} from './services/sessions';
import {
  addStudent,
  deleteStudent,
  importRoster,
  listStudents,
  renameStudent,
} from './services/students';

export type DataApi = Omit<CoreApi, keyof SystemApi>;

export type { CoreContext };

export function createDataApi(context: CoreContext): DataApi {
  const { db, photos, processor, inference } = context;
  // Deleting rows that own photos leaves their bytes behind: collect them afterwards.
  const thenCollectPhotos = async <T>(work: Promise<T>): Promise<T> => {
    const result = await work;
    await collectOrphanPhotos(db, photos);
    return result;
  };
  return {
    listClasses: () => listClasses(db),
    getClass: (classId) => getClass(db, classId),
    createClass: (name) => createClass(db, name),
    renameClass: (classId, name) => renameClass(db, classId, name),
    deleteClass: (classId) => thenCollectPhotos(deleteClass(db, classId)),

    listStudents: (classId) => listStudents(db, classId),
    addStudent: (classId, name) => addStudent(db, classId, name),
    renameStudent: (studentId, name) => renameStudent(db, studentId, name),
    // A student's reference photos (enrolment) go with them.
    deleteStudent: (studentId) => thenCollectPhotos(deleteStudent(db, studentId)),
    importRoster: (classId, file) => importRoster(db, classId, file),

    listSessions: (classId) => listSessions(db, classId),
    getSession: (sessionId) => getSession(db, sessionId),
    createSession: (classId, input) => createSession(db, classId, input),
    updateSession: (sessionId, input) => updateSession(db, sessionId, input),
    deleteSession: (sessionId) => thenCollectPhotos(deleteSession(db, sessionId)),
    listSessionImages: (sessionId) => listSessionImages(db, sessionId),

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

    // With no model or preset given, the class's settings apply (src/core/settings).
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

    listAudit: (options) => listAudit(db, options),
    listChanges: (place) => listChanges(db, place),
    undoLastChange: (place, request) => undoLastChange(db, place, request),

    // Each of these areas keeps its calls in its own module.
    ...createReviewApi(context),
    ...createEnrolmentApi(context),
    ...createAttendanceApi(context),
    ...createBackupApi(context),
    ...createSettingsApi(context),
    ...createDiagnosticsApi(context),
  };
}
