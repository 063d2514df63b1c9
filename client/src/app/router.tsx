/**
 * A small router over the History API — no dependency needed for an app of this size.
 *
 * - `useLocation()` re-renders on `navigate()` and on back/forward (popstate).
 * - `matchPath('/advisories/:id', '/advisories/42')` → `{ id: '42' }` or null.
 * - `<Link to>` renders a real `<a href>` (open in new tab, copy link and screen readers work)
 *   and turns plain left clicks into `navigate()`.
 * The route table itself lives in routes.tsx.
 */
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react';

const NAVIGATE_EVENT = 'lagebild:navigate';

export interface AppLocation {
  pathname: string;
  search: string;
  hash: string;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

// useSyncExternalStore needs a stable snapshot; the href identifies it.
let cached: { href: string; location: AppLocation } | null = null;
function getSnapshot(): AppLocation {
  const { href, pathname, search, hash } = window.location;
  if (cached?.href !== href) cached = { href, location: { pathname, search, hash } };
  return cached.location;
}

export function useLocation(): AppLocation {
  return useSyncExternalStore(subscribe, getSnapshot);
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const target = new URL(to, window.location.href);
  if (target.origin !== window.location.origin) {
    window.location.assign(target.href);
    return;
  }
  if (target.href !== window.location.href) {
    if (options.replace) window.history.replaceState(null, '', target.href);
    else window.history.pushState(null, '', target.href);
  }
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

export type RouteParams = Record<string, string>;

/** Matches `/a/:b/c` patterns segment by segment; a trailing slash is ignored. */
export function matchPath(pattern: string, pathname: string): RouteParams | null {
  const split = (value: string) => value.split('/').filter((segment) => segment.length > 0);
  const patternParts = split(pattern);
  const pathParts = split(pathname);
  if (patternParts.length !== pathParts.length) return null;
  const params: RouteParams = {};
  for (let i = 0; i < patternParts.length; i++) {
    const expected = patternParts[i] ?? '';
    const actual = pathParts[i] ?? '';
    if (expected.startsWith(':')) {
      try {
        params[expected.slice(1)] = decodeURIComponent(actual);
      } catch {
        return null;
      }
    } else if (expected !== actual) {
      return null;
    }
  }
  return params;
}

/** Builds a path from a pattern: `buildPath('/advisories/:id', { id })`. */
export function buildPath(pattern: string, params: RouteParams = {}): string {
  return pattern.replace(/:(\w+)/g, (_whole, name: string) => encodeURIComponent(params[name] ?? ''));
}

function isPlainLeftClick(event: MouseEvent<HTMLAnchorElement>): boolean {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

export interface LinkProps extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> {
  to: string;
  children: ReactNode;
}

export function Link({ to, onClick, target, children, ...rest }: LinkProps) {
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || !isPlainLeftClick(event) || (target && target !== '_self')) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} target={target} onClick={handleClick} {...rest}>
      {children}
    </a>
  );
}

/** A navigation link that marks itself `aria-current="page"` when it points at the current page. */
export function NavLink({ to, exact = false, className, ...rest }: LinkProps & { exact?: boolean }) {
  const { pathname } = useLocation();
  const active = exact || to === '/' ? pathname === to : pathname === to || pathname.startsWith(`${to}/`);
  return (
    <Link
      to={to}
      aria-current={active ? 'page' : undefined}
      className={[className, active ? 'is-active' : undefined].filter(Boolean).join(' ') || undefined}
      {...rest}
    />
  );
}
