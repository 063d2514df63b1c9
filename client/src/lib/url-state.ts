/**
 * Filters and sort of a list page live in the URL (`/warnmeldungen?severity=hoch&sort=severity`):
 * a link shows the same view, reload keeps it and the back button returns to the previous filters.
 */
import { navigate, useLocation } from '../app/router';

export function useUrlParams(): [URLSearchParams, (next: Record<string, string | undefined>, options?: { replace?: boolean }) => void] {
  const { pathname, search } = useLocation();
  const params = new URLSearchParams(search);
  const set = (next: Record<string, string | undefined>, options: { replace?: boolean } = {}) => {
    const out = new URLSearchParams();
    for (const [key, value] of Object.entries(next)) if (value !== undefined && value !== '') out.set(key, value);
    const query = out.toString();
    navigate(query ? `${pathname}?${query}` : pathname, options);
  };
  return [params, set];
}

/** The params as a plain record (only the given keys). */
export function pick(params: URLSearchParams, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of keys) {
    const value = params.get(key);
    if (value !== null && value !== '') out[key] = value;
  }
  return out;
}
