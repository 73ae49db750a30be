import { useState } from 'react';
import { getCore } from '../../client/core-client';
import { ConfirmDialog } from '../../ui/components/ConfirmDialog';
import { StatusScreen } from './StatusScreen';

interface NewerDatabaseScreenProps {
  databaseVersion: number;
  appVersion: number;
}

const CONFIRM_WORD = 'DELETE';

/**
 * The data was written by a newer Rollcall than this one (e.g. an old copy from the browser's
 * cache). Reloading usually fetches the newer app; deleting everything is the last resort.
 */
export function NewerDatabaseScreen({ databaseVersion, appVersion }: NewerDatabaseScreenProps) {
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const deleteAll = async () => {
    setPending(true);
    setError(null);
    try {
      await getCore().deleteAllData();
      setConfirming(false);
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  };

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
        <button type="button" className="primary" onClick={() => window.location.reload()}>
          Reload
        </button>
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          Delete all data on this device
        </button>
      </div>
      {confirming && (
        <ConfirmDialog
          title="Delete all data on this device?"
          confirmLabel="Delete all data"
          typeToConfirm={CONFIRM_WORD}
          pending={pending}
          error={error}
          onConfirm={() => void deleteAll()}
          onCancel={() => setConfirming(false)}
        >
          <p>
            Every class, student, session, photo and attendance record stored by Rollcall in this
            browser will be erased. This can’t be undone.
          </p>
        </ConfirmDialog>
      )}
    </StatusScreen>
  );
}
