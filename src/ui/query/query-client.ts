import { QueryClient } from '@tanstack/react-query';
import './register';

/**
 * Data only changes through the core worker, which reports every committed change; so
 * nothing is ever stale by age and nothing polls or refetches on focus. Local calls do not
 * fail transiently, so nothing is retried either.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: Infinity,
        retry: false,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
        networkMode: 'always',
      },
      mutations: { retry: false, networkMode: 'always' },
    },
  });
}
