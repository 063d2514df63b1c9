import type { RouteDefinition } from '../../app/routes';
import { PASSWORD_RESET_PATH, PasswordResetPage } from '../auth/PasswordPages';
import { lazyPage } from '../../app/lazy-page';
import { ADMIN_PATHS, isCertAdmin, managesMembers } from './model';

const ProfilePage = lazyPage(() => import('../account/ProfilePage'), 'ProfilePage');
const TokensPage = lazyPage(() => import('../account/TokensPage'), 'TokensPage');
const AdminPage = lazyPage(() => import('./AdminPage'), 'AdminPage');
const AuditPage = lazyPage(() => import('./AuditPage'), 'AuditPage');
const JobsPage = lazyPage(() => import('../operations/JobsPage'), 'JobsPage');
const ContactsPage = lazyPage(() => import('./ContactsPage'), 'ContactsPage');
const MembersPage = lazyPage(() => import('./MembersPage'), 'MembersPage');
const OrganizationsPage = lazyPage(() => import('./OrganizationsPage'), 'OrganizationsPage');
const SharingGroupsPage = lazyPage(() => import('./SharingGroupsPage'), 'SharingGroupsPage');

/** The identity and administration pages (spread into the route table in app/routes.tsx). */
export const identityRoutes: RouteDefinition[] = [
  { id: 'profile', path: '/profil', titleKey: 'profile.title', component: ProfilePage },
  { id: 'tokens', path: '/profil/tokens', titleKey: 'tokens.title', component: TokensPage },
  // The mailed reset link also works while someone is signed in on this browser.
  { id: 'password-reset', path: PASSWORD_RESET_PATH, titleKey: 'auth.reset.title', component: PasswordResetPage },
  { id: 'admin', path: ADMIN_PATHS.index, titleKey: 'admin.title', component: AdminPage, nav: { labelKey: 'nav.admin', order: 90 }, allowed: managesMembers },
  { id: 'admin-members', path: ADMIN_PATHS.members, titleKey: 'members.title', component: MembersPage, allowed: managesMembers },
  { id: 'admin-contacts', path: ADMIN_PATHS.contacts, titleKey: 'contacts.title', component: ContactsPage, allowed: managesMembers },
  { id: 'admin-organizations', path: ADMIN_PATHS.organizations, titleKey: 'orgs.title', component: OrganizationsPage, allowed: isCertAdmin },
  { id: 'admin-groups', path: ADMIN_PATHS.groups, titleKey: 'groups.title', component: SharingGroupsPage, allowed: isCertAdmin },
  { id: 'admin-audit', path: ADMIN_PATHS.audit, titleKey: 'audit.title', component: AuditPage, allowed: isCertAdmin },
  { id: 'admin-jobs', path: ADMIN_PATHS.jobs, titleKey: 'jobs.title', component: JobsPage, allowed: isCertAdmin },
];
