/**
 * The route table — the one place a page is registered.
 *
 * To add a page (e.g. advisories):
 *   1. write `src/features/advisories/AdvisoriesPage.tsx` (a component taking `PageProps`,
 *      with exactly one `<h1>`),
 *   2. add its strings to `src/i18n/de.ts` and `en.ts`,
 *   3. add an entry below: `path`, `titleKey` (document title), optionally `nav` (label and
 *      position in the main navigation) and `allowed` (role check, e.g. `isCertStaff`).
 * Pages are loaded on demand (`lazyPage`, see lazy-page.tsx): register a page with
 * `const XPage = lazyPage(() => import('../features/x/XPage'), 'XPage');`, never with a static
 * import, or its code (and its libraries) lands in the first-load script (budget: 150 KB gzipped,
 * checked by scripts/check-bundle-size.ts).
 * Routes are matched in order; the first match wins, so put `/advisories/new` before
 * `/advisories/:id`. Nav labels for the planned pages already exist in the dictionary:
 * nav.advisories (order 20), nav.incidents (30), nav.feedInbox (40, isCertStaff),
 * nav.inventory (50), nav.admin (90, isAdmin).
 */
import type { ComponentType } from 'react';
import { lazyPage } from './lazy-page';
import type { MessageKey } from '../i18n';
import type { Me } from '../lib/session-types';
import { matchPath, type RouteParams } from './router';
import { isCertStaff } from '../lib/roles';
import { identityRoutes } from '../features/admin/identity-routes';

// Every page is its own chunk: the first load carries the shell, the session and the login only.
const DashboardPage = lazyPage(() => import('../features/dashboard/DashboardPage'), 'DashboardPage');
const AdvisoryDetailPage = lazyPage(() => import('../features/advisories/AdvisoryDetailPage'), 'AdvisoryDetailPage');
const AdvisoryEditorPage = lazyPage(() => import('../features/advisories/AdvisoryEditorPage'), 'AdvisoryEditorPage');
const AdvisoryListPage = lazyPage(() => import('../features/advisories/AdvisoryListPage'), 'AdvisoryListPage');
const AdvisoryVersionsPage = lazyPage(() => import('../features/advisories/AdvisoryVersionsPage'), 'AdvisoryVersionsPage');
const InventoryPage = lazyPage(() => import('../features/inventory/InventoryPage'), 'InventoryPage');
const BriefPage = lazyPage(() => import('../features/inventory/BriefPage'), 'BriefPage');
const CoveragePage = lazyPage(() => import('../features/inventory/CoveragePage'), 'CoveragePage');
const CoverageOverviewPage = lazyPage(() => import('../features/inventory/CoverageOverviewPage'), 'CoverageOverviewPage');
const NotificationPreferencesPage = lazyPage(() => import('../features/inventory/NotificationPreferencesPage'), 'NotificationPreferencesPage');
const IncidentDetailPage = lazyPage(() => import('../features/incidents/IncidentDetailPage'), 'IncidentDetailPage');
const IncidentListPage = lazyPage(() => import('../features/incidents/IncidentListPage'), 'IncidentListPage');
const IncidentWizardPage = lazyPage(() => import('../features/incidents/IncidentWizardPage'), 'IncidentWizardPage');
const IndicatorsPage = lazyPage(() => import('../features/incidents/IndicatorsPage'), 'IndicatorsPage');
const InboxPage = lazyPage(() => import('../features/feeds/InboxPage'), 'InboxPage');
const SourcesPage = lazyPage(() => import('../features/feeds/SourcesPage'), 'SourcesPage');
const ReportsPage = lazyPage(() => import('../features/situation/ReportsPage'), 'ReportsPage');
const ReportDetailPage = lazyPage(() => import('../features/situation/ReportDetailPage'), 'ReportDetailPage');

export interface PageProps {
  params: RouteParams;
}

export interface RouteDefinition {
  id: string;
  path: string;
  titleKey: MessageKey;
  component: ComponentType<PageProps>;
  /** Shown in the main navigation when set (and when `allowed` passes). */
  nav?: { labelKey: MessageKey; order: number };
  /** UI-level role gate; the server still checks every request. */
  allowed?: (me: Me) => boolean;
}

