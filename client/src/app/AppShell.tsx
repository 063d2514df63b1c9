/**
 * The layout of signed-in pages, loaded with the rest of the signed-in app (AuthenticatedApp.tsx),
 * so the header's live widgets and their libraries stay out of the login's first load.
 */
import { useRef, type ReactNode } from 'react';
import { ConnectionStatus } from '../components/ConnectionStatus';
import { GlobalSearch } from '../components/GlobalSearch';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { UserMenu } from '../components/UserMenu';
import { NotificationBell } from '../features/situation/NotificationBell';
import { ThreatLevelBadge } from '../features/situation/ThreatLevelBadge';
import { useI18n } from '../i18n';
import { useMe, useSession } from '../lib/session';
import { MainNav } from './MainNav';
import { navigationFor } from './routes';
import { Brand, Footer, MAIN_ID, SkipLink, useFocusHeadingOnNavigation } from './Shell';

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
          <GlobalSearch />
          <div className="site-header__tools">
            <ThreatLevelBadge />
            <ConnectionStatus />
            <NotificationBell />
            <LanguageSwitch />
            <UserMenu />
          </div>
        </div>
      </header>
      <nav className="site-nav" aria-label={t('nav.label')}>
        <div className="container">
          <MainNav items={items} />
        </div>
      </nav>
      <main id={MAIN_ID} ref={mainRef} tabIndex={-1} className="site-main">
        <div className="container">{children}</div>
      </main>
      <Footer />
    </div>
  );
}
