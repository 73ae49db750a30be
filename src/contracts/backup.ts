// Backup and restore of everything on this device, and the data check behind both.

/** Where a backup being written stands; sent after each step so the UI can show a bar. */
export interface BackupProgress {
  /** Steps done so far: one per table, then one per photo. */
  done: number;
  total: number;
}

export interface BackupFile {
  /** A suggested file name, e.g. rollcall-backup-2026-11-25.rollcall */
  fileName: string;
  file: Blob;
  /** What the file holds, for the "Backup saved" message. */
  summary: BackupSummary;
}

export interface BackupSummary {
  classes: number;
  students: number;
  sessions: number;
  photos: number;
  /** Rows per table, every table of the schema. */
  rowCounts: Record<string, number>;
  /** The data version (latest migration) the backup was written at. */
  schemaVersion: number;
  createdAt: string;
}

/** One thing the database check found wrong; `check` names the rule, `message` says where. */
export interface ConsistencyProblem {
  check: string;
  message: string;
}

export interface ConsistencyReport {
  ok: boolean;
  problems: ConsistencyProblem[];
  /** Rows per table, to show what was checked. */
  rowCounts: Record<string, number>;
  /** Photo files in the photo store. */
  storedPhotos: number;
}

export interface BackupApi {
  /**
   * Writes every table and every photo into one file. `onProgress` (a comlink proxy) hears each
   * step; when it returns `false` the backup stops with a 'cancelled' error.
   */
  exportBackup(onProgress?: (progress: BackupProgress) => boolean | void): Promise<BackupFile>;
  /**
   * Restores a backup file into this device, which must hold no data yet (a 'conflict' error
   * says to delete all data first). A corrupt, cut-off or newer file is refused with a
   * 'validation' error; a refused or failed restore changes nothing.
   */
  restoreBackup(file: Blob): Promise<BackupSummary>;
  /** Checks the rules the schema can't enforce on its own (see src/db/consistency.ts). */
  checkDatabase(): Promise<ConsistencyReport>;
}
