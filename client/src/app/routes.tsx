/**
 * The route table — the one place a page is registered.
 *
 * To add a page (e.g. advisories):
 *   1. write `src/features/advisories/AdvisoriesPage.tsx` (a component taking `PageProps`,
 *      with exactly one `<h1>`),
 *   2. add its strings to `src/i18n/de.ts` and `en.ts`,
 *   3. add an entry below: `path`, `titleKey` (document title), optionally `nav` (label and
 *      position in the main navigation) and `allowed` (role check, e.g. `isCertStaff`).
 * Routes are matched in order; the first match wins, so put `/advisories/new` before
 * `/advisories/:id`. Nav labels for the planned pages already exist in the dictionary:
 * nav.advisories (order 20), nav.incidents (30), nav.feedInbox (40, isCertStaff),
 * nav.inventory (50), nav.admin (90, isAdmin).
 */
import type { ComponentType } from 'react';
import type { MessageKey } from '../i18n';
import type { Me } from '../lib/session-types';
import { matchPath, type RouteParams } from './router';
import { DashboardPage } from '../features/dashboard/DashboardPage';
import { AdvisoryDetailPage } from '../features/advisories/AdvisoryDetailPage';
import { AdvisoryEditorPage } from '../features/advisories/AdvisoryEditorPage';
import { AdvisoryListPage } from '../features/advisories/AdvisoryListPage';
import { AdvisoryVersionsPage } from '../features/advisories/AdvisoryVersionsPage';
import { isCertStaff } from '../lib/roles';
import { InventoryPage } from '../features/inventory/InventoryPage';
import { BriefPage } from '../features/inventory/BriefPage';
import { CoveragePage } from '../features/inventory/CoveragePage';
import { NotificationPreferencesPage } from '../features/inventory/NotificationPreferencesPage';
import { identityRoutes } from '../features/admin/identity-routes';
import { IncidentDetailPage } from '../features/incidents/IncidentDetailPage';
import { IncidentListPage } from '../features/incidents/IncidentListPage';
import { IncidentWizardPage } from '../features/incidents/IncidentWizardPage';
import { SharedIndicatorsPage } from '../features/incidents/SharedIndicatorsPage';
import { InboxPage } from '../features/feeds/InboxPage';
import { SourcesPage } from '../features/feeds/SourcesPage';

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
    titleKey: 'sightings.title',
    component: SharedIndicatorsPage,
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
