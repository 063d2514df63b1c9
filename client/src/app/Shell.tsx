import { useEffect, useRef, type ReactNode, type RefObject } from 'react';
import { BrandMark } from '../components/BrandMark';
import { ConnectionStatus } from '../components/ConnectionStatus';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { UserMenu } from '../components/UserMenu';
import { useI18n } from '../i18n';
import { useMe, useSession } from '../lib/session';
import { Link, NavLink, useLocation } from './router';
import { navigationFor } from './routes';

export const MAIN_ID = 'main';

function SkipLink() {
  const { t } = useI18n();
  return (
    <a
      className="skip-link"
      href={`#${MAIN_ID}`}
      onClick={(event) => {
        // Move focus without touching the URL (a hash change would count as navigation).
        event.preventDefault();
        document.getElementById(MAIN_ID)?.focus();
      }}
    >
      {t('skipLink')}
    </a>
  );
}

function Brand() {
  const { t } = useI18n();
  return (
    <Link to="/" className="brand">
      <BrandMark />
      <span className="brand__text">
        <span className="brand__name">{t('app.name')}</span>
        <span className="brand__operator">{t('app.operator')}</span>
      </span>
    </Link>
  );
}

function Footer() {
  const { t } = useI18n();
  return (
    <footer className="site-footer">
      <div className="container site-footer__inner">
        <p>{t('app.footer')}</p>
        <p>{t('app.footerTlp')}</p>
      </div>
    </footer>
  );
}

/**
 * Moves focus to the page's <h1> after client-side navigation and right after login (not on
 * a plain page load), so screen-reader and keyboard users start reading at the new content.
 */
function useFocusHeadingOnNavigation(mainRef: RefObject<HTMLElement | null>, focusOnMount: boolean) {
  const { pathname } = useLocation();
  const shownPath = useRef<string | null>(null);
  useEffect(() => {
    const firstRender = shownPath.current === null;
    if (shownPath.current === pathname) return;
    shownPath.current = pathname;
    if (firstRender && !focusOnMount) return;
    const heading = mainRef.current?.querySelector<HTMLElement>('h1');
    if (!heading) return;
    heading.tabIndex = -1;
    heading.focus();
    window.scrollTo(0, 0);
  }, [pathname, mainRef, focusOnMount]);
}

/** Layout for signed-out pages (login): brand, language switch, content. */
export function PublicShell({ children }: { children: ReactNode }) {
  return (
    <div className="page">
      <SkipLink />
      <header className="site-header">
        <div className="container site-header__inner">
          <Brand />
          <div className="site-header__tools">
            <LanguageSwitch />
          </div>
        </div>
      </header>
      <main id={MAIN_ID} tabIndex={-1} className="site-main site-main--public">
        {children}
      </main>
      <Footer />
    </div>
  );
}

/** Layout for signed-in pages: header with connection state, language and user menu; navigation. */
export function AppShell({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { state } = useSession();
  const me = useMe();
  const mainRef = useRef<HTMLElement>(null);
  useFocusHeadingOnNavigation(mainRef, state.status === 'authenticated' && state.via === 'login');
  const items = navigationFor(me);

  return (
    <div className="page">
      <SkipLink />
      <header className="site-header">
        <div className="container site-header__inner">
          <Brand />
          <div className="site-header__tools">
            <ConnectionStatus />
            <LanguageSwitch />
            <UserMenu />
          </div>
        </div>
      </header>
      <nav className="site-nav" aria-label={t('nav.label')}>
        <div className="container">
          <ul className="site-nav__list">
            {items.map((item) => (
              <li key={item.path}>
                <NavLink to={item.path} className="site-nav__link">
                  {t(item.labelKey)}
                </NavLink>
              </li>
            ))}
          </ul>
        </div>
      </nav>
      <main id={MAIN_ID} ref={mainRef} tabIndex={-1} className="site-main">
        <div className="container">{children}</div>
      </main>
      <Footer />
    </div>
  );
}
