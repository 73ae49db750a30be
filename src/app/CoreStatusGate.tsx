import { useEffect, useState, type ReactNode } from 'react';
import { FailedScreen } from './status/FailedScreen';
import { NewerDatabaseScreen } from './status/NewerDatabaseScreen';
import { OtherTabScreen } from './status/OtherTabScreen';
import { StatusScreen } from './status/StatusScreen';
import { useCoreStatus } from '../ui/use-core-status';

/**
 * While reloading, this tab's new worker can ask for the database a moment before the old
 * one has let go of it; for that long, "waiting for another tab" is shown as "opening".
 */
const WAITING_GRACE_MS = 800;

/** Renders the app only once the database is open in this tab; a status screen until then. */
export function CoreStatusGate({ children }: { children: ReactNode }) {
  const status = useCoreStatus();
  const graceOver = useDelay(WAITING_GRACE_MS);

  switch (status.state) {
    case 'ready':
      return children;
    case 'starting':
      return <OpeningScreen />;
    case 'waiting-for-other-tab':
      return graceOver ? <OtherTabScreen variant="waiting" /> : <OpeningScreen />;
    case 'handed-over':
      return <OtherTabScreen variant="handed-over" unsaved={status.unsaved} />;
    case 'newer-database':
      return (
        <NewerDatabaseScreen
          databaseVersion={status.databaseVersion}
          appVersion={status.appVersion}
        />
      );
    case 'failed':
      return <FailedScreen message={status.message} />;
  }
}

function OpeningScreen() {
  return <StatusScreen title="Opening your classes…" busy />;
}

function useDelay(ms: number): boolean {
  const [over, setOver] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setOver(true), ms);
    return () => clearTimeout(timer);
  }, [ms]);
  return over;
}
