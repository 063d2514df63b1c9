import { useEffect } from 'react';
import { LoginPage } from '../features/auth/LoginPage';
import { FORGOT_PASSWORD_PATH, ForgotPasswordPage, PASSWORD_RESET_PATH, PasswordResetPage } from '../features/auth/PasswordPages';
import { ForbiddenPage, NotFoundPage } from '../features/errors/StatusPages';
import { I18nProvider, useI18n, type MessageKey } from '../i18n';
import { SessionProvider, useSession } from '../lib/session';
import { AnnouncerProvider } from './announcer';
import { ConnectionProvider } from './connection';
import { useLocation } from './router';
import { matchRoute } from './routes';
import { AppShell, PublicShell } from './Shell';

function useDocumentTitle(titleKey: MessageKey) {
  const { t } = useI18n();
  useEffect(() => {
    const title = t(titleKey);
    const product = t('app.name');
    document.title = title === product ? `${product} – ${t('app.operator')}` : `${title} – ${product}`;
  }, [t, titleKey]);
}

function AuthenticatedApp() {
  const { pathname } = useLocation();
  const { state } = useSession();
  const match = matchRoute(pathname);
  const me = state.status === 'authenticated' ? state.me : null;
  const allowed = match && me ? (match.route.allowed?.(me) ?? true) : false;
  useDocumentTitle(!match ? 'notFound.title' : allowed ? match.route.titleKey : 'forbidden.title');

  let content;
  if (!match) content = <NotFoundPage />;
  else if (!allowed) content = <ForbiddenPage />;
  else {
    const Page = match.route.component;
    content = <Page params={match.params} />;
  }
  return <AppShell>{content}</AppShell>;
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

  switch (state.status) {
    case 'loading':
      return (
        <PublicShell>
          <p className="loading" role="status">
            {t('app.loading')}
          </p>
        </PublicShell>
      );
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
      return <AuthenticatedApp />;
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
