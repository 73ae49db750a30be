import type { UseQueryResult } from '@tanstack/react-query';
import { MissingView } from '../../components/MissingView';
import { Loading } from '../../components/QueryState';

/**
 * What a class's pages show until the class is read: "Opening the class…", or, when it could
 * not be read, why (a class deleted meanwhile, perhaps in another tab, is said in plain words).
 * Use: `if (!query.isSuccess) return <ClassNotReady query={query} />;`
 */
export function ClassNotReady({ query }: { query: UseQueryResult }) {
  if (query.isError) {
    return (
      <MissingView
        error={query.error}
        notFoundMessage="This class isn’t on this device any more. It may have been deleted."
      />
    );
  }
  return <Loading label="Opening the class…" />;
}
