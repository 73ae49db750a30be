import { DeleteAllDataButton } from '../../ui/components/DeleteAllDataButton';
import { ReloadButton, StatusScreen } from './StatusScreen';

interface NewerDatabaseScreenProps {
  databaseVersion: number;
  appVersion: number;
}

/**
 * The data was written by a newer Rollcall than this one (e.g. an old copy from the browser's
 * cache). Reloading usually fetches the newer app; deleting everything is the last resort.
 */
export function NewerDatabaseScreen({ databaseVersion, appVersion }: NewerDatabaseScreenProps) {
  return (
    <StatusScreen title="This data needs a newer Rollcall">
      <p>
        The data on this device was saved by a newer version of Rollcall than the one open now (data
        version {databaseVersion}; this version understands up to version {appVersion}). Nothing has
        been changed or lost.
      </p>
      <p>
        Reload the page to get the newest version. If that doesn’t help, you can delete all data on
        this device and start again.
      </p>
      <div className="button-row">
        <ReloadButton />
        <DeleteAllDataButton />
      </div>
    </StatusScreen>
  );
}
