import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import type { DatabaseHandle } from '../../../server/platform/db/client.js';
import { organizations, sharingGroups } from '../../../server/organizations/organizations.table.js';
import { memberships, users } from '../../../server/users/users.table.js';
import { verifyPassword } from '../../../server/auth/password.js';
import { seedDemoCommunity } from '../../../server/seed/seed.js';
import { DEMO_USERS } from '../../../server/seed/demo-community.js';
import { createTestDatabase } from '../../support/database.js';

describe('seedDemoCommunity', () => {
  let database: DatabaseHandle;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => database.close());

  it('seeds the Thuringian community with real AGS keys and honours LAGEBILD_DEMO_PASSWORD', async () => {
    const result = await seedDemoCommunity(database.db, 'Ein-Demo-Passwort-2026');
    expect(result.seeded).to.equal(true);
    const byName = new Map((await database.db.select().from(organizations)).map((org) => [org.name, org]));
    expect(byName.get('Stadt Erfurt')?.ags).to.equal('16051000');
    expect(byName.get('Stadt Jena')?.ags).to.equal('16053000');
    expect(byName.get('Landkreis Gotha')?.kind).to.equal('district');
    expect(byName.get('Stadt Waltershausen')?.ags).to.equal('16067072');
    expect(byName.get('Stadt Waltershausen')?.parentId).to.equal(byName.get('Landkreis Gotha')?.id);
    expect(byName.get('Saale-Holzland-Kreis')?.ags).to.equal('16074000');
    expect(byName.get('CERT-Thüringen')?.kind).to.equal('cert');
    expect(byName.get('Stadtwerke Nordthüringen GmbH')).to.include({ kind: 'kritis_operator', sector: 'energy' });
    const [analyst] = await database.db.select().from(users).where(eq(users.email, 'analyst@lagebild.test'));
    expect(await verifyPassword(analyst?.passwordHash, 'Ein-Demo-Passwort-2026')).to.equal(true);
    expect(analyst?.passwordHash).to.match(/^\$argon2id\$/);
    expect(await database.db.select().from(users)).to.have.length(DEMO_USERS.length);
    expect(await database.db.select().from(memberships)).to.have.length(DEMO_USERS.length);
    expect((await database.db.select().from(sharingGroups)).map((group) => group.name)).to.include('Landkreis Gotha und Gemeinden');
  });

  it('leaves a database that already has organizations alone', async () => {
    const before = await database.db.select().from(organizations);
    const result = await seedDemoCommunity(database.db, undefined);
    expect(result.seeded).to.equal(false);
    expect(await database.db.select().from(organizations)).to.have.length(before.length);
  });

  it('generates and returns a password of at least 12 characters when none is configured', async () => {
    const fresh = await createTestDatabase();
    try {
      const result = await seedDemoCommunity(fresh.db, undefined);
      expect(result.seeded).to.equal(true);
      if (result.seeded) {
        expect(result.passwordGenerated).to.equal(true);
        expect(result.password.length).to.be.at.least(12);
      }
    } finally {
      await fresh.close();
    }
  });
});
