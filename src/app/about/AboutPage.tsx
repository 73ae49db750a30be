// "Device & privacy" (#/about): what Rollcall does with the data in plain words, the facts a
// teacher needs (offline, storage), and, folded under "Technical details", what an IT admin
// checks (cross-origin isolation, where face analysis runs, the Content Security Policy).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { InferenceInfo } from '../../ui/features/photos/InferenceInfo';
import { formatBytes } from '../../ui/format';
import { usePageTitle } from '../../ui/use-page-title';
import { href } from '../../ui/router';
import { BackupSection } from '../../ui/features/backup/BackupSection';
import { ThreadSettingReset } from './ThreadSettingReset';
import { getStorageInfo, requestPersistentStorage, type StorageInfo } from './device-storage';

const storageQuery = {
  queryKey: ['device', 'storage'] as const,
  queryFn: getStorageInfo,
  meta: { tables: [] },
  staleTime: 0,
};

export function AboutPage() {
  const headingRef = usePageTitle('Device & privacy');
  return (
    <main className="page about">
      <p className="breadcrumb">
        <a href={href.classes()}>← All classes</a>
      </p>
      <h1 ref={headingRef} tabIndex={-1}>
        Device &amp; privacy
      </h1>
      <PrivacyStatement />
      <BackupSection />
      <Diagnostics />
    </main>
  );
}

function PrivacyStatement() {
  return (
    <section className="card" aria-labelledby="privacy-heading">
      <h2 id="privacy-heading">Privacy</h2>
      <p>
        <strong>Everything stays on this device.</strong> Photos, faces, names and attendance are
        stored in this browser on this device only. Face recognition runs here too, on this
        device&apos;s own processor.
      </p>
      <ul>
        <li>Nothing is uploaded or sent anywhere: there is no server, no account and no cloud.</li>
        <li>
          No analytics, no advertising, no tracking, and no fonts or scripts from other websites.
          The browser itself is told to refuse any connection to another website.
        </li>
        <li>
          Once Rollcall has been opened, it works with no internet connection at all: the app and
          its face models are kept on this device.
        </li>
        <li>
          Deleting a class deletes its students, sessions, photos and faces. Clearing this
          site&apos;s data in the browser settings deletes everything.
        </li>
        <li>
          Anyone who can use this browser profile can open Rollcall and see its data: keep the
          device locked.
        </li>
      </ul>
    </section>
  );
}

function Diagnostics() {
  return (
    <section className="card" aria-labelledby="diagnostics-heading">
      <h2 id="diagnostics-heading">This device</h2>
      <dl className="facts">
        <dt>Works offline</dt>
        <dd data-testid="offline-ready">{offlineReadiness()}</dd>
      </dl>
      <StorageFacts />
      <TechnicalDetails />
    </section>
  );
}

/** For an IT admin: the words a teacher does not need, folded away. */
function TechnicalDetails() {
  return (
    <details className="technical-details">
      <summary>Technical details</summary>
      <dl className="facts">
        <dt>Cross-origin isolated</dt>
        <dd data-testid="cross-origin-isolated">
          {!window.crossOriginIsolated
            ? 'No — face analysis uses one processor core'
            : typeof SharedArrayBuffer === 'undefined'
              ? 'Yes, but this browser does not share memory between threads: face analysis uses one processor core'
              : 'Yes — face analysis can use several processor cores'}
        </dd>
        <dt>Face analysis</dt>
        <dd>
          <InferenceInfo />
          <ThreadSettingReset />
        </dd>
        <dt>Content Security Policy</dt>
        <dd>
          Every page carries a strict policy (default-src &apos;self&apos;; connect-src
          &apos;self&apos;): the browser refuses any connection the page, its workers or its service
          worker try to make to another host.
        </dd>
      </dl>
    </details>
  );
}

function offlineReadiness(): string {
  if (import.meta.env.DEV) return 'Not on the development server (build and preview to try it)';
  if (!('serviceWorker' in navigator)) return 'No — this browser cannot keep the app offline';
  return navigator.serviceWorker.controller
    ? 'Yes — the app and its face models are kept on this device'
    : 'Not yet — the app is still being saved on this device; open Rollcall again shortly';
}

function StorageFacts() {
  const query = useQuery(storageQuery);
  const queryClient = useQueryClient();
  const [asked, setAsked] = useState(false);
  const info: StorageInfo | undefined = query.data;
  if (!info) return null;

  const ask = async () => {
    await requestPersistentStorage();
    setAsked(true);
    await queryClient.invalidateQueries({ queryKey: storageQuery.queryKey });
  };

  return (
    <dl className="facts">
      <dt>Storage used</dt>
      <dd data-testid="storage-usage">
        {info.usage === undefined || info.quota === undefined
          ? 'This browser does not say'
          : `${formatBytes(info.usage)} of ${formatBytes(info.quota)} available to Rollcall`}
      </dd>
      <dt>Persistent storage</dt>
      <dd data-testid="storage-persisted">
        {info.persisted === true &&
          'Yes — the browser will not delete Rollcall’s data to free up space'}
        {info.persisted === false && (
          <>
            No — if the device runs very low on space, the browser may delete Rollcall’s data.{' '}
            {asked ? (
              'The browser said no; installing Rollcall as an app usually makes it say yes.'
            ) : (
              <button type="button" className="secondary" onClick={() => void ask()}>
                Ask to keep data
              </button>
            )}
          </>
        )}
        {info.persisted === undefined && 'This browser does not say'}
      </dd>
    </dl>
  );
}
