/**
 * An organization's security profile: what the law says it is (sector, NIS2 entity type, KRITIS
 * operator) and what belongs to it (registered domains, e-mail domains, IP ranges). The incident
 * wizard prefills from it; the warninglists use the identifiers so the organization's own
 * infrastructure is never shared as an indicator. Read by the organization's members and the CERT;
 * changed by its org_admins and cert_admins; every change is audited (field names, not values).
 */
import { eq } from 'drizzle-orm';
import ipaddr from 'ipaddr.js';
import { parse as parseDomain } from 'tldts';
import { managesOrganization, readsOrganization } from '../access/org-scope.js';
import { recordAudit } from '../audit/record-audit.js';
import { requireUser, type Principal } from '../auth/principal.js';
import type { Database, Executor } from '../platform/db/client.js';
import { AppError, notFound } from '../platform/errors.js';
import type { Api } from '../platform/http/api.js';
import { z } from '../platform/http/openapi-zod.js';
import { ContactSchema, Nis2EntityTypeSchema, SectorSchema } from './organizations.schemas.js';
import { organizations, type OrganizationRow } from './organizations.table.js';

const TAGS = ['Organizations'];
const IdParams = z.object({ id: z.uuid() });

/** A domain name as an organization owns it (lower-cased, no trailing dot, a real public suffix or an internal name). */
const DomainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .transform((value) => value.replace(/\.$/, ''))
  .refine((value) => {
    const parsed = parseDomain(value, { allowPrivateDomains: true });
    return parsed.hostname === value && !parsed.isIp && /^[a-z0-9.-]+$/.test(value) && value.includes('.');
  }, 'must be a domain name such as stadtwerke-beispiel.de');

/** An IPv4/IPv6 address or CIDR block, normalized to the network address. */
const RangeSchema = z
  .string()
  .trim()
  .max(60)
  .refine((value) => ipaddr.isValidCIDR(value) || ipaddr.isValid(value), 'must be an IP address or CIDR block such as 192.0.2.0/24')
  .transform((value) => {
    if (!value.includes('/')) return ipaddr.process(value).toString();
    const [address, bits] = ipaddr.parseCIDR(value);
    const network = address.kind() === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(value) : ipaddr.IPv6.networkAddressFromCIDR(value);
    return `${network.toString()}/${bits}`;
  });

const unique = <T extends z.ZodType<string>>(item: T) => z.array(item).max(200).transform((values) => [...new Set(values)]);

/** `PUT /api/v1/organizations/:id/profile`. */
export const OrganizationProfileBodySchema = z.strictObject({
  sector: SectorSchema.nullable(),
  nis2EntityType: Nis2EntityTypeSchema.nullable(),
  kritisOperator: z.boolean(),
  registeredDomains: unique(DomainSchema),
  emailDomains: unique(DomainSchema),
  ipRanges: unique(RangeSchema),
});

/** The profile as the API returns it. */
export const OrganizationProfileSchema = z
  .object({
    organizationId: z.uuid(),
    name: z.string(),
    kind: z.string(),
    sector: SectorSchema.nullable(),
    nis2EntityType: Nis2EntityTypeSchema.nullable(),
    kritisOperator: z.boolean(),
    registeredDomains: z.array(z.string()),
    emailDomains: z.array(z.string()),
    ipRanges: z.array(z.string()),
    contacts: z.array(ContactSchema),
    abilities: z.object({ edit: z.boolean() }),
  })
  .openapi('OrganizationProfile');
export type OrganizationProfile = z.infer<typeof OrganizationProfileSchema>;

/** The profile of an organization row. */
export function presentProfile(row: OrganizationRow, canEdit: boolean): OrganizationProfile {
  return {
    organizationId: row.id,
    name: row.name,
    kind: row.kind,
    sector: row.sector,
    nis2EntityType: row.nis2EntityType,
    kritisOperator: row.kritisOperator,
    registeredDomains: row.registeredDomains,
    emailDomains: row.emailDomains,
    ipRanges: row.ipRanges,
    contacts: row.contacts,
    abilities: { edit: canEdit },
  };
}

/** One organization row by id, for other slices (the caller decides what of it may be shown). */
export async function unsafeFindOrganizationProfileRow(db: Executor, id: string): Promise<OrganizationRow | undefined> {
  const [row] = await db.select().from(organizations).where(eq(organizations.id, id)).limit(1);
  return row;
}

/** The profile routes of an organization. */
export function registerOrganizationProfileRoutes(api: Api, db: Database): void {
  /** The profile as its readers see it (what its ETag names). */
  const profileOf = async (principal: Principal, organizationId: string) => {
    // Not a member and not CERT: the same 404 as a missing organization (profiles are not directory data).
    if (!readsOrganization(principal, organizationId)) throw notFound('Organization');
    const row = await unsafeFindOrganizationProfileRow(db, organizationId);
    if (!row?.active) throw notFound('Organization');
    return presentProfile(row, managesOrganization(principal, organizationId));
  };
  api.define(
    { method: 'get', path: '/api/v1/organizations/:id/profile', summary: "The organization's security profile (its members and the CERT)", tags: TAGS, access: { authenticated: true }, params: IdParams, etag: { current: ({ principal, params }) => profileOf(principal, params.id) }, responses: { 200: { description: 'The profile', schema: OrganizationProfileSchema } } },
    ({ principal, params }) => profileOf(principal, params.id),
  );
  api.define(
    { method: 'put', path: '/api/v1/organizations/:id/profile', summary: "Replace the organization's security profile (its administrators and cert_admins)", tags: TAGS, access: { authenticated: true }, params: IdParams, body: OrganizationProfileBodySchema, etag: { current: ({ principal, params }) => profileOf(principal, params.id) }, responses: { 200: { description: 'The profile', schema: OrganizationProfileSchema } } },
    async ({ principal, params, body, req }) => {
      if (!readsOrganization(principal, params.id)) throw notFound('Organization');
      if (!managesOrganization(principal, params.id)) throw new AppError('FORBIDDEN', 'The profile is changed by the administrators of the organization.');
      const user = requireUser(principal);
      return db.transaction(async (tx) => {
        const [row] = await tx.update(organizations).set({ ...body, updatedAt: new Date() }).where(eq(organizations.id, params.id)).returning();
        if (!row?.active) throw notFound('Organization');
        await recordAudit(tx, { userId: user.userId, label: user.email, ip: req.ip ?? null }, { action: 'organization.profile_updated', objectType: 'organization', objectId: params.id, details: { fields: Object.keys(body) } });
        return presentProfile(row, true);
      });
    },
  );
}
