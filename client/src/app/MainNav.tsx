import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { useI18n, type MessageKey } from '../i18n';
import { fittingNavItems } from './nav-fit';
import { NavLink, useLocation } from './router';
import { useDismiss } from '../lib/use-dismiss';

export interface NavItem {
  path: string;
  labelKey: MessageKey;
}

/** Below this width the navigation wraps onto several rows and shows every item (app.css, 40rem). */
const NARROW = '(max-width: 40rem)';

function isActive(path: string, pathname: string): boolean {
  return path === '/' ? pathname === '/' : pathname === path || pathname.startsWith(`${path}/`);
}

/**
 * The main navigation. On wide screens it keeps to one row: the items that do not fit (in the
 * current language, for the current role) move into a "More" disclosure at the end, as GitHub's
 * repository tabs do. On narrow screens every item is shown and the row wraps.
 */
export function MainNav({ items }: { items: readonly NavItem[] }) {
  const { t, lang } = useI18n();
  const { pathname } = useLocation();
  const listRef = useRef<HTMLUListElement>(null);
  const measureRef = useRef<HTMLDivElement>(null);
  const moreRef = useRef<HTMLLIElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const [visible, setVisible] = useState(items.length);
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const signature = items.map((item) => item.path).join(' ');

  useLayoutEffect(() => {
    const list = listRef.current;
    const measure = measureRef.current;
    if (!list || !measure) return;
    const narrow = window.matchMedia(NARROW);
    const update = () => {
      const samples = [...measure.children].map((child) => child.getBoundingClientRect().width);
      const moreWidth = samples.pop() ?? 0;
      if (narrow.matches) setVisible(samples.length);
      else setVisible(fittingNavItems(samples, moreWidth, list.getBoundingClientRect().width, parseFloat(getComputedStyle(list).columnGap) || 0));
    };
    update();
    // The list follows the window; the samples follow the language and late-loading fonts.
    const observer = new ResizeObserver(update);
    observer.observe(list);
    observer.observe(measure);
    narrow.addEventListener('change', update);
    return () => {
      observer.disconnect();
      narrow.removeEventListener('change', update);
    };
  }, [signature, lang]);

  useEffect(() => setOpen(false), [pathname]);

  useDismiss(open, setOpen, moreRef, buttonRef);

  const shown = items.slice(0, visible);
  const overflow = items.slice(visible);
  const overflowActive = overflow.some((item) => isActive(item.path, pathname));

  return (
    <div className="site-nav__bar">
      <ul className="site-nav__list" ref={listRef}>
        {shown.map((item) => (
          <li key={item.path}>
            <NavLink to={item.path} className="site-nav__link">
              {t(item.labelKey)}
            </NavLink>
          </li>
        ))}
        {overflow.length > 0 ? (
          <li
            className="site-nav__more"
            ref={moreRef}
            onBlur={(event) => {
              if (open && moreRef.current && !moreRef.current.contains(event.relatedTarget)) setOpen(false);
            }}
          >
            <button
              ref={buttonRef}
              type="button"
              className={`site-nav__link site-nav__more-button${overflowActive ? ' is-active' : ''}`}
              aria-expanded={open}
              aria-controls={panelId}
              onClick={() => setOpen((value) => !value)}
            >
              {t('nav.more')}
              <svg className="site-nav__chevron" viewBox="0 0 12 12" width="12" height="12" aria-hidden="true" focusable="false">
                <path d="m2.5 4.5 3.5 3.5 3.5-3.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
              </svg>
            </button>
            <ul id={panelId} className="site-nav__panel" hidden={!open}>
              {overflow.map((item) => (
                <li key={item.path}>
                  <NavLink to={item.path} className="site-nav__panel-link">
                    {t(item.labelKey)}
                  </NavLink>
                </li>
              ))}
            </ul>
          </li>
        ) : null}
      </ul>
      {/* Every label at its rendered width, for the fitting above; never seen or read. */}
      <div className="site-nav__measure" ref={measureRef} aria-hidden="true">
        {items.map((item) => (
          <span key={item.path} className="site-nav__link">
            {t(item.labelKey)}
          </span>
        ))}
        <span className="site-nav__link site-nav__more-button">
          {t('nav.more')}
          <svg className="site-nav__chevron" viewBox="0 0 12 12" width="12" height="12" aria-hidden="true" focusable="false" />
        </span>
      </div>
    </div>
  );
}
