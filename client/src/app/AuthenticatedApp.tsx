/**
 * Everything a signed-in user sees, loaded on demand (App.tsx) so the login's first load stays small
 * (budget: scripts/check-bundle-size.ts): the query cache, the live channel, the shell and the routes.
 * The QueryClient lives exactly as long as this user's session — a logout or another user in the
 * same tab starts from an empty cache, so nothing read for one user is ever shown to the next.
 */
import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { ForbiddenPage, NotFoundPage } from '../features/errors/StatusPages';
import { createQueryClient } from '../lib/query';
import { useMe } from '../lib/session';
import { AppShell } from './AppShell';
import { PageBoundary } from './lazy-page';
import { LiveProvider } from './live';
import { LiveQueries } from './live-queries';
import { useLocation } from './router';
import { matchRoute } from './routes';
import { useDocumentTitle } from './document-title';

function SignedIn() {
  const { pathname } = useLocation();
  const me = useMe();
  const match = matchRoute(pathname);
  const allowed = match ? (match.route.allowed?.(me) ?? true) : false;
  useDocumentTitle(!match ? 'notFound.title' : allowed ? match.route.titleKey : 'forbidden.title');

  let content;
  if (!match) content = <NotFoundPage />;
  else if (!allowed) content = <ForbiddenPage />;
  else {
    const Page = match.route.component;
    content = (
      <PageBoundary key={match.route.id}>
        <Page params={match.params} />
      </PageBoundary>
    );
  }
  return <AppShell>{content}</AppShell>;
}

export function AuthenticatedApp() {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <LiveProvider>
        <LiveQueries />
        <SignedIn />
      </LiveProvider>
    </QueryClientProvider>
  );
}
