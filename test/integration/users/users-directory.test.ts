import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';

type DirectoryPage = { items: { id: string; name: string; organization: { id: string; name: string } | null }[]; next: string | null };

describe('GET /api/v1/users: the recipient directory for TLP:RED', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.close());

  it('finds users by name or e-mail for CERT staff, with their organization and without e-mail', async () => {
    const { agent } = await loginAs(server.url, 'analyst@lagebild.test');
    const response = await agent.get('/api/v1/users').query({ q: 'lk-gotha' });
    expect(response.status).to.equal(200);
    const page = response.body as DirectoryPage;
    expect(page.items).to.have.length(1);
    expect(page.items[0]?.organization?.name).to.equal('Landkreis Gotha');
    expect(Object.keys(page.items[0] ?? {}).sort()).to.deep.equal(['id', 'name', 'organization']);
    expect(JSON.stringify(page)).not.to.contain('@');
  });

  it('pages through everyone in name order without repeating anyone', async () => {
    const { agent } = await loginAs(server.url, 'cert-admin@lagebild.test');
    const seen: string[] = [];
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await agent.get('/api/v1/users').query(cursor ? { limit: 2, cursor } : { limit: 2 });
      expect(response.status).to.equal(200);
      const page = response.body as DirectoryPage;
      expect(page.items.length).to.be.at.most(2);
      seen.push(...page.items.map((item) => item.id));
      names.push(...page.items.map((item) => item.name));
      cursor = page.next;
    } while (cursor);
    expect(new Set(seen).size).to.equal(seen.length);
    expect(seen.length).to.be.at.least(7);
    // The same order as one big page (the database's collation decides it, on both drivers).
    const whole = (await agent.get('/api/v1/users').query({ limit: 100 })).body as DirectoryPage;
    expect(whole.items.map((item) => item.name)).to.deep.equal(names);
  });

  it('resolves names by id, and rejects ids that are not UUIDs', async () => {
    const { agent } = await loginAs(server.url, 'analyst@lagebild.test');
    const gotha = ((await agent.get('/api/v1/users').query({ q: 'lk-gotha' })).body as DirectoryPage).items[0];
    const jena = ((await agent.get('/api/v1/users').query({ q: 'it@jena' })).body as DirectoryPage).items[0];
    const byIds = await agent.get('/api/v1/users').query({ ids: `${gotha?.id},${jena?.id}` });
    expect(byIds.status).to.equal(200);
    expect((byIds.body as DirectoryPage).items.map((item) => item.id).sort()).to.deep.equal([gotha?.id, jena?.id].sort());
    const bad = await agent.get('/api/v1/users').query({ ids: 'not-a-uuid' });
    expect(bad.status).to.equal(400);
    expect(bad.body.errors[0].path).to.match(/^ids/);
  });

  it('treats LIKE wildcards in q as text', async () => {
    const { agent } = await loginAs(server.url, 'analyst@lagebild.test');
    for (const q of ['%', '_', '\\']) {
      const response = await agent.get('/api/v1/users').query({ q });
      expect(response.status, q).to.equal(200);
      expect((response.body as DirectoryPage).items, q).to.deep.equal([]);
    }
  });

  it('refuses organization admins and members (403) and anonymous callers (401)', async () => {
    for (const email of ['isb@lk-gotha.lagebild.test', 'it@waltershausen.lagebild.test']) {
      const { agent } = await loginAs(server.url, email);
      expect((await agent.get('/api/v1/users')).status, email).to.equal(403);
    }
    const anonymous = await fetch(`${server.url}/api/v1/users`);
    expect(anonymous.status).to.equal(401);
  });

  it('rejects a forged cursor with a 400 problem', async () => {
    const { agent } = await loginAs(server.url, 'analyst@lagebild.test');
    const response = await agent.get('/api/v1/users').query({ cursor: 'bm90LWEtY3Vyc29y' });
    expect(response.status).to.equal(400);
    expect(response.headers['content-type']).to.match(/application\/problem\+json/);
  });
});
