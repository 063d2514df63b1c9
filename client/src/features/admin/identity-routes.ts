import type { RouteDefinition } from '../../app/routes';
import { ProfilePage } from '../account/ProfilePage';
import { TokensPage } from '../account/TokensPage';
import { PASSWORD_RESET_PATH, PasswordResetPage } from '../auth/PasswordPages';
import { AdminPage } from './AdminPage';
import { AuditPage } from './AuditPage';
import { ContactsPage } from './ContactsPage';
import { MembersPage } from './MembersPage';
import { ADMIN_PATHS, isCertAdmin, managesMembers } from './model';
import { OrganizationsPage } from './OrganizationsPage';
import { SharingGroupsPage } from './SharingGroupsPage';

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
];
