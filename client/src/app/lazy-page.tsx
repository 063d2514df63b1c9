/**
 * Pages load on demand so the first load carries only the shell, the session and the login
 * (budget: 150 KB gzipped script, scripts/check-bundle-size.ts). `PageBoundary` shows a loading
 * state while a page's chunk arrives and a way out when it cannot arrive (offline, or a deploy
 * replaced the chunk the open tab asks for).
 */
import { Component, lazy, Suspense, type ComponentType, type ErrorInfo, type ReactNode } from 'react';
import { useI18n } from '../i18n';
import type { PageProps } from './routes';

/** A page component from a module loaded on first use; `name` is the module's named export. */
export function lazyPage<K extends string>(load: () => Promise<Record<K, ComponentType<PageProps>>>, name: K): ComponentType<PageProps> {
  return lazy<ComponentType<PageProps>>(() => load().then((module) => ({ default: module[name] })));
}

function PageLoading() {
  const { t } = useI18n();
  return (
    <p className="loading" role="status">
      {t('app.pageLoading')}
    </p>
  );
}

function PageLoadFailed() {
  const { t } = useI18n();
  return (
    <div className="card status-page" role="alert">
      <h1>{t('app.pageLoadFailed')}</h1>
      <p>{t('app.pageLoadFailedHint')}</p>
      <button type="button" className="button button--primary" onClick={() => window.location.reload()}>
        {t('app.reload')}
      </button>
    </div>
  );
}

class ChunkErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('page failed to load or render', error, info.componentStack);
  }

  override render(): ReactNode {
    return this.state.failed ? <PageLoadFailed /> : this.props.children;
  }
}

/** Wraps the current page; keyed by route in App.tsx so a failure does not outlive navigating elsewhere. */
export function PageBoundary({ children }: { children: ReactNode }) {
  return (
    <ChunkErrorBoundary>
      <Suspense fallback={<PageLoading />}>{children}</Suspense>
    </ChunkErrorBoundary>
  );
}
