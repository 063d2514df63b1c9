/**
 * Data fetching through TanStack Query (docs/client.md "Data fetching"): one QueryClient per
 * signed-in session (app/AuthenticatedApp.tsx, so nothing cached outlives a logout), the query keys
 * of every resource the pages read, and `getJson` as the query function over lib/api.ts. Live
 * events mark keys stale (app/live-queries.ts); pages never reload data by hand.
 */
import { QueryClient } from '@tanstack/react-query';
import { ApiError, api, type RequestOptions } from './api';

export { queryKeys } from './query-keys';

/** `GET path` as a query function: TanStack's abort signal cancels an answer no one waits for. */
export function getJson<T>(path: string, query?: RequestOptions['query']) {
  return ({ signal }: { signal: AbortSignal }) => api.get<T>(path, { query, signal });
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Live events say when data changed (app/live-queries.ts); until then a cached answer is
        // shown at once when a page is opened again, and read again in the background.
        staleTime: 30_000,
        // A 4xx will not get better by asking again; a network error or 5xx is retried once.
        retry: (failures, error) => failures < 1 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
        // The live channel keeps pages current; focusing the tab must not refetch every query.
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
}
