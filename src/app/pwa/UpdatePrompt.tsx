// Registers the service worker (src/sw/service-worker.ts) and, when a new version of Rollcall
// has been downloaded, offers to switch to it. The new version waits until the teacher chooses
// "Reload": an update never replaces the app in the middle of a lesson.
import { useState } from 'react';
import { useRegisterSW } from 'virtual:pwa-register/react';

export function UpdatePrompt() {
  // "Later" holds for this page: the browser may report the same waiting version more than
  // once, and the prompt comes back only when Rollcall is next opened or reloaded.
  const [dismissed, setDismissed] = useState(false);

  const {
    needRefresh: [needRefresh],
    updateServiceWorker,
  } = useRegisterSW({
    onRegisterError: (error: unknown) => console.warn('Service worker registration failed', error),
  });

  const switchToNewVersion = async () => {
    // The register module reloads only pages that started under an older worker; a page that
    // saw the first install (and was claimed by it) must reload itself once the new one controls.
    navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), {
      once: true,
    });
    await updateServiceWorker(true);
  };

  if (!needRefresh || dismissed) return null;
  return (
    <div className="update-prompt" role="status" aria-label="Update available">
      <span>A new version of Rollcall is ready.</span>
      <button type="button" className="primary" onClick={() => void switchToNewVersion()}>
        Reload
      </button>
      <button type="button" className="secondary" onClick={() => setDismissed(true)}>
        Later
      </button>
    </div>
  );
}
