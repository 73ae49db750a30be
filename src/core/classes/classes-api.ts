// The class calls of the core API.
import type { ClassesApi } from '../../contracts/classes';
import type { CoreContext } from '../core-context';
import { thenCollectPhotos } from '../photos/photos-api';
import { createClass, deleteClass, getClass, listClasses, renameClass } from './classes';

export function createClassesApi(context: CoreContext): ClassesApi {
  const { db } = context;
  return {
    listClasses: () => listClasses(db),
    getClass: (classId) => getClass(db, classId),
    createClass: (name) => createClass(db, name),
    renameClass: (classId, name) => renameClass(db, classId, name),
    deleteClass: (classId) => thenCollectPhotos(context, deleteClass(db, classId)),
  };
}
