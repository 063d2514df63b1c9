import { expect } from 'chai';
import { sql } from 'drizzle-orm';
import { recordAudit } from '../../../server/audit/record-audit.js';
import { queryRows } from '../../../server/platform/db/client.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';

type Session = Awaited<ReturnType<typeof loginAs>>;
type Entry = { id: number; occurredAt: string; action: string; actor: string; objectId: string | null };

const HOUR = 3_600_000;
const START = Date.parse('2024-03-01T08:00:00.000Z');

describe('audit API: filters, cursor paging and chain verification', () => {
  let server: TestServer;
  let admin: Session;
  before(async () => {
    server = await startTestServer();
    admin = await loginAs(server.url, 'cert-admin@lagebild.test');
    // Five entries an hour apart, at times of our choosing, through the real append path.
    for (let i = 0; i < 5; i++) {
      await server.database.db.transaction((tx) =>
        recordAudit(tx, { userId: null, label: 'job:test' }, { action: 'test.range', objectType: 'test', objectId: `row-${i}` }, new Date(START + i * HOUR)),
      );
    }
  });
  after(async () => server.close());

  async function page(query: Record<string, string>): Promise<{ items: Entry[]; next: string | null }> {
    const response = await admin.agent.get('/api/v1/audit').query(query);
    expect(response.status, JSON.stringify(response.body)).to.equal(200);
    return response.body as { items: Entry[]; next: string | null };
  }

  it('filters by time range, both ends inclusive', async () => {
    const result = await page({ action: 'test.range', from: new Date(START + HOUR).toISOString(), to: new Date(START + 3 * HOUR).toISOString() });
    expect(result.items.map((item) => item.objectId)).to.deep.equal(['row-3', 'row-2', 'row-1']);
    const open = await page({ action: 'test.range', from: new Date(START + 3 * HOUR + 1).toISOString() });
    expect(open.items.map((item) => item.objectId)).to.deep.equal(['row-4']);
    const before = await page({ action: 'test.range', to: new Date(START - 1).toISOString() });
    expect(before.items).to.deep.equal([]);
  });

  it('accepts time zone offsets and rejects a date without one', async () => {
    const result = await page({ action: 'test.range', from: '2024-03-01T10:00:00+01:00', to: '2024-03-01T10:00:00+01:00' });
    expect(result.items.map((item) => item.objectId)).to.deep.equal(['row-1']);
    const bad = await admin.agent.get('/api/v1/audit').query({ from: '2024-03-01' });
    expect(bad.status).to.equal(400);
  });

  it('pages with an opaque cursor, newest first, without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const result: { items: Entry[]; next: string | null } = await page({ action: 'test.range', limit: '2', ...(cursor ? { cursor } : {}) });
      seen.push(...result.items.map((item) => item.objectId ?? ''));
      cursor = result.next;
      pages += 1;
    } while (cursor);
    expect(pages).to.equal(3);
    expect(seen).to.deep.equal(['row-4', 'row-3', 'row-2', 'row-1', 'row-0']);
    const broken = await admin.agent.get('/api/v1/audit').query({ cursor: 'not-a-cursor' });
    expect(broken.status).to.equal(400);
  });

  it('pages oldest first with order=asc, and refuses a cursor of the other order', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let firstNext: string | null = null;
    do {
      const result: { items: Entry[]; next: string | null } = await page({ action: 'test.range', limit: '2', order: 'asc', ...(cursor ? { cursor } : {}) });
      seen.push(...result.items.map((item) => item.objectId ?? ''));
      firstNext ??= result.next;
      cursor = result.next;
    } while (cursor);
    expect(seen).to.deep.equal(['row-0', 'row-1', 'row-2', 'row-3', 'row-4']);
    // An ascending cursor read newest first (or the reverse) would silently skip rows: 400 instead.
    const mixed = await admin.agent.get('/api/v1/audit').query({ action: 'test.range', limit: '2', cursor: firstNext });
    expect(mixed.status).to.equal(400);
    const descending = (await page({ action: 'test.range', limit: '2' })).next!;
    expect((await admin.agent.get('/api/v1/audit').query({ action: 'test.range', order: 'asc', cursor: descending })).status).to.equal(400);
    expect((await admin.agent.get('/api/v1/audit').query({ order: 'oldest' })).status).to.equal(400);
  });

  it('filters by actor and by action prefix together', async () => {
    const result = await page({ action: 'session.', actor: 'cert-admin@lagebild.test' });
    expect(result.items.length).to.be.greaterThan(0);
    for (const item of result.items) {
      expect(item.action.startsWith('session.')).to.equal(true);
      expect(item.actor).to.equal('cert-admin@lagebild.test');
    }
  });

  it('names directory objects as they are called today, never an advisory or incident title, and keeps a free-text id', async () => {
    const db = server.database.db;
    const [org] = await queryRows<{ id: string; name: string }>(db, sql`select id::text, name from organizations where name = 'Stadt Erfurt'`);
    const [user] = await queryRows<{ id: string; name: string; email: string }>(db, sql`select id::text, name, email from users where email = 'it@erfurt.lagebild.test'`);
    const [group] = await queryRows<{ id: string }>(db, sql`insert into sharing_groups (name) values ('Wasserversorger Ost') returning id::text`);
    const [advisory] = await queryRows<{ id: string }>(db, sql`insert into advisories (status, version, tlp, content, severity) values ('draft', 1, 'red', ${JSON.stringify({ title: { de: 'Geheimer Titel' } })}::jsonb, 'hoch') returning id::text`);
    const entries: [string, string][] = [
      ['organization', org!.id],
      ['user', user!.id.toUpperCase()],
      ['sharing_group', group!.id],
      ['advisory', advisory!.id],
      ['organization', '00000000-0000-4000-8000-000000000000'],
      ['organization', 'not-a-uuid'],
    ];
    for (const [objectType, objectId] of entries) {
      await db.transaction((tx) => recordAudit(tx, { userId: null, label: 'job:test' }, { action: 'test.named', objectType, objectId, details: { organizationId: org!.id, organizationIds: [org!.id, 'x'], advisoryId: advisory!.id } }));
    }
    const result = await page({ action: 'test.named', order: 'asc' });
    expect(result.items.map((item) => (item as Entry & { objectName: string | null }).objectName)).to.deep.equal([
      'Stadt Erfurt',
      `${user!.name} <${user!.email}>`,
      'Wasserversorger Ost',
      null,
      null,
      null,
    ]);
    expect(JSON.stringify(result.items)).to.not.contain('Geheimer Titel');
    // Ids in the details are named the same way (organizations, users, sharing groups only).
    expect((result.items[0] as Entry & { detailNames: Record<string, string> }).detailNames).to.deep.equal({ [org!.id]: 'Stadt Erfurt' });

    // The name as it is now: a renamed organization reads with its new name.
    await db.execute(sql`update organizations set name = 'Landeshauptstadt Erfurt' where id = ${org!.id}`);
    const renamed = await page({ action: 'test.named', objectType: 'organization', order: 'asc', limit: '1' });
    expect((renamed.items[0] as Entry & { objectName: string | null }).objectName).to.equal('Landeshauptstadt Erfurt');
    await db.execute(sql`update organizations set name = 'Stadt Erfurt' where id = ${org!.id}`);
  });

  it('verifies the chain on request, records the check, and names an altered row', async () => {
    const intact = await admin.agent.get('/api/v1/audit/verify');
    expect(intact.status).to.equal(200);
    expect(intact.body.intact).to.equal(true);
    expect(intact.body.rowsChecked).to.be.greaterThan(5);
    expect(intact.body.problems).to.deep.equal([]);
    const recorded = await page({ action: 'audit.verified', limit: '1' });
    expect(recorded.items[0]?.actor).to.equal('cert-admin@lagebild.test');

    const target = (await page({ action: 'test.range', limit: '1' })).items[0]!;
    await server.database.db.execute(sql`update audit_log set actor = 'someone-else' where id = ${target.id}`);
    const altered = await admin.agent.get('/api/v1/audit/verify');
    expect(altered.body.intact).to.equal(false);
    expect(altered.body.problems).to.deep.include({ id: target.id, problem: 'altered' });
  });
});
