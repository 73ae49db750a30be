import { ErrorMessage } from './ErrorMessage';

/** What a section shows while its query loads or after it failed. */
export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="loading" role="status">
      {label}
    </p>
  );
}

export function LoadFailed({ error }: { error: unknown }) {
  return <ErrorMessage error={error} />;
}
