// The data half of CoreApi, bound to one open database. The core worker exposes this next to
// its SystemApi; every method is a service call, so the services stay testable without a worker.
// Each area keeps its calls in src/core/<area>/<area>-api.ts (the contract: src/contracts/<area>.ts).
import type { CoreApi, SystemApi } from '../contracts/api';
import { createAssignmentApi } from './assignment/assignment-api';
import { createAttendanceApi } from './attendance/attendance-api';
import { createBackupApi } from './backup/backup-api';
import { createClassesApi } from './classes/classes-api';
import { createClusteringApi } from './clustering/clustering-api';
import type { CoreContext } from './core-context';
import { createDiagnosticsApi } from './diagnostics/diagnostics-api';
import { createEnrolmentApi } from './enrolment/enrolment-api';
import { createHistoryApi } from './history/history-api';
import { createPhotosApi } from './photos/photos-api';
import { createReviewApi } from './review/review-api';
import { createSessionsApi } from './sessions/sessions-api';
import { createSettingsApi } from './settings/settings-api';
import { createStudentsApi } from './students/students-api';

export type DataApi = Omit<CoreApi, keyof SystemApi>;

export type { CoreContext };

/** Each area's calls, by area (the data API is their union: one name belongs to one area). */
export function dataApiAreas(context: CoreContext) {
  return {
    classes: createClassesApi(context),
    students: createStudentsApi(context),
    sessions: createSessionsApi(context),
    photos: createPhotosApi(context),
    clustering: createClusteringApi(context),
    assignment: createAssignmentApi(context),
    review: createReviewApi(context),
    history: createHistoryApi(context),
    enrolment: createEnrolmentApi(context),
    attendance: createAttendanceApi(context),
    backup: createBackupApi(context),
    settings: createSettingsApi(context),
    diagnostics: createDiagnosticsApi(context),
  };
}

export function createDataApi(context: CoreContext): DataApi {
  const area = dataApiAreas(context);
  return {
    ...area.classes,
    ...area.students,
    ...area.sessions,
    ...area.photos,
    ...area.clustering,
    ...area.assignment,
    ...area.review,
    ...area.history,
    ...area.enrolment,
    ...area.attendance,
    ...area.backup,
    ...area.settings,
    ...area.diagnostics,
  };
}
