// The backup calls of the core API.
import type { BackupApi } from '../../contracts/backup';
import type { CoreContext } from '../core-context';

export function createBackupApi(context: CoreContext): BackupApi {
  void context;
  return {};
}
