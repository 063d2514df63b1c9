import { expect } from 'chai';
import { sql } from 'drizzle-orm';
import { io } from 'socket.io-client';
import { JOBS, type JobDeps } from '../../../server/jobs.js';
import { pruneEvents } from '../../../server/platform/outbox/prune.js';
import { queryRows } from '../../../server/platform/db/client.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';
import { DEMO_PASSWORD, testConfig } from '../../support/config.js';
import { advisoryBody, organizationIds, publishedAdvisory } from '../../support/advisories.js';
import { connectLive, sessionCookie, type LiveClient } from '../../support/live.js';

type Session = Awaited<ReturnType<typeof loginAs>>;

/** Live delivery when access goes away: narrowing revisions, revoked tokens, pruned history. */
describe('Live delivery when access is lost (revocations, revoked tokens, events retention)', () => {
  let server: TestServer;
  let admin: Session;
  let orgs: Map<string, string>;
  const open: LiveClient[] = [];

  function live(options: Parameters<typeof connectLive>[1]): LiveClient {
    const client = connectLive(server.url, options);
    open.push(client);
    return client;
  }

  /** Connects one live client per account (null: anonymous) and waits until each is live. */
  async function connectReady(...emails: [string | null, string | null, string | null]): Promise<[LiveClient, LiveClient, LiveClient]> {
    const cookies = await Promise.all(emails.map((email) => (email ? sessionCookie(server.url, email, DEMO_PASSWORD) : Promise.resolve(undefined))));
    const clients = cookies.map((cookie) => live(cookie ? { cookie } : {}));
    await Promise.all(clients.map((client) => client.nextReady()));
    return clients as [LiveClient, LiveClient, LiveClient];
  }

  const audience = (...names: string[]) => ({ organizations: names.map((name) => orgs.get(name)!), sharingGroups: [], users: [] });

  /** Prepares and publishes the next revision with the given changes. */
  async function revise(id: string, changes: Record<string, unknown>): Promise<void> {
    const patched = await admin.agent.patch(`/api/v1/advisories/${id}`).set('x-csrf-token', admin.csrfToken).send(changes);
    expect(patched.status, JSON.stringify(patched.body)).to.equal(200);
    const published = await admin.agent.post(`/api/v1/advisories/${id}/publish`).set('x-csrf-token', admin.csrfToken).send({ changeNote: { de: 'Angaben aktualisiert', en: 'Details updated' } });
    expect(published.status, JSON.stringify(published.body)).to.equal(200);
  }

  /** Lets a marker event through so that everything before it has been fanned out. */
  async function settle(clients: LiveClient[]): Promise<void> {
    const marker = await publishedAdvisory(admin, advisoryBody({ title: { de: `Marker ${Date.now()}` }, tlp: 'GREEN' }));
    for (const client of clients) await client.waitFor((event) => event.type === 'advisory.published' && event.payload.id === marker);
  }

  const about = (client: LiveClient, id: string) =>
    client.received.filter((event) => (event.payload as { id?: string; advisoryId?: string }).id === id || (event.payload as { advisoryId?: string }).advisoryId === id).map((event) => event.type);

  before(async function () {
    this.timeout(180_000);
    // Web role only: no notification consumer moves the outbox cursor while the retention tests set it.
    server = await startTestServer({ env: { SERVER_ROLES: 'web' } });
    admin = await loginAs(server.url, 'cert-admin@lagebild.test');
    orgs = await organizationIds(admin.agent);
  });
  afterEach(() => {
    for (const client of open.splice(0)) client.close();
  });
  after(async () => server?.close());

  it('sends advisory.revoked (the id only) to exactly those who lose access when a revision reduces the audience', async () => {
    const [erfurt, jena, analyst] = await connectReady('it@erfurt.lagebild.test', 'it@jena.lagebild.test', 'analyst@lagebild.test');
    const id = await publishedAdvisory(admin, advisoryBody({ title: { de: 'Erst Erfurt und Jena' }, tlp: 'AMBER', audience: audience('Stadt Erfurt', 'Stadt Jena') }));
    await jena.waitFor((event) => event.type === 'advisory.published' && event.payload.id === id);

    await revise(id, { audience: audience('Stadt Erfurt') });
    const revoked = await jena.waitFor((event) => event.type === 'advisory.revoked');
    expect(revoked.payload, 'nothing of the content travels with a revocation').to.deep.equal({ id });
    await settle([erfurt, jena, analyst]);
    expect(about(jena, id)).to.deep.equal(['advisory.published', 'advisory.revoked']);
    expect(about(erfurt, id)).to.deep.equal(['advisory.published', 'advisory.revised']);
    expect(about(analyst, id)).to.deep.equal(['advisory.published', 'advisory.revised']);
  });

  it('revokes a GREEN advisory raised to AMBER from everyone outside the new audience', async () => {
    const [erfurt, jena, anonymous] = await connectReady('it@erfurt.lagebild.test', 'it@jena.lagebild.test', null);
    const id = await publishedAdvisory(admin, advisoryBody({ title: { de: 'Erst GRÜN' }, tlp: 'GREEN' }));
    await revise(id, { tlp: 'AMBER', audience: audience('Stadt Erfurt') });
    await settle([erfurt, jena]);
    expect(about(jena, id)).to.deep.equal(['advisory.published', 'advisory.revoked']);
    expect(about(erfurt, id)).to.deep.equal(['advisory.published', 'advisory.revised']);
    expect(about(anonymous, id), 'an anonymous socket never saw it, so it gets no revocation either').to.deep.equal([]);
  });

  it('writes no revocation when a revision only widens who may see the advisory', async () => {
    const id = await publishedAdvisory(admin, advisoryBody({ title: { de: 'Erst AMBER Erfurt' }, tlp: 'AMBER', audience: audience('Stadt Erfurt') }));
    await revise(id, { audience: audience('Stadt Erfurt', 'Stadt Jena') });
    await revise(id, { tlp: 'GREEN', audience: audience() });
    const rows = await queryRows<{ type: string }>(server.database.db, sql`select type from events where payload->>'id' = ${id} order by seq`);
    expect(rows.map((row) => row.type)).to.deep.equal(['advisory.published', 'advisory.revised', 'advisory.revised']);
  });

  it('never replays the old version to someone who lost access, only the revocation', async () => {
    const jenaCookie = await sessionCookie(server.url, 'it@jena.lagebild.test', DEMO_PASSWORD);
    const erfurtCookie = await sessionCookie(server.url, 'it@erfurt.lagebild.test', DEMO_PASSWORD);
    const probe = live({ cookie: jenaCookie, reconnection: false });
    const { seq: before } = await probe.nextReady();
    probe.close();
    // While both are away: published to Erfurt and Jena, then narrowed to Erfurt.
    const id = await publishedAdvisory(admin, advisoryBody({ title: { de: 'Verpasst und entzogen' }, tlp: 'AMBER', audience: audience('Stadt Erfurt', 'Stadt Jena') }));
    await revise(id, { audience: audience('Stadt Erfurt') });

    const jena = live({ cookie: jenaCookie, since: before });
    const erfurt = live({ cookie: erfurtCookie, since: before });
    await Promise.all([jena.nextReady(), erfurt.nextReady()]);
    // Missed events arrive in the replay or live right after `ready` (docs/adr/0005): wait for all of them.
    await settle([jena, erfurt]);
    expect(about(jena, id)).to.deep.equal(['advisory.revoked']);
    expect(jena.received.find((event) => event.type === 'advisory.revoked')!.payload).to.deep.equal({ id });
    expect(about(erfurt, id)).to.deep.equal(['advisory.published', 'advisory.revised']);
  });

  it('disconnects a socket authenticated with an API token as soon as the token is revoked', async () => {
    const erfurt = await loginAs(server.url, 'it@erfurt.lagebild.test');
    const created = await erfurt.agent.post('/api/v1/tokens').set('x-csrf-token', erfurt.csrfToken).send({ name: 'siem', scopes: ['read'] });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const cookie = await sessionCookie(server.url, 'it@erfurt.lagebild.test', DEMO_PASSWORD);
    const tokenClient = live({ token: created.body.token as string, reconnection: false });
    const tokenReady = tokenClient.nextReady();
    const sessionClient = live({ cookie, reconnection: false });
    await Promise.all([tokenReady, sessionClient.nextReady()]);
    const gone = new Promise<string>((resolve) => tokenClient.socket.once('disconnect', resolve));

    const revoked = await erfurt.agent.delete(`/api/v1/tokens/${created.body.id as string}`).set('x-csrf-token', erfurt.csrfToken);
    expect(revoked.status).to.be.oneOf([200, 204]);
    expect(await gone).to.equal('io server disconnect');
    // The same user's session socket stays and keeps receiving.
    await settle([sessionClient]);
    expect(sessionClient.socket.connected).to.equal(true);
    // And the token no longer opens a socket.
    const again = io(server.url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: created.body.token as string } });
    const error = await new Promise<Error & { data?: { code: string } }>((resolve) => again.on('connect_error', resolve));
    again.close();
    expect(error.data?.code).to.equal('UNAUTHENTICATED');
  });

  it('prunes events beyond the retention (keeping the newest and unconsumed ones) and answers an older since with resync', async () => {
    expect(JOBS.map((job) => job.name)).to.include('events.prune');
    const db = server.database.db;
    const probe = live({ reconnection: false });
    const { seq: before } = await probe.nextReady();
    probe.close();
    await publishedAdvisory(admin, advisoryBody({ title: { de: 'Alt 1' }, tlp: 'CLEAR' }));
    await publishedAdvisory(admin, advisoryBody({ title: { de: 'Alt 2' }, tlp: 'CLEAR' }));
    // A consumer that has processed everything.
    await db.execute(sql`insert into outbox_cursors (name, seq) values ('test-consumer', (select max(seq) from events)) on conflict (name) do update set seq = excluded.seq`);
    // Everything looks 40 days old; retention is 30 days.
    await db.execute(sql`update events set created_at = now() - interval '40 days'`);
    const [{ newest }] = (await queryRows<{ newest: number }>(db, sql`select max(seq)::int as newest from events`)) as [{ newest: number }];
    const deleted = await pruneEvents(db, 30);
    expect(deleted).to.be.greaterThan(0);
    const rows = await queryRows<{ seq: number }>(db, sql`select seq::int as seq from events order by seq`);
    expect(rows.map((row) => row.seq), 'the newest event is kept').to.deep.equal([newest]);
    // The scheduled job says what it did (the jobs page words it): nothing more to prune.
    const job = JOBS.find((candidate) => candidate.name === 'events.prune')!;
    const config = testConfig({ LAGEBILD_DEMO_PASSWORD: DEMO_PASSWORD });
    expect(await job.run({ database: server.database, config } as JobDeps)).to.deep.equal({ deleted: 0, retentionDays: config.settings.realtime.eventRetentionDays });

    const resumed = live({ since: before, reconnection: false });
    const resync = await new Promise<{ seq: number; reason: string }>((resolve) => resumed.socket.once('resync', resolve));
    expect(resync.reason).to.equal('purged');
    expect(resumed.received).to.deep.equal([]);
  });

  it('keeps events the notification consumer has not processed, whatever their age', async () => {
    const db = server.database.db;
    const [{ cursor }] = (await queryRows<{ cursor: number }>(db, sql`select max(seq)::int as cursor from events`)) as [{ cursor: number }];
    await db.execute(sql`update outbox_cursors set seq = ${cursor} where name = 'test-consumer'`);
    await publishedAdvisory(admin, advisoryBody({ title: { de: 'Unverarbeitet 1' }, tlp: 'CLEAR' }));
    await publishedAdvisory(admin, advisoryBody({ title: { de: 'Unverarbeitet 2' }, tlp: 'CLEAR' }));
    await db.execute(sql`update events set created_at = now() - interval '400 days'`);
    await pruneEvents(db, 30);
    const rows = await queryRows<{ seq: number }>(db, sql`select seq::int as seq from events where seq > ${cursor}`);
    expect(rows.length, 'everything after the consumer cursor survives').to.be.at.least(2);
    await db.execute(sql`delete from outbox_cursors where name = 'test-consumer'`);
  });
});
