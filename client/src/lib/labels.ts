import type { Translate } from '../i18n';
import { isOrganizationKind, isRole } from './roles';

/** Translated label for a membership role; unknown roles (newer server) are shown as sent. */
export function roleLabel(t: Translate, role: string): string {
  return isRole(role) ? t(`role.${role}`) : role;
}

export function organizationKindLabel(t: Translate, kind: string): string {
  return isOrganizationKind(kind) ? t(`orgKind.${kind}`) : t('orgKind.unknown');
}
