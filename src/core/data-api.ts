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

export function createDataApi(context: CoreContext): DataApi {
  return {
    ...createClassesApi(context),
    ...createStudentsApi(context),
    ...createSessionsApi(context),
    ...createPhotosApi(context),
    ...createClusteringApi(context),
    ...createAssignmentApi(context),
    ...createReviewApi(context),
    ...createHistoryApi(context),
    ...createEnrolmentApi(context),
    ...createAttendanceApi(context),
    ...createBackupApi(context),
    ...createSettingsApi(context),
    ...createDiagnosticsApi(context),
  };
}
