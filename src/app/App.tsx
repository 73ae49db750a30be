import { ClassPage } from '../ui/features/class-page/ClassPage';
import { ClassesPage } from '../ui/features/classes/ClassesPage';
import { ClassFacesPage } from '../ui/features/class-page/ClassFacesPage';
import { ClassSettingsPage } from '../ui/features/settings/ClassSettingsPage';
import { DiagnosticsPage } from '../ui/features/diagnostics/DiagnosticsPage';
import { ChangeNotice } from '../ui/features/history/ChangeNotice';
import { SessionPage } from '../ui/features/session-page/SessionPage';
import type { UndoPlace } from '../contracts/history';
import { AboutPage } from './about/AboutPage';
import { CoreStatusGate } from './CoreStatusGate';
import { NotFoundPage } from './NotFoundPage';
import { OfflineCopyProgress } from './pwa/OfflineCopyProgress';
import { UpdatePrompt } from './pwa/UpdatePrompt';
import { href, useRoute, type Route } from '../ui/router';

export function App() {
  const route = useRoute();
  return (
    <>
      <header className="app-bar">
        <a className="app-bar__name" href="#/">
          Rollcall
        </a>
        <span className="app-bar__note">Everything stays on this device</span>
        <a className="app-bar__link" href={href.about()}>
          Device &amp; privacy
        </a>
      </header>
      <UpdatePrompt />
      <OfflineCopyProgress />
      {/* The privacy statement and diagnostics show even while another tab has the data. */}
      {route.name === 'about' ? (
        <AboutPage />
      ) : (
        <CoreStatusGate>
          <Routes route={route} />
          <ChangeNotice place={undoPlace(route)} />
        </CoreStatusGate>
      )}
    </>
  );
}

/** Where Undo acts from: a lesson's page, or a class-wide page (the class, its faces). */
function undoPlace(route: Route): UndoPlace | null {
  switch (route.name) {
    case 'session':
      return { sessionId: route.sessionId };
    case 'class':
    case 'class-faces':
      return { classId: route.classId };
    default:
      return null;
  }
}

function Routes({ route }: { route: Exclude<Route, { name: 'about' }> }) {
  switch (route.name) {
    case 'classes':
      return <ClassesPage />;
    case 'class':
      return <ClassPage key={route.classId} classId={route.classId} />;
    case 'class-faces':
      return <ClassFacesPage key={route.classId} classId={route.classId} />;
    case 'class-settings':
      return <ClassSettingsPage key={route.classId} classId={route.classId} />;
    case 'diagnostics':
      return <DiagnosticsPage key={route.classId} classId={route.classId} />;
    case 'session':
      return <SessionPage key={route.sessionId} sessionId={route.sessionId} step={route.step} />;
    case 'not-found':
      return <NotFoundPage />;
  }
}
