import { lazy, Suspense, useEffect } from 'react';
import { LoginPage } from '../features/auth/LoginPage';
import { PasswordChangeRequiredPage } from '../features/auth/PasswordChangeRequiredPage';
import { FORGOT_PASSWORD_PATH, ForgotPasswordPage, PASSWORD_RESET_PATH, PasswordResetPage } from '../features/auth/PasswordPages';
import { I18nProvider, useI18n } from '../i18n';
import { SessionProvider, useSession } from '../lib/session';
import { AnnouncerProvider } from './announcer';
import { ConnectionProvider } from './connection';
import { useLocation } from './router';
import { PublicShell } from './Shell';
import { useDocumentTitle } from './document-title';
import { PageBoundary } from './lazy-page';

// The signed-in app is its own chunk (with the query cache, the live channel and the shell); its
// download starts while the session is checked, so signing in does not wait for it.
const loadAuthenticatedApp = () => import('./AuthenticatedApp');
const AuthenticatedApp = lazy(() => loadAuthenticatedApp().then((module) => ({ default: module.AuthenticatedApp })));

function StartupLoading() {
  const { t } = useI18n();
  return (
    <PublicShell>
      <p className="loading" role="status">
        {t('app.loading')}
      </p>
    </PublicShell>
  );
}

function AnonymousApp({ reason }: { reason?: 'logged-out' | 'expired' }) {
  const { t } = useI18n();
  useDocumentTitle('login.title');
  const notice =
    reason === 'expired' ? t('session.expired') : reason === 'logged-out' ? t('userMenu.loggedOut') : undefined;
  const { pathname } = useLocation();
  // The login form is shown at whatever URL was requested, so deep links survive the login;
  // only the password pages (the reset link comes by mail) have their own addresses.
  const page =
    pathname === FORGOT_PASSWORD_PATH ? <ForgotPasswordPage /> : pathname === PASSWORD_RESET_PATH ? <PasswordResetPage /> : <LoginPage notice={notice} />;
  return <PublicShell>{page}</PublicShell>;
}

function Root() {
  const { state, reload } = useSession();
  const { t } = useI18n();
  useEffect(() => {
    if (state.status === 'loading' || state.status === 'authenticated') void loadAuthenticatedApp().catch(() => undefined);
  }, [state.status]);

  switch (state.status) {
    case 'loading':
      return <StartupLoading />;
    case 'error':
      return (
        <PublicShell>
          <div className="card status-page" role="alert">
            <h1>{t('app.startupFailed')}</h1>
            <p>{state.error.isNetworkError ? t('login.error.network') : t('login.error.unexpected')}</p>
            <button type="button" className="button button--primary" onClick={() => void reload()}>
              {t('app.retry')}
            </button>
          </div>
        </PublicShell>
      );
    case 'anonymous':
      return <AnonymousApp reason={state.reason} />;
    case 'authenticated':
      if (state.me.passwordChangeRequired) {
        return (
          <PublicShell>
            <PasswordChangeRequiredPage />
          </PublicShell>
        );
      }
      // Keyed by user: another user signing in in this tab gets a new query cache.
      return (
        <PageBoundary>
          <Suspense fallback={<StartupLoading />}>
            <AuthenticatedApp key={state.me.user.id} />
          </Suspense>
        </PageBoundary>
      );
  }
}

export function App() {
  return (
    <I18nProvider>
      <AnnouncerProvider>
        <ConnectionProvider>
          <SessionProvider>
            <Root />
          </SessionProvider>
        </ConnectionProvider>
      </AnnouncerProvider>
    </I18nProvider>
  );
}
