import { ClassPage } from '../ui/features/class/ClassPage';
import { ClassesPage } from '../ui/features/classes/ClassesPage';
import { SessionPage } from '../ui/features/session/SessionPage';
import { CoreStatusGate } from './CoreStatusGate';
import { NotFoundPage } from './NotFoundPage';
import { useRoute } from './router';

export function App() {
  return (
    <>
      <header className="app-bar">
        <a className="app-bar__name" href="#/">
          Rollcall
        </a>
        <span className="app-bar__note">Everything stays on this device</span>
      </header>
      <CoreStatusGate>
        <Routes />
      </CoreStatusGate>
    </>
  );
}

function Routes() {
  const route = useRoute();
  switch (route.name) {
    case 'classes':
      return <ClassesPage />;
    case 'class':
      return <ClassPage key={route.classId} classId={route.classId} />;
    case 'session':
      return <SessionPage key={route.sessionId} sessionId={route.sessionId} />;
    case 'not-found':
      return <NotFoundPage />;
  }
}
