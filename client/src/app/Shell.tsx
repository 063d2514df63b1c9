import { useEffect, useRef, type ReactNode, type RefObject } from 'react';
import { BrandMark } from '../components/BrandMark';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useI18n } from '../i18n';
import { Link, useLocation } from './router';

export const MAIN_ID = 'main';

export function SkipLink() {
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

export function Brand() {
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

export function Footer() {
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
export function useFocusHeadingOnNavigation(mainRef: RefObject<HTMLElement | null>, focusOnMount: boolean) {
  const { pathname } = useLocation();
  const shownPath = useRef<string | null>(null);
  useEffect(() => {
    const firstRender = shownPath.current === null;
    if (shownPath.current === pathname) return;
    shownPath.current = pathname;
    if (firstRender && !focusOnMount) return;
    const main = mainRef.current;
    if (!main) return;
    const focusHeading = (heading: HTMLElement) => {
      heading.tabIndex = -1;
      heading.focus();
      window.scrollTo(0, 0);
    };
    const present = main.querySelector<HTMLElement>('h1');
    if (present) {
      focusHeading(present);
      return;
    }
    // Pages load on demand: the heading arrives with the page's chunk, a moment after navigation.
    const observer = new MutationObserver(() => {
      const heading = main.querySelector<HTMLElement>('h1');
      if (!heading) return;
      observer.disconnect();
      focusHeading(heading);
    });
    observer.observe(main, { childList: true, subtree: true });
    const giveUp = window.setTimeout(() => observer.disconnect(), 10_000);
    return () => {
      observer.disconnect();
      window.clearTimeout(giveUp);
    };
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
