import { expect } from 'chai';
import { io } from 'socket.io-client';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';
import { DEMO_PASSWORD } from '../../support/config.js';
import { advisoryBody, organizationIds, publishedAdvisory } from '../../support/advisories.js';
import { connectLive, seqs, sessionCookie, throughMarker, type LiveClient } from '../../support/live.js';
import { AdvisoryEventPayloadSchema } from '../../../server/realtime/events.js';

type Session = Awaited<ReturnType<typeof loginAs>>;

describe('Live delivery over Socket.IO (handshake, replay after a disconnect, identity changes)', () => {
  let server: TestServer;
  let admin: Session;
  let orgs: Map<string, string>;
  const open: LiveClient[] = [];

  function live(options: Parameters<typeof connectLive>[1]): LiveClient {
    const client = connectLive(server.url, options);
    open.push(client);
    return client;
  }

  async function publish(title: string, tlp: string, organizations: string[] = []): Promise<string> {
    return publishedAdvisory(admin, advisoryBody({ title: { de: title }, tlp, audience: { organizations, sharingGroups: [], users: [] } }));
  }

  before(async () => {
    server = await startTestServer();
    admin = await loginAs(server.url, 'cert-admin@lagebild.test');
    orgs = await organizationIds(admin.agent);
  });
  afterEach(() => {
    for (const client of open.splice(0)) client.close();
  });
  after(async () => server.close());

  it('authenticates with a bearer API token and rejects an invalid one', async () => {
    const created = await admin.agent.post('/api/v1/tokens').set('x-csrf-token', admin.csrfToken).send({ name: 'socket', scopes: ['read'] });
    expect(created.status).to.equal(201);
    const client = live({ token: created.body.token as string });
    await client.nextReady();
    const id = await publish('Token-Zustellung', 'GREEN');
    const event = await client.waitFor((candidate) => candidate.payload.id === id);
    expect(event.type).to.equal('advisory.published');
    expect(AdvisoryEventPayloadSchema.safeParse(event.payload).success, 'payload matches the shared schema').to.equal(true);

    const rejected = io(server.url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: 'lbt_not-a-token' } });
    const error = await new Promise<Error & { data?: { code: string } }>((resolve) => rejected.on('connect_error', resolve));
    rejected.close();
    expect(error.data?.code).to.equal('UNAUTHENTICATED');
  });

  it('refuses a browser handshake from a foreign Origin', async () => {
    const socket = io(server.url, { transports: ['polling'], forceNew: true, reconnection: false, extraHeaders: { origin: 'https://evil.example' } });
    const error = await new Promise<Error>((resolve) => socket.on('connect_error', resolve));
    socket.close();
    expect(error.message).to.match(/xhr poll error|403|Forbidden/i);
  });

  it('replays every missed event the user may see, in order, after a disconnect — and nothing else', async () => {
    const cookie = await sessionCookie(server.url, 'it@erfurt.lagebild.test', DEMO_PASSWORD);
    const client = live({ cookie, reconnection: false });
    const { seq: before } = await client.nextReady();
    client.close();
    // What happens while the laptop sleeps (a minute, or an hour: only the seq counts).
    const green = await publish('Verpasst grün', 'GREEN');
    const amberGotha = await publish('Verpasst AMBER Gotha', 'AMBER', [orgs.get('Landkreis Gotha')!]);
    const amberErfurt = await publish('Verpasst AMBER Erfurt', 'AMBER', [orgs.get('Stadt Erfurt')!]);
    const withdrawn = await admin.agent.post(`/api/v1/advisories/${green}/withdraw`).set('x-csrf-token', admin.csrfToken).send({});
    expect(withdrawn.status).to.equal(200);

    const resumed = live({ cookie, since: before });
    const ready = await resumed.nextReady();
    // Each missed event arrives in the replay or, if this instance had not fanned it out yet, live: before
    // `ready` when it was fanned out during the replay, else after it (docs/adr/0005; replay-ordering.test.ts
    // forces the orders): a marker published now is delivered after all of them.
    const after = await publish('Danach', 'CLEAR');
    await throughMarker([resumed], after);
    // Advisory events only: Erfurt's bell (notification.created) rides the same channel with its own ids.
    expect(resumed.received.filter((event) => event.type.startsWith('advisory.')).map((event) => [event.type, event.payload.id])).to.deep.equal([
      ['advisory.published', green],
      ['advisory.published', amberErfurt],
      ['advisory.withdrawn', green],
      ['advisory.published', after],
    ]);
    expect(ready.replayed, 'ready counts what came before it').to.equal(resumed.receivedBeforeReady);
    expect(resumed.received.some((event) => event.payload.id === amberGotha)).to.equal(false);
    const received = seqs(resumed);
    expect(received, 'in seq order, each once').to.deep.equal([...new Set(received)].sort((a, b) => a - b));
    expect(ready.seq).to.be.at.least(received[resumed.receivedBeforeReady - 1] ?? before);
  });

  it('moves connected sockets between rooms at once when memberships change, and disconnects a deactivated user', async () => {
    const jena = orgs.get('Stadt Jena')!;
    const gotha = orgs.get('Landkreis Gotha')!;
    const added = await admin.agent.post(`/api/v1/organizations/${jena}/members`).set('x-csrf-token', admin.csrfToken).send({ email: 'neu@jena.lagebild.test', name: 'Neu', role: 'member' });
    expect(added.status).to.equal(201);
    const userId = added.body.userId as string;
    const token = await tokenFor(userId);
    const client = live({ token });
    await client.nextReady();

    const beforeJoin = await publish('Vor dem Beitritt', 'AMBER', [gotha]);
    const join = await admin.agent.post(`/api/v1/organizations/${gotha}/members`).set('x-csrf-token', admin.csrfToken).send({ email: 'neu@jena.lagebild.test', role: 'member' });
    expect(join.status).to.equal(201);
    const afterJoin = await publish('Nach dem Beitritt', 'AMBER', [gotha]);
    await client.waitFor((event) => event.payload.id === afterJoin);
    expect(client.received.map((event) => event.payload.id)).to.not.include(beforeJoin);

    const left = await admin.agent.delete(`/api/v1/organizations/${gotha}/members/${userId}`).set('x-csrf-token', admin.csrfToken);
    expect(left.status).to.equal(204);
    const afterLeave = await publish('Nach dem Austritt', 'AMBER', [gotha]);
    const marker = await publish('Marker', 'GREEN');
    await client.waitFor((event) => event.payload.id === marker);
    expect(client.received.map((event) => event.payload.id)).to.not.include(afterLeave);

    const disconnected = new Promise<string>((resolve) => client.socket.on('disconnect', resolve));
    const deactivated = await admin.agent.post(`/api/v1/organizations/${jena}/members/${userId}/deactivate`).set('x-csrf-token', admin.csrfToken).send({});
    expect(deactivated.status).to.equal(204);
    expect(await disconnected).to.equal('io server disconnect');
  });

  // A personal token of a user without a password: created directly, as the token service would.
  async function tokenFor(userId: string): Promise<string> {
    const { createToken } = await import('../../../server/tokens/tokens.service.js');
    const { loadUserPrincipal } = await import('../../../server/auth/principal.js');
    const principal = await loadUserPrincipal(server.database.db, userId);
    const created = await createToken(server.database.db, principal!, { name: 'live', scopes: ['read'], expiresInDays: 1 }, null);
    return (created as { token: string }).token;
  }
});