export const routes: readonly RouteDefinition[] = [
  {
    id: 'dashboard',
    path: '/',
    titleKey: 'dashboard.title',
    component: DashboardPage,
    nav: { labelKey: 'nav.dashboard', order: 10 },
  },
  {
    id: 'advisories',
    path: '/warnmeldungen',
    titleKey: 'advisories.title',
    component: AdvisoryListPage,
    nav: { labelKey: 'nav.advisories', order: 20 },
  },
  {
    id: 'advisory-new',
    path: '/warnmeldungen/neu',
    titleKey: 'editor.title',
    component: AdvisoryEditorPage,
    allowed: isCertStaff,
  },
  { id: 'advisory-brief', path: '/warnmeldungen/:id/kurzfassung', titleKey: 'brief.title', component: BriefPage },
  { id: 'advisory-coverage', path: '/warnmeldungen/:id/abdeckung', titleKey: 'coverage.title', component: CoveragePage, allowed: isCertStaff },
  { id: 'coverage', path: '/abdeckung', titleKey: 'coverageOverview.title', component: CoverageOverviewPage, nav: { labelKey: 'nav.coverage', order: 55 }, allowed: isCertStaff },
  { id: 'reports', path: '/lageberichte', titleKey: 'reports.title', component: ReportsPage, nav: { labelKey: 'nav.reports', order: 25 } },
  { id: 'report', path: '/lageberichte/:id', titleKey: 'reports.title', component: ReportDetailPage },
  { id: 'feed-inbox', path: '/eingang', titleKey: 'inbox.title', component: InboxPage, nav: { labelKey: 'nav.feedInbox', order: 40 }, allowed: isCertStaff },
  { id: 'feed-sources', path: '/quellen', titleKey: 'sources.title', component: SourcesPage, nav: { labelKey: 'nav.feedSources', order: 45 }, allowed: isCertStaff },
  { id: 'inventory', path: '/inventar', titleKey: 'inventory.title', component: InventoryPage, nav: { labelKey: 'nav.inventory', order: 50 } },
  { id: 'notification-preferences', path: '/benachrichtigungen', titleKey: 'prefs.title', component: NotificationPreferencesPage },
  {
    id: 'advisory-edit',
    path: '/warnmeldungen/:id/bearbeiten',
    titleKey: 'advisoryForm.editTitle',
    component: AdvisoryEditorPage,
    allowed: isCertStaff,
  },
  {
    id: 'advisory-versions',
    path: '/warnmeldungen/:id/versionen',
    titleKey: 'advisoryVersions.title',
    component: AdvisoryVersionsPage,
  },
  {
    id: 'advisory',
    path: '/warnmeldungen/:id',
    titleKey: 'advisories.title',
    component: AdvisoryDetailPage,
  },
  ...identityRoutes,
  {
    id: 'incidents',
    path: '/vorfaelle',
    titleKey: 'incidents.title',
    component: IncidentListPage,
    nav: { labelKey: 'nav.incidents', order: 30 },
  },
  {
    id: 'incident-new',
    path: '/vorfaelle/neu',
    titleKey: 'wizard.title',
    component: IncidentWizardPage,
  },
  {
    id: 'incident',
    path: '/vorfaelle/:id',
    titleKey: 'incidents.title',
    component: IncidentDetailPage,
  },
  {
    id: 'shared-indicators',
    path: '/indikatoren',
    titleKey: 'ind.title',
    component: IndicatorsPage,
    nav: { labelKey: 'nav.indicators', order: 35 },
  },
];

export interface RouteMatch {
  route: RouteDefinition;
  params: RouteParams;
}

export function matchRoute(pathname: string): RouteMatch | null {
  for (const route of routes) {
    const params = matchPath(route.path, pathname);
    if (params) return { route, params };
  }
  return null;
}

export function navigationFor(me: Me): { path: string; labelKey: MessageKey }[] {
  return routes
    .filter((route) => route.nav && (!route.allowed || route.allowed(me)))
    .sort((a, b) => (a.nav?.order ?? 0) - (b.nav?.order ?? 0))
    .map((route) => ({ path: route.path, labelKey: route.nav?.labelKey ?? route.titleKey }));
}
