// The one typed contract between the UI and the core worker. The worker implements CoreApi;
// the UI holds a comlink Remote<CoreApi>. Renaming a method is a compile error on both sides.
// Each area's calls are in src/contracts/<area>.ts (and implemented in src/core/<area>/<area>-api.ts);
// this file joins them, with the calls about the worker itself (SystemApi).
import type { AssignmentApi } from './assignment';
import type { AttendanceApi } from './attendance';
import type { BackupApi } from './backup';
import type { ClassesApi } from './classes';
import type { ClusteringApi } from './clustering';
import type { DiagnosticsApi } from './diagnostics';
import type { EnrolmentApi } from './enrolment';
import type { CoreEvent, CoreStatus } from './events';
import type { AuditApi, HistoryApi } from './history';
import type { ImageId } from './ids';
import type { InferenceHost } from './inference';
import type { EmbeddingsApi, PhotosApi } from './photos';
import type { ReviewApi } from './review';
import type { SessionsApi } from './sessions';
import type { SettingsApi } from './settings';
import type { StudentsApi } from './students';

export interface SystemApi {
  /** Registers a listener for core events; returns once the current status has been sent. */
  subscribe(listener: (event: CoreEvent) => void): Promise<void>;
  getStatus(): Promise<CoreStatus>;
  /** Asks the tab that owns the database to hand it over to this one. */
  requestTakeover(): Promise<void>;
  /**
   * Photos whose processing stopped because their page unloaded (a reload, a closed tab), not
   * because they crashed it: they resume without counting a failed attempt.
   */
  notePhotosStoppedByUnload(imageIds: ImageId[]): Promise<void>;
  /** Erases every class, photo and face on this device. Works even when the data can't be opened. */
  deleteAllData(): Promise<void>;
  /** The page hands over its inference worker starter (see InferenceHost); called once. */
  attachInferenceHost(host: InferenceHost): Promise<void>;
}

export type CoreApi = ClassesApi &
  StudentsApi &
  SessionsApi &
  PhotosApi &
  EmbeddingsApi &
  ClusteringApi &
  AssignmentApi &
  ReviewApi &
  HistoryApi &
  EnrolmentApi &
  AttendanceApi &
  BackupApi &
  SettingsApi &
  DiagnosticsApi &
  AuditApi &
  SystemApi;
