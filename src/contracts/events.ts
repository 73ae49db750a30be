import type { PhotoProgress } from './photos';

// Events the core worker pushes to the UI. The UI never polls: TanStack Query invalidates the
// queries that read a table when a 'db-changed' event names it.
export const TABLES = [
  'classes',
  'students',
  'sessions',
  'session_images',
  'face_crops',
  'crop_rejections',
  'embeddings',
  'attendance',
  'audit_log',
  'face_groups',
  'dismissed_people',
] as const;
export type TableName = (typeof TABLES)[number];

/**
 * Work this tab had started that the hand-over to another tab did not let finish (it failed, or
 * it was stopped and changed nothing), in words for the teacher: what it was, and what happened.
 */
export interface UnsavedWork {
  what: string;
  outcome: string;
}

/**
 * Where the core worker stands. Only one tab at a time may own the database: a second tab
 * waits ('waiting-for-other-tab') until the first closes or hands over ('handed-over'). A tab
 * hands over only after the work in flight has finished; `unsaved` lists what did not.
 */
export type CoreStatus =
  | { state: 'starting' }
  | { state: 'waiting-for-other-tab' }
  | { state: 'ready'; migrations: number }
  | { state: 'handed-over'; unsaved: UnsavedWork[] }
  | { state: 'newer-database'; databaseVersion: number; appVersion: number }
  | { state: 'failed'; code: string; message: string };

export type CoreEvent =
  | { type: 'db-changed'; tables: TableName[] }
  | { type: 'photo-progress'; progress: PhotoProgress }
  | { type: 'status'; status: CoreStatus };
