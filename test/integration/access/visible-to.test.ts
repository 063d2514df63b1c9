import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { DatabaseHandle } from '../../../server/platform/db/client.js';
import { ANONYMOUS, loadUserPrincipal, type Principal } from '../../../server/auth/principal.js';
import { visibleTo } from '../../../server/access/visible-to.js';
import { canView } from '../../../server/access/policy.js';
import { TLP_LEVELS, type TlpLevel } from '../../../server/access/tlp.js';
import { organizations, sharingGroupMembers, sharingGroups } from '../../../server/organizations/organizations.table.js';
import { memberships, users } from '../../../server/users/users.table.js';
import { advisories } from '../../../server/advisories/advisories.table.js';
import { ADVISORY_VISIBILITY } from '../../../server/advisories/advisories.repo.js';
import { AdvisoryContentSchema } from '../../../server/advisories/advisories.schemas.js';
import { accessObjectOf } from '../../../server/advisories/advisories.policy.js';
import { createTestDatabase } from '../../support/database.js';
import { EXPECTED_DRAFT, EXPECTED_PUBLISHED, IDS, MEMBERSHIPS, ORGANIZATIONS, PERSONAS, accessObject, syntheticPrincipal, type Persona } from '../../access/tlp-truth-table.js';

const SNAPSHOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../access/__snapshots__/visible-to.sql');

async function seedWorld(database: DatabaseHandle): Promise<Map<string, { tlp: TlpLevel; draft: boolean }>> {
  const { db } = database;
  for (const org of ORGANIZATIONS) {
    await db.insert(organizations).values({ id: IDS.org[org.key], name: `Matrix ${org.key}`, kind: org.kind, parentId: org.parent ? IDS.org[org.parent] : null });
  }
  await db.insert(sharingGroups).values({ id: IDS.group, name: 'Matrix group' });
  await db.insert(sharingGroupMembers).values({ sharingGroupId: IDS.group, organizationId: IDS.org.utility });
  for (const [persona, membership] of Object.entries(MEMBERSHIPS)) {
    const userId = IDS.user[persona as keyof typeof IDS.user];
    await db.insert(users).values({ id: userId, email: `${persona.toLowerCase()}@matrix.test`, name: persona });
    await db.insert(memberships).values({ userId, organizationId: IDS.org[membership.org], role: membership.role });
  }
  const rows = new Map<string, { tlp: TlpLevel; draft: boolean }>();
  for (const tlp of TLP_LEVELS) {
    for (const draft of [false, true]) {
      const object = accessObject(tlp, draft ? 'draft' : 'published');
      const content = AdvisoryContentSchema.parse({ title: { de: `Matrix ${tlp}` }, summary: { de: 'Zusammenfassung' }, body: { de: 'Text' }, severity: 'mittel', tlp, audience: object.audience });
      const [row] = await db
        .insert(advisories)
        .values({
          status: object.status,
          tlp,
          content,
          severity: 'mittel',
          audienceOrganizationIds: object.audience.organizations,
          audienceSharingGroupIds: object.audience.sharingGroups,
          audienceUserIds: object.audience.users,
          authorOrganizationId: object.authorOrganizationId,
          authorUserId: object.authorUserId,
        })
        .returning({ id: advisories.id });
      rows.set(row!.id, { tlp, draft });
    }
  }
  return rows;
}

describe('visibleTo (SQL) against the TLP truth table', () => {
  let database: DatabaseHandle;
  let rows: Map<string, { tlp: TlpLevel; draft: boolean }>;

  before(async () => {
    database = await createTestDatabase();
    rows = await seedWorld(database);
  });
  after(async () => database.close());

  async function principalOf(persona: Persona): Promise<Principal> {
    if (persona === 'anonymous') return ANONYMOUS;
    const loaded = await loadUserPrincipal(database.db, IDS.user[persona]);
    return loaded!;
  }

  it('loads principals exactly as the unit test builds them', async () => {
    for (const persona of PERSONAS) {
      if (persona === 'anonymous') continue;
      const loaded = (await principalOf(persona)) as ReturnType<typeof syntheticPrincipal>;
      const synthetic = syntheticPrincipal(persona);
      expect(loaded.organizationIds, persona).to.deep.equal(synthetic.organizationIds);
      expect(loaded.ancestorOrganizationIds, persona).to.deep.equal(synthetic.ancestorOrganizationIds);
      expect(loaded.sharingGroupIds, persona).to.deep.equal(synthetic.sharingGroupIds);
      expect(loaded.isCert, persona).to.equal(synthetic.isCert);
    }
  });

  for (const persona of PERSONAS) {
    it(`returns exactly the rows the table allows for ${persona}, agreeing with canView`, async () => {
      const principal = await principalOf(persona);
      const visible = await database.db.select().from(advisories).where(visibleTo(principal, ADVISORY_VISIBILITY));
      const visibleIds = new Set(visible.map((row) => row.id));
      const all = await database.db.select().from(advisories);
      for (const row of all) {
        const { tlp, draft } = rows.get(row.id)!;
        const expected = (draft ? EXPECTED_DRAFT : EXPECTED_PUBLISHED)[tlp][persona];
        const label = `${draft ? 'draft' : 'published'} ${tlp} for ${persona}`;
        expect(visibleIds.has(row.id), `SQL: ${label}`).to.equal(expected);
        expect(canView(principal, accessObjectOf(row)), `policy: ${label}`).to.equal(expected);
      }
    });
  }

  it('matches the SQL snapshot per persona (test/access/__snapshots__/visible-to.sql)', () => {
    const dialect = new PgDialect();
    const text = PERSONAS.map((persona) => {
      const principal = persona === 'anonymous' ? ANONYMOUS : syntheticPrincipal(persona);
      const query = dialect.sqlToQuery(visibleTo(principal, ADVISORY_VISIBILITY));
      return `-- ${persona}\n-- params: ${JSON.stringify(query.params)}\n${query.sql};\n`;
    }).join('\n');
    if (!existsSync(SNAPSHOT)) {
      mkdirSync(dirname(SNAPSHOT), { recursive: true });
      writeFileSync(SNAPSHOT, text);
    }
    expect(text).to.equal(readFileSync(SNAPSHOT, 'utf8'));
  });
});
