// Registers the service worker (src/sw/service-worker.ts) and, when a new version of Rollcall
// has been downloaded, offers to switch to it. The new version waits until the teacher chooses
// "Reload": an update never replaces the app in the middle of a lesson.
import { useRegisterSW } from 'virtual:pwa-register/react';

export function UpdatePrompt() {
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    updateServiceWorker,
  } = useRegisterSW({
    onRegisterError: (error: unknown) => console.warn('Service worker registration failed', error),
  });

  if (!needRefresh) return null;
  return (
    <div className="update-prompt" role="status" aria-label="Update available">
      <span>A new version of Rollcall is ready.</span>
      <button type="button" className="primary" onClick={() => void updateServiceWorker(true)}>
        Reload
      </button>
      <button type="button" className="secondary" onClick={() => setNeedRefresh(false)}>
        Later
      </button>
    </div>
  );
}
