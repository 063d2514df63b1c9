import { useCallback, useEffect, useState } from 'react';
import type { ApiError } from './api';
import { toApiError } from './use-resource';

type Page<T> = { items: T[]; next: string | null };

/**
 * A cursor-paged list ("load more"): the first page again whenever `load` changes (new filters;
 * an older answer is aborted), further pages appended on `loadMore`.
 */
export function useCursorPages<T>(load: (cursor: string | undefined, signal?: AbortSignal) => Promise<Page<T>>) {
  const [items, setItems] = useState<T[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [status, setStatus] = useState<'loading' | 'ready' | 'more'>('loading');
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    setStatus('loading');
    setError(null);
    load(undefined, controller.signal)
      .then((page) => {
        // An answer that arrived as the filters changed is stale: the effect's next run loads.
        if (controller.signal.aborted) return;
        setItems(page.items);
        setNext(page.next);
        setStatus('ready');
      })
      .catch((caught: unknown) => {
        if (controller.signal.aborted) return;
        setError(toApiError(caught));
        setStatus('ready');
      });
    return () => controller.abort();
  }, [load]);

  const loadMore = useCallback(async () => {
    if (!next) return;
    setStatus('more');
    try {
      const page = await load(next);
      setItems((previous) => [...previous, ...page.items]);
      setNext(page.next);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setStatus('ready');
    }
  }, [load, next]);

  return { items, next, status, error, loadMore };
}
