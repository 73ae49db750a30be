// The backup calls of the core API: writing and restoring a backup, and the data check.
import type { BackupApi } from '../../contracts/backup';
import { checkConsistency, checkPhotoBytes, countTableRows } from '../../db/consistency';
import { bundledMigrations } from '../../db/migrations';
import type { CoreContext } from '../core-context';
import { backupFileName, dumpBackup } from './dump';
import { restoreBackup } from './restore';

export function createBackupApi(context: CoreContext): BackupApi {
  const { db, photos, processor, handOver } = context;
  return {
    exportBackup: async (onProgress) => {
      const now = new Date();
      const { file, summary } = await dumpBackup(db, photos, {
        now,
        ...(onProgress && { onProgress }),
      });
      return { fileName: backupFileName(now), file, summary };
    },
    restoreBackup: async (file) => {
      const summary = await restoreBackup(db, photos, file, bundledMigrations, handOver);
      // Photos that were waiting or being processed when the backup was made carry on here.
      void processor.kick();
      return summary;
    },
    checkDatabase: async () => {
      const storedIds = await photos.keys();
      const problems = [...(await checkConsistency(db)), ...(await checkPhotoBytes(db, storedIds))];
      return {
        ok: problems.length === 0,
        problems,
        rowCounts: await countTableRows(db),
        storedPhotos: storedIds.length,
      };
    },
  };
}
