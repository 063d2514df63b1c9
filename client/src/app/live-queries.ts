/**
 * Live events → query cache (docs/client.md "Data fetching"): each event of the live channel marks
 * the cached resources it changes stale (the mapping: lib/live-invalidation.ts), so pages reading
 * through `useQuery` refresh without a reload; a `resync` (the gap could not be replayed) marks
 * everything stale. Bursts (a feed run announces many items) are coalesced into one invalidation
 * per key.
 */
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { invalidationsFor, type Invalidation } from '../lib/live-invalidation';
import { useLiveEvents } from './live';

/** Waits this long after an event for more of its kind before asking the server again. */
const COALESCE_MS = 150;

function flush(client: QueryClient, pending: Map<string, Invalidation>): void {
  for (const { key, refetch } of pending.values()) void client.invalidateQueries({ queryKey: key, refetchType: refetch });
  pending.clear();
}

/** Mounted once inside the QueryClientProvider and the LiveProvider (app/AuthenticatedApp.tsx). */
export function LiveQueries(): null {
  const client = useQueryClient();
  const pending = useRef(new Map<string, Invalidation>());
  const timer = useRef<number | undefined>(undefined);
  useLiveEvents(
    (event) => {
      const changes = invalidationsFor(event);
      if (changes.length === 0) return;
      for (const change of changes) {
        const id = JSON.stringify(change.key);
        // 'active' wins over 'none' when both arrive for the same key within one burst.
        if (pending.current.get(id)?.refetch !== 'active') pending.current.set(id, { key: change.key, refetch: change.refetch ?? 'active' });
      }
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => flush(client, pending.current), COALESCE_MS);
    },
    () => void client.invalidateQueries(),
  );
  useEffect(() => () => window.clearTimeout(timer.current), []);
  return null;
}
