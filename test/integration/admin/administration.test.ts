import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { hashPassword } from '../../../server/auth/password.js';
import { organizations } from '../../../server/organizations/organizations.table.js';
import { memberships, users } from '../../../server/users/users.table.js';
import { DEMO_PASSWORD } from '../../support/config.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';

type Session = Awaited<ReturnType<typeof loginAs>>;

async function orgIdOf(session: Session): Promise<string> {
  const me = await session.agent.get('/api/v1/me');
  return me.body.memberships[0].organization.id as string;
}

async function auditActions(admin: Session, query: Record<string, string>): Promise<string[]> {
  const response = await admin.agent.get('/api/v1/audit').query({ limit: '100', ...query });
  expect(response.status).to.equal(200);
  return (response.body.items as { action: string }[]).map((item) => item.action);
}

describe('administration: members, organizations and sharing groups', () => {
  let server: TestServer;
  let admin: Session;
  before(async () => {
    server = await startTestServer();
    admin = await loginAs(server.url, 'cert-admin@lagebild.test');
  });
  after(async () => server.close());

  describe('members of an organization', () => {
    it('lists the members of an org_admin\'s own organization with their roles', async () => {
      const gotha = await loginAs(server.url, 'isb@lk-gotha.lagebild.test');
      const list = await gotha.agent.get(`/api/v1/organizations/${await orgIdOf(gotha)}/members`);
      expect(list.status).to.equal(200);
      expect(list.body.items).to.deep.include({ userId: gotha.userId, email: 'isb@lk-gotha.lagebild.test', name: 'Andreas Schubert', active: true, role: 'org_admin' });
    });

    it('removes a membership (audited) and answers 404 for a second removal', async () => {
      const erfurt = await loginAs(server.url, 'it@erfurt.lagebild.test');
      const orgId = await orgIdOf(erfurt);
      const added = await erfurt.agent.post(`/api/v1/organizations/${orgId}/members`).set('x-csrf-token', erfurt.csrfToken).send({ email: 'weg@erfurt.lagebild.test', role: 'member' });
      expect(added.status).to.equal(201);
      const removed = await erfurt.agent.delete(`/api/v1/organizations/${orgId}/members/${added.body.userId}`).set('x-csrf-token', erfurt.csrfToken);
      expect(removed.status).to.equal(204);
      const list = await erfurt.agent.get(`/api/v1/organizations/${orgId}/members`);
      expect(list.body.items.map((item: { userId: string }) => item.userId)).not.to.include(added.body.userId);
      const again = await erfurt.agent.delete(`/api/v1/organizations/${orgId}/members/${added.body.userId}`).set('x-csrf-token', erfurt.csrfToken);
      expect(again.status).to.equal(404);
      expect(await auditActions(admin, { action: 'membership.', objectId: added.body.userId })).to.deep.equal(['membership.removed', 'membership.added']);
    });

    it('deactivates a member: their running session stops working at once and they cannot log in', async () => {
      const member = await loginAs(server.url, 'it@waltershausen.lagebild.test');
      expect((await member.agent.get('/api/v1/me')).status).to.equal(200);
      const orgId = await orgIdOf(member);
      // Waltershausen's members are administered by the CERT (no org_admin of its own in the demo).
      const response = await admin.agent.post(`/api/v1/organizations/${orgId}/members/${member.userId}/deactivate`).set('x-csrf-token', admin.csrfToken);
      expect(response.status).to.equal(204);
      expect((await member.agent.get('/api/v1/me')).status).to.equal(401);
      let refused: unknown;
      try {
        await loginAs(server.url, 'it@waltershausen.lagebild.test');
      } catch (error) {
        refused = error;
      }
      expect(String(refused)).to.match(/failed: 401/);
      const list = await admin.agent.get(`/api/v1/organizations/${orgId}/members`);
      expect(list.body.items.find((item: { userId: string }) => item.userId === member.userId).active).to.equal(false);
      expect(await auditActions(admin, { action: 'user.deactivated', objectId: member.userId })).to.deep.equal(['user.deactivated']);
    });

    it('refuses an org_admin deactivating someone of another organization', async () => {
      const jena = await loginAs(server.url, 'it@jena.lagebild.test');
      const erfurt = await loginAs(server.url, 'it@erfurt.lagebild.test');
      const response = await jena.agent.post(`/api/v1/organizations/${await orgIdOf(erfurt)}/members/${erfurt.userId}/deactivate`).set('x-csrf-token', jena.csrfToken);
      expect(response.status).to.equal(403);
      expect((await erfurt.agent.get('/api/v1/me')).status).to.equal(200);
    });

    it('reactivates a locked member under the lock\'s rule: another organization\'s org_admin is refused, the member signs in again (audited once)', async () => {
      const db = server.database.db;
      const [erfurtOrg] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, 'Stadt Erfurt'));
      const email = 'gesperrt@erfurt.lagebild.test';
      const [user] = await db.insert(users).values({ email, name: 'Gesperrt Erfurt', passwordHash: await hashPassword(DEMO_PASSWORD) }).returning({ id: users.id });
      await db.insert(memberships).values({ userId: user!.id, organizationId: erfurtOrg!.id, role: 'member' });
      const erfurt = await loginAs(server.url, 'it@erfurt.lagebild.test');
      const jena = await loginAs(server.url, 'it@jena.lagebild.test');
      const memberPath = (orgId: string) => `/api/v1/organizations/${orgId}/members/${user!.id}`;
      const locked = await erfurt.agent.post(`${memberPath(erfurtOrg!.id)}/deactivate`).set('x-csrf-token', erfurt.csrfToken);
      expect(locked.status).to.equal(204);
      const refusedLogin = await loginAs(server.url, email).catch((error: unknown) => error);
      expect(String(refusedLogin)).to.match(/failed: 401/);

      // Jena's org_admin: another organization's member is forbidden, and not found under Jena's own id, exactly as for locking.
      for (const action of ['deactivate', 'reactivate']) {
        const foreign = await jena.agent.post(`${memberPath(erfurtOrg!.id)}/${action}`).set('x-csrf-token', jena.csrfToken);
        expect(foreign.status, action).to.equal(403);
        expect(foreign.headers['content-type'], action).to.match(/^application\/problem\+json/);
        const ownId = await orgIdOf(jena);
        const notMember = await jena.agent.post(`${memberPath(ownId)}/${action}`).set('x-csrf-token', jena.csrfToken);
        expect(notMember.status, action).to.equal(404);
        expect(notMember.headers['content-type'], action).to.match(/^application\/problem\+json/);
      }
      const [still] = await db.select({ active: users.active }).from(users).where(eq(users.id, user!.id));
      expect(still!.active).to.equal(false);

      const unlocked = await erfurt.agent.post(`${memberPath(erfurtOrg!.id)}/reactivate`).set('x-csrf-token', erfurt.csrfToken);
      expect(unlocked.status).to.equal(204);
      const member = await loginAs(server.url, email);
      expect((await member.agent.get('/api/v1/me')).status).to.equal(200);
      const list = await erfurt.agent.get(`/api/v1/organizations/${erfurtOrg!.id}/members`);
      expect(list.body.items.find((item: { userId: string }) => item.userId === user!.id).active).to.equal(true);
      // A second unlock of an active account changes nothing and records nothing.
      expect((await erfurt.agent.post(`${memberPath(erfurtOrg!.id)}/reactivate`).set('x-csrf-token', erfurt.csrfToken)).status).to.equal(204);
      expect(await auditActions(admin, { action: 'user.', objectId: user!.id })).to.deep.equal(['user.reactivated', 'user.deactivated']);
    });

    it('refuses an org_admin reactivating someone who also belongs to an organization they do not administer', async () => {
      const db = server.database.db;
      const orgs = await db.select({ id: organizations.id, name: organizations.name }).from(organizations);
      const orgId = (name: string) => orgs.find((org) => org.name === name)!.id;
      const [user] = await db.insert(users).values({ email: 'doppelt@jena.lagebild.test', name: 'Doppelt', active: false, passwordHash: await hashPassword(DEMO_PASSWORD) }).returning({ id: users.id });
      await db.insert(memberships).values([
        { userId: user!.id, organizationId: orgId('Stadt Jena'), role: 'member' },
        { userId: user!.id, organizationId: orgId('Stadt Erfurt'), role: 'member' },
      ]);
      const jena = await loginAs(server.url, 'it@jena.lagebild.test');
      const response = await jena.agent.post(`/api/v1/organizations/${orgId('Stadt Jena')}/members/${user!.id}/reactivate`).set('x-csrf-token', jena.csrfToken);
      expect(response.status).to.equal(403);
      const [row] = await db.select({ active: users.active }).from(users).where(eq(users.id, user!.id));
      expect(row!.active).to.equal(false);
      const byCert = await admin.agent.post(`/api/v1/organizations/${orgId('Stadt Jena')}/members/${user!.id}/reactivate`).set('x-csrf-token', admin.csrfToken);
      expect(byCert.status).to.equal(204);
    });

    it('lets only a cert_admin manage CERT staff', async () => {
      const analyst = await loginAs(server.url, 'analyst@lagebild.test');
      const certOrg = await orgIdOf(analyst);
      const erfurt = await loginAs(server.url, 'it@erfurt.lagebild.test');
      expect((await erfurt.agent.get(`/api/v1/organizations/${certOrg}/members`)).status).to.equal(403);
      const promote = await admin.agent.patch(`/api/v1/organizations/${certOrg}/members/${analyst.userId}`).set('x-csrf-token', admin.csrfToken).send({ role: 'cert_admin' });
      expect(promote.status).to.equal(204);
      const back = await admin.agent.patch(`/api/v1/organizations/${certOrg}/members/${analyst.userId}`).set('x-csrf-token', admin.csrfToken).send({ role: 'cert_analyst' });
      expect(back.status).to.equal(204);
      expect(await auditActions(admin, { action: 'membership.role_changed', objectId: analyst.userId })).to.have.length(2);
    });
  });

  describe('organizations', () => {
    it('changes an organization (PATCH), keeps the AGS unique and rejects a bad AGS', async () => {
      const created = await admin.agent.post('/api/v1/organizations').set('x-csrf-token', admin.csrfToken).send({ name: 'Gemeinde Musterdorf', kind: 'municipality' });
      expect(created.status).to.equal(201);
      const id = created.body.id as string;
      const gotha = await loginAs(server.url, 'isb@lk-gotha.lagebild.test');
      const parentId = await orgIdOf(gotha);
      const patched = await admin.agent.patch(`/api/v1/organizations/${id}`).set('x-csrf-token', admin.csrfToken).send({ parentId, ags: '16067099', sector: 'public_administration', shortName: 'Musterdorf' });
      expect(patched.status, JSON.stringify(patched.body)).to.equal(200);
      expect(patched.body).to.include({ parentId, ags: '16067099', sector: 'public_administration', shortName: 'Musterdorf', name: 'Gemeinde Musterdorf' });
      expect((await admin.agent.get(`/api/v1/organizations/${id}`)).body.ags).to.equal('16067099');
      const bad = await admin.agent.patch(`/api/v1/organizations/${id}`).set('x-csrf-token', admin.csrfToken).send({ ags: '123' });
      expect(bad.status).to.equal(400);
      // A check of our own, named by its key, so the web client words it in its reader's language.
      expect(bad.body.errors).to.deep.include({ path: 'ags', message: 'Expected an Amtlicher Gemeindeschlüssel (AGS) of exactly 8 digits', code: 'custom', params: { key: 'ags' } });
      const other = await admin.agent.post('/api/v1/organizations').set('x-csrf-token', admin.csrfToken).send({ name: 'Gemeinde Zweitdorf', kind: 'municipality' });
      const clash = await admin.agent.patch(`/api/v1/organizations/${other.body.id}`).set('x-csrf-token', admin.csrfToken).send({ ags: '16067099' });
      expect(clash.status).to.equal(409);
      const missing = await admin.agent.patch('/api/v1/organizations/00000000-0000-4000-8000-000000000000').set('x-csrf-token', admin.csrfToken).send({ shortName: 'x' });
      expect(missing.status).to.equal(404);
      expect(await auditActions(admin, { action: 'organization.updated', objectId: id })).to.deep.equal(['organization.updated']);
    });

    it('deactivates an organization (DELETE): gone from the directory, kept in the database', async () => {
      const created = await admin.agent.post('/api/v1/organizations').set('x-csrf-token', admin.csrfToken).send({ name: 'Zweckverband Abwasser Test', kind: 'kritis_operator', sector: 'water' });
      const id = created.body.id as string;
      expect((await admin.agent.delete(`/api/v1/organizations/${id}`).set('x-csrf-token', admin.csrfToken)).status).to.equal(204);
      expect((await admin.agent.get(`/api/v1/organizations/${id}`)).status).to.equal(404);
      const directory = await admin.agent.get('/api/v1/organizations').query({ limit: '100' });
      expect(directory.body.items.map((item: { id: string }) => item.id)).not.to.include(id);
      expect(await auditActions(admin, { action: 'organization.deactivated', objectId: id })).to.deep.equal(['organization.deactivated']);
      expect((await admin.agent.delete('/api/v1/organizations/00000000-0000-4000-8000-000000000000').set('x-csrf-token', admin.csrfToken)).status).to.equal(404);
    });
  });

  describe('sharing groups', () => {
    it('replaces name, description and members (PUT) and deletes a group', async () => {
      const directory = await admin.agent.get('/api/v1/organizations').query({ limit: '100' });
      const [a, b, c] = (directory.body.items as { id: string }[]).map((item) => item.id);
      const created = await admin.agent.post('/api/v1/sharing-groups').set('x-csrf-token', admin.csrfToken).send({ name: 'Wasserversorger', organizationIds: [a, b] });
      expect(created.status).to.equal(201);
      const id = created.body.id as string;
      const replaced = await admin.agent.put(`/api/v1/sharing-groups/${id}`).set('x-csrf-token', admin.csrfToken).send({ name: 'Wasser und Abwasser', description: 'KRITIS Wasser', organizationIds: [c, c, b] });
      expect(replaced.status).to.equal(204);
      const groups = await admin.agent.get('/api/v1/sharing-groups');
      const group = groups.body.items.find((item: { id: string }) => item.id === id);
      expect(group.name).to.equal('Wasser und Abwasser');
      expect(group.description).to.equal('KRITIS Wasser');
      expect([...group.organizationIds].sort()).to.deep.equal([b, c].sort());
      expect((await admin.agent.delete(`/api/v1/sharing-groups/${id}`).set('x-csrf-token', admin.csrfToken)).status).to.equal(204);
      const after = await admin.agent.get('/api/v1/sharing-groups');
      expect(after.body.items.map((item: { id: string }) => item.id)).not.to.include(id);
      expect((await admin.agent.delete(`/api/v1/sharing-groups/${id}`).set('x-csrf-token', admin.csrfToken)).status).to.equal(404);
      expect((await admin.agent.put(`/api/v1/sharing-groups/${id}`).set('x-csrf-token', admin.csrfToken).send({ name: 'Weg', organizationIds: [] })).status).to.equal(404);
      expect(await auditActions(admin, { action: 'sharing_group.', objectId: id })).to.deep.equal(['sharing_group.deleted', 'sharing_group.updated', 'sharing_group.created']);
    });
  });
});
