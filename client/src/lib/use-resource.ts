import { useCallback, useEffect, useState } from 'react';
import { ApiError, api } from './api';

export type Resource<T> = { status: 'loading' } | { status: 'error'; error: ApiError } | { status: 'ready'; data: T };

/** Any thrown value as an ApiError (network failures and programming errors alike). */
export function toApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, { detail: error instanceof Error ? error.message : String(error) });
}

/**
 * Loads `GET path` (relative to /api/v1) and reloads on demand; a null path loads nothing.
 * An older answer never overwrites a newer one (the request is aborted on change).
 */
export function useResource<T>(path: string | null): { state: Resource<T>; reload: () => void } {
  const [state, setState] = useState<Resource<T>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (path === null) return undefined;
    const controller = new AbortController();
    setState((previous) => (previous.status === 'ready' ? previous : { status: 'loading' }));
    api
      .get<T>(path, { signal: controller.signal })
      .then((data) => setState({ status: 'ready', data }))
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', error: toApiError(error) });
      });
    return () => controller.abort();
  }, [path, generation]);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { state, reload };
}

// Pure, so formatters the unit tests load can use it too.
export { formatDateTime } from './format-date';

/**
 * A calendar date the API sends as `YYYY-MM-DD` (a KEV due date) in the UI language: 25.12.2026 /
 * 25 Dec 2026. Formatted in UTC so the day never shifts with the browser's time zone.
 */
export function formatCalendarDate(lang: string, ymd: string | null | undefined): string {
  if (!ymd) return '';
  const date = new Date(`${ymd.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return ymd;
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'de-DE', { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}
