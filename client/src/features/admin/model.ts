import { useCallback, useEffect, useState } from 'react';
import { api } from '../../lib/api';
import type { Schema } from '../../lib/api-schemas';
import { hasRole } from '../../lib/roles';
import type { Me } from '../../lib/session-types';
import { toApiError, type Resource } from '../../lib/use-resource';

export { SECTORS } from '../../lib/labels';
export type Sector = NonNullable<Organization['sector']>;

/** Organizations and sharing groups as the API sends them (generated from the OpenAPI document). */
export type Organization = Schema<'Organization'>;
export type SharingGroup = Schema<'SharingGroup'>;

export const ADMIN_PATHS = {
  index: '/verwaltung',
  members: '/verwaltung/mitglieder',
  contacts: '/verwaltung/kontakte',
  organizations: '/verwaltung/organisationen',
  groups: '/verwaltung/verteilergruppen',
  audit: '/verwaltung/protokoll',
  jobs: '/verwaltung/auftraege',
} as const;

/** CERT administrators: organizations, sharing groups, audit trail. */
export function isCertAdmin(me: Me): boolean {
  return me.memberships.some((m) => m.role === 'cert_admin' && m.organization.kind === 'cert');
}

/** Anyone who manages members somewhere (org_admin of their organization, cert_admin of all). */
export function managesMembers(me: Me): boolean {
  return isCertAdmin(me) || hasRole(me, 'org_admin');
}

/** Every active organization (the directory is paged; it is small, so follow the cursor to the end). */
export function useAllOrganizations(): { state: Resource<Organization[]>; reload: () => void } {
  const [state, setState] = useState<Resource<Organization[]>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    (async () => {
      const all: Organization[] = [];
      let cursor: string | undefined;
      do {
        const page = await api.get<{ items: Organization[]; next: string | null }>('/organizations', { query: { limit: 500, cursor }, signal: controller.signal });
        all.push(...page.items);
        cursor = page.next ?? undefined;
      } while (cursor);
      setState({ status: 'ready', data: all });
    })().catch((error: unknown) => {
      if (!controller.signal.aborted) setState({ status: 'error', error: toApiError(error) });
    });
    return () => controller.abort();
  }, [generation]);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { state, reload };
}
