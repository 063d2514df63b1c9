import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../platform/db/client.js';
import { organizations, sharingGroupMembers, sharingGroups } from '../organizations/organizations.table.js';
import { memberships, users } from '../users/users.table.js';
import { hashPassword } from '../auth/password.js';
import { recordAudit } from '../audit/record-audit.js';
import { DEMO_ASSETS, DEMO_ORGANIZATIONS, DEMO_SHARING_GROUPS, DEMO_USERS, type DemoUser } from './demo-community.js';
import { assets } from '../inventory/inventory.table.js';
import { cpeKeyOf, matchKeyOf, purlKeyOf } from '../matching/normalize.js';
import { loadAliasIndex } from '../products/product-aliases.service.js';
import { safeParsePurl } from '../products/purl.js';

const SEED_LOCK_KEY = 72_616_003;

export type SeedResult =
  | { seeded: false }
  | { seeded: true; password: string; passwordGenerated: boolean; accounts: DemoUser[]; organizations: number; organizationIds: Map<string, string> };

/** A readable generated password (≥ 12 characters, per the password rules). */
function generatePassword(): string {
  return `Lagebild-${randomBytes(9).toString('base64url')}`;
}

/**
 * Seeds the demo community when the database has no organization yet. Several instances starting
 * together seed once: the check and the inserts run under one transaction-scoped advisory lock.
 */
export async function seedDemoCommunity(db: Database, configuredPassword: string | undefined, options: { inventory?: boolean } = {}): Promise<SeedResult> {
  const password = configuredPassword ?? generatePassword();
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
    const [{ count } = { count: 0 }] = await queryRows<{ count: number }>(tx, sql`select count(*)::int as count from organizations`);
    if (Number(count) > 0) return { seeded: false } as const;

    const ids = new Map<string, string>();
    for (const org of DEMO_ORGANIZATIONS) {
      const [row] = await tx
        .insert(organizations)
        .values({
          name: org.name,
          shortName: org.shortName ?? null,
          kind: org.kind,
          sector: org.sector ?? null,
          parentId: org.parent ? (ids.get(org.parent) ?? null) : null,
          ags: org.ags ?? null,
          districtKey: org.districtKey ?? null,
          contacts: org.contacts,
          nis2EntityType: org.nis2EntityType ?? (org.kind === 'cert' ? null : 'none'),
          kritisOperator: org.kritisOperator ?? false,
          registeredDomains: org.registeredDomains ?? [],
          emailDomains: org.emailDomains ?? [],
          ipRanges: org.ipRanges ?? [],
        })
        .returning({ id: organizations.id });
      if (row) ids.set(org.key, row.id);
    }
    for (const user of DEMO_USERS) {
      const [row] = await tx
        .insert(users)
        .values({ email: user.email, name: user.name, locale: user.locale ?? 'de', passwordHash })
        .returning({ id: users.id });
      const organizationId = ids.get(user.organization);
      if (row && organizationId) await tx.insert(memberships).values({ userId: row.id, organizationId, role: user.role });
    }
    for (const group of DEMO_SHARING_GROUPS) {
      const [row] = await tx.insert(sharingGroups).values({ name: group.name, description: group.description }).returning({ id: sharingGroups.id });
      const members = group.members.map((key) => ids.get(key)).filter((id): id is string => id !== undefined);
      if (row && members.length > 0) {
        await tx.insert(sharingGroupMembers).values(members.map((organizationId) => ({ sharingGroupId: row.id, organizationId })));
      }
    }
    if (options.inventory) {
      const aliases = await loadAliasIndex(tx);
      const rows = DEMO_ASSETS.filter((asset) => ids.has(asset.organization)).map((asset) => {
        const purl = safeParsePurl(asset.purl);
        return {
          organizationId: ids.get(asset.organization)!,
          vendor: asset.vendor,
          product: asset.product,
          version: asset.version ?? purl?.version ?? null,
          purl: purl?.canonical ?? null,
          criticality: asset.criticality,
          whereUsed: asset.whereUsed,
          matchKey: matchKeyOf(asset.vendor, asset.product, aliases),
          cpeKey: cpeKeyOf(null) ?? null,
          purlKey: purlKeyOf(asset.purl) ?? null,
        };
      });
      if (rows.length > 0) await tx.insert(assets).values(rows);
    }
    await recordAudit(tx, { userId: null, label: 'system:seed' }, {
      action: 'platform.demo_community.seeded',
      details: { organizations: DEMO_ORGANIZATIONS.length, users: DEMO_USERS.length, assets: options.inventory ? DEMO_ASSETS.length : 0 },
    });
    return { seeded: true, password, passwordGenerated: configuredPassword === undefined, accounts: DEMO_USERS, organizations: DEMO_ORGANIZATIONS.length, organizationIds: ids } as const;
  });
}
