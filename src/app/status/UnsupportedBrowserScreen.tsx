import type { MissingFeature } from '../browser-support';
import { ReloadButton, StatusScreen } from './StatusScreen';

/** Shown instead of the app when the browser lacks something Rollcall cannot work without. */
export function UnsupportedBrowserScreen({ missing }: { missing: MissingFeature[] }) {
  const refusedOnly = missing.every((m) => m.id === 'storage-refused');
  return (
    <StatusScreen title="Rollcall can’t run in this browser">
      <p>This browser does not give Rollcall:</p>
      <ul aria-label="What is missing">
        {missing.map((m) => (
          <li key={m.id}>{m.what}</li>
        ))}
      </ul>
      {refusedOnly ? (
        <p>
          If this is a private window, open Rollcall in a normal window. Otherwise allow this site
          to store data in the browser’s settings, then reload.
        </p>
      ) : (
        <p>
          Open Rollcall in an up-to-date Chrome, Edge, Firefox or Safari (on an iPad: iPadOS 16 or
          later).
        </p>
      )}
      <p>Nothing was stored or sent anywhere.</p>
      <div className="button-row">
        <ReloadButton />
      </div>
    </StatusScreen>
  );
}
