import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ErrorMessage } from './ErrorMessage';

/** What a section shows while its query loads or after it failed. */
export function Loading({ label = 'Loading…' }: { label?: string | undefined }) {
  return (
    <p className="loading" role="status">
      {label}
    </p>
  );
}

export function LoadFailed({ error }: { error: unknown }) {
  return <ErrorMessage error={error} />;
}

/** A query's data through `children`, or what to show while it loads or after it failed. */
export function QueryResult<T>({
  query,
  loading,
  children,
}: {
  query: UseQueryResult<T>;
  /** What is loading, in words: "Loading the attendance…". */
  loading?: string;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Loading label={loading} />;
  if (query.isError) return <LoadFailed error={query.error} />;
  return children(query.data);
}
