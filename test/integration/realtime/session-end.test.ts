import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { fixedClock } from '../../../server/platform/clock.js';
import { createLogger } from '../../../server/platform/logger.js';
import { startLagebild } from '../../../server/server.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';
import { DEMO_PASSWORD, testConfig } from '../../support/config.js';
import { advisoryBody, organizationIds, publishedAdvisory } from '../../support/advisories.js';
import { connectLive, throughMarker, type LiveClient } from '../../support/live.js';
import { EXPIRY_SWEEP_MS } from '../../../server/realtime/session-guard.js';

type Session = Awaited<ReturnType<typeof loginAs>>;
/** A browser's login: the cookie for sockets and plain requests, and its CSRF token. */
type BrowserSession = { cookie: string; csrfToken: string; userId: string };

const MINUTE = 60_000;

async function browserLogin(url: string, email: string, password = DEMO_PASSWORD): Promise<BrowserSession> {
  const response = await fetch(`${url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  expect(response.status, `login as ${email}`).to.equal(200);
  const body = (await response.json()) as { csrfToken: string; user: { id: string } };
  const cookie = response.headers.getSetCookie().find((value) => value.startsWith('lagebild.sid='))!.split(';')[0]!;
  return { cookie, csrfToken: body.csrfToken, userId: body.user.id };
}

function send(url: string, session: BrowserSession, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${url}${path}`, {
    method,
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** Resolves with the reason when the server cuts the socket. */
function cutOff(client: LiveClient): Promise<string> {
  return new Promise((resolve) => client.socket.once('disconnect', resolve));
}

function aboutId(client: LiveClient, id: string): string[] {
  return client.received.filter((event) => (event.payload as { id?: string }).id === id).map((event) => event.type);
}

describe('Live delivery ends with the session (logout, credentials, deactivation, membership, role, token)', () => {
  let server: TestServer;
  let admin: Session;
  let orgs: Map<string, string>;
  const open: LiveClient[] = [];

  async function live(options: Parameters<typeof connectLive>[1]): Promise<LiveClient> {
    const client = connectLive(server.url, { reconnection: false, ...options });
    open.push(client);
    await client.nextReady();
    return client;
  }

  /** Publishes a GREEN marker and waits until every client has it: everything before it has been fanned out. */
  async function marker(clients: LiveClient[]): Promise<void> {
    const id = await publishedAdvisory(admin, advisoryBody({ title: { de: `Marker ${Date.now()}` }, tlp: 'GREEN' }));
    await throughMarker(clients, id);
  }

  before(async function () {
    this.timeout(180_000);
    server = await startTestServer({ env: { SERVER_ROLES: 'web' } });
    admin = await loginAs(server.url, 'cert-admin@lagebild.test');
    orgs = await organizationIds(admin.agent);
  });
  afterEach(() => {
    for (const client of open.splice(0)) client.close();
  });
  after(async () => server?.close());

  it('logout cuts only that session: a TLP:RED advisory to it@erfurt reaches the other session alone', async () => {
    const first = await browserLogin(server.url, 'it@erfurt.lagebild.test');
    const second = await browserLogin(server.url, 'it@erfurt.lagebild.test');
    const [loggedOut, stays] = await Promise.all([live({ cookie: first.cookie }), live({ cookie: second.cookie })]);
    const gone = cutOff(loggedOut);

    expect((await send(server.url, first, 'DELETE', '/api/v1/session')).status).to.equal(204);
    expect(await gone).to.equal('io server disconnect');

    const red = await publishedAdvisory(admin, advisoryBody({ title: { de: 'Nur für Erfurt (ROT)' }, tlp: 'RED', audience: { organizations: [], sharingGroups: [], users: [first.userId] } }));
    await marker([stays]);
    expect(aboutId(stays, red)).to.deep.equal(['advisory.published']);
    expect(aboutId(loggedOut, red), 'the logged-out socket gets nothing').to.deep.equal([]);
    expect(loggedOut.socket.connected).to.equal(false);
    expect(stays.socket.connected).to.equal(true);
  });

  it('a logout on one instance cuts the session’s socket on another instance (through the outbox)', async function () {
    this.timeout(60_000);
    // A second instance on the same database: it shares nothing with the first but the event table.
    const other = await startLagebild({
      config: { ...testConfig({ LAGEBILD_DEMO_PASSWORD: DEMO_PASSWORD, SERVER_ROLES: 'web' }), port: 0 },
      logger: createLogger('silent', false),
      database: server.database,
      serveClient: false,
    });
    try {
      const session = await browserLogin(server.url, 'it@erfurt.lagebild.test');
      const onOther = connectLive(other.url, { reconnection: false, cookie: session.cookie });
      open.push(onOther);
      await onOther.nextReady();
      const gone = cutOff(onOther);
      expect((await send(server.url, session, 'DELETE', '/api/v1/session')).status).to.equal(204);
      expect(await gone).to.equal('io server disconnect');
    } finally {
      await other.close();
    }
  });

  it('revoking one of my sessions cuts its socket and no other', async () => {
    const current = await browserLogin(server.url, 'it@jena.lagebild.test');
    const other = await browserLogin(server.url, 'it@jena.lagebild.test');
    const [mine, theirs] = await Promise.all([live({ cookie: current.cookie }), live({ cookie: other.cookie })]);
    const gone = cutOff(theirs);
    const list = (await (await send(server.url, current, 'GET', '/api/v1/sessions')).json()) as { items: { id: string; current: boolean }[] };
    const target = list.items.find((item) => !item.current)!;
    expect((await send(server.url, current, 'DELETE', `/api/v1/sessions/${target.id}`)).status).to.equal(204);
    expect(await gone).to.equal('io server disconnect');
    await marker([mine]);
    expect(mine.socket.connected).to.equal(true);
  });

  it('a password change cuts the sockets of the other sessions and keeps the one that changed it', async () => {
    const changer = await browserLogin(server.url, 'soc@swnt.lagebild.test');
    const elsewhere = await browserLogin(server.url, 'soc@swnt.lagebild.test');
    const [kept, cut] = await Promise.all([live({ cookie: changer.cookie }), live({ cookie: elsewhere.cookie })]);
    const gone = cutOff(cut);
    const newPassword = 'Ein ganz anderes Passwort 2026!';
    const changed = await send(server.url, changer, 'POST', '/api/v1/me/password', { currentPassword: DEMO_PASSWORD, newPassword });
    expect(changed.status, await changed.clone().text()).to.equal(204);
    expect(await gone).to.equal('io server disconnect');
    await marker([kept]);
    expect(kept.socket.connected).to.equal(true);
    // Back to the demo password for the other suites' personas (ends no other session now).
    expect((await send(server.url, changer, 'POST', '/api/v1/me/password', { currentPassword: newPassword, newPassword: DEMO_PASSWORD })).status).to.equal(204);
  });

  it('deactivation cuts every socket of the user at once, and only theirs', async () => {
    const victim = await browserLogin(server.url, 'it@waltershausen.lagebild.test');
    const again = await browserLogin(server.url, 'it@waltershausen.lagebild.test');
    const bystander = await browserLogin(server.url, 'isb@lk-gotha.lagebild.test');
    const [a, b, c] = await Promise.all([live({ cookie: victim.cookie }), live({ cookie: again.cookie }), live({ cookie: bystander.cookie })]);
    const gone = [cutOff(a), cutOff(b)];
    const organizationId = orgs.get('Stadt Waltershausen')!;
    const deactivated = await admin.agent.post(`/api/v1/organizations/${organizationId}/members/${victim.userId}/deactivate`).set('x-csrf-token', admin.csrfToken).send({});
    expect(deactivated.status, JSON.stringify(deactivated.body)).to.be.oneOf([200, 204]);
    expect(await Promise.all(gone)).to.deep.equal(['io server disconnect', 'io server disconnect']);
    await marker([c]);
    expect(c.socket.connected).to.equal(true);
  });

  it('a removed membership moves the socket out at once: AMBER for the old organization no longer arrives', async () => {
    const member = await loginAs(server.url, 'it@jena.lagebild.test');
    const session = await browserLogin(server.url, 'it@jena.lagebild.test');
    const socket = await live({ cookie: session.cookie });
    const jena = orgs.get('Stadt Jena')!;
    const before = await publishedAdvisory(admin, advisoryBody({ title: { de: 'Jena vorher' }, tlp: 'AMBER', audience: { organizations: [jena], sharingGroups: [], users: [] } }));
    await socket.waitFor((event) => event.payload.id === before);

    const removed = await admin.agent.delete(`/api/v1/organizations/${jena}/members/${member.userId}`).set('x-csrf-token', admin.csrfToken);
    expect(removed.status, JSON.stringify(removed.body)).to.be.oneOf([200, 204]);
    const after = await publishedAdvisory(admin, advisoryBody({ title: { de: 'Jena nachher' }, tlp: 'AMBER', audience: { organizations: [jena], sharingGroups: [], users: [] } }));
    await marker([socket]);
    expect(aboutId(socket, after), 'no AMBER for an organization she left').to.deep.equal([]);
    expect(socket.socket.connected, 'still a member of the community: the socket stays').to.equal(true);

    const restored = await admin.agent.post(`/api/v1/organizations/${jena}/members`).set('x-csrf-token', admin.csrfToken).send({ email: 'it@jena.lagebild.test', role: 'org_admin' });
    expect(restored.status, JSON.stringify(restored.body)).to.equal(201);
    const back = await publishedAdvisory(admin, advisoryBody({ title: { de: 'Jena wieder' }, tlp: 'AMBER', audience: { organizations: [jena], sharingGroups: [], users: [] } }));
    await socket.waitFor((event) => event.payload.id === back);
  });

  it('a role change re-computes the open socket’s principal before the next delivery', async () => {
    const session = await browserLogin(server.url, 'it@erfurt.lagebild.test');
    const socket = await live({ cookie: session.cookie });
    const erfurt = orgs.get('Stadt Erfurt')!;
    const changed = await admin.agent.patch(`/api/v1/organizations/${erfurt}/members/${session.userId}`).set('x-csrf-token', admin.csrfToken).send({ role: 'read_only' });
    expect(changed.status, JSON.stringify(changed.body)).to.be.oneOf([200, 204]);
    await marker([socket]);
    const serverSide = [...server.realtime.io.sockets.sockets.values()].find((candidate) => candidate.data.sessionHandle !== null && candidate.data.principal.kind === 'user' && candidate.data.principal.userId === session.userId);
    expect(serverSide?.data.principal.kind === 'user' && serverSide.data.principal.memberships.map((membership) => membership.role)).to.deep.equal(['read_only']);
    const back = await admin.agent.patch(`/api/v1/organizations/${erfurt}/members/${session.userId}`).set('x-csrf-token', admin.csrfToken).send({ role: 'org_admin' });
    expect(back.status).to.be.oneOf([200, 204]);
  });

  it('removing TOTP ends the other sessions and cuts their sockets', async () => {
    const changer = await browserLogin(server.url, 'it@jena.lagebild.test');
    const elsewhere = await browserLogin(server.url, 'it@jena.lagebild.test');
    const [kept, cut] = await Promise.all([live({ cookie: changer.cookie }), live({ cookie: elsewhere.cookie })]);
    const gone = cutOff(cut);
    // Removing a second factor that is not there still counts as a change of it; it needs the password.
    const removed = await send(server.url, changer, 'DELETE', '/api/v1/me/mfa/totp', { password: DEMO_PASSWORD });
    expect(removed.status, await removed.clone().text()).to.equal(204);
    expect(await gone).to.equal('io server disconnect');
    await marker([kept]);
    expect(kept.socket.connected).to.equal(true);
  });
});

/** A settings file with the given session timeouts, for LAGEBILD_SETTINGS. */
function settingsFile(idleTimeoutMinutes: number, absoluteTimeoutHours: number): string {
  const file = join(mkdtempSync(join(tmpdir(), 'lagebild-settings-')), 'settings.json');
  writeFileSync(file, JSON.stringify({ session: { idleTimeoutMinutes, absoluteTimeoutHours } }));
  return file;
}

// The server runs on a clock the tests move; the sockets are cut by the server's expiry sweep.
describe('Live delivery ends when a session or token expires', () => {
  const clock = fixedClock(new Date());
  let server: TestServer;
  let admin: Session;
  const open: LiveClient[] = [];

  async function live(options: Parameters<typeof connectLive>[1]): Promise<LiveClient> {
    const client = connectLive(server.url, { reconnection: false, ...options });
    open.push(client);
    await client.nextReady();
    return client;
  }

  async function marker(clients: LiveClient[]): Promise<void> {
    const id = await publishedAdvisory(admin, advisoryBody({ title: { de: `Marker ${Date.now()}` }, tlp: 'GREEN' }));
    await throughMarker(clients, id);
  }

  before(async function () {
    this.timeout(180_000);
    server = await startTestServer({ clock, env: { SERVER_ROLES: 'web', LAGEBILD_SETTINGS: settingsFile(30, 1) } });
  });
  beforeEach(async () => {
    admin = await loginAs(server.url, 'cert-admin@lagebild.test');
  });
  afterEach(() => {
    for (const client of open.splice(0)) client.close();
  });
  after(async () => server?.close());

  it('cuts the socket of a session idle past its timeout; a session in use keeps its socket', async () => {
    const idle = await browserLogin(server.url, 'it@erfurt.lagebild.test');
    const busy = await browserLogin(server.url, 'it@erfurt.lagebild.test');
    const [idleSocket, busySocket] = await Promise.all([live({ cookie: idle.cookie }), live({ cookie: busy.cookie })]);
    const gone = cutOff(idleSocket);
    clock.advance(20 * MINUTE);
    expect((await send(server.url, busy, 'GET', '/api/v1/me')).status, 'activity moves the idle expiry on').to.equal(200);
    clock.advance(11 * MINUTE);
    expect(await gone).to.equal('io server disconnect');
    admin = await loginAs(server.url, 'cert-admin@lagebild.test');
    await marker([busySocket]);
    expect(busySocket.socket.connected).to.equal(true);
  });

  it('cuts the socket at the absolute timeout however busy the session is', async () => {
    const session = await browserLogin(server.url, 'it@jena.lagebild.test');
    const socket = await live({ cookie: session.cookie });
    const gone = cutOff(socket);
    for (let minute = 20; minute <= 60; minute += 20) {
      clock.advance(20 * MINUTE);
      expect((await send(server.url, session, 'GET', '/api/v1/me')).status, `${minute} min after login`).to.equal(200);
    }
    // Sweeps run at exactly the hour: the session still holds then, for HTTP and for the socket.
    await new Promise((resolve) => setTimeout(resolve, 3 * EXPIRY_SWEEP_MS));
    expect(socket.socket.connected, 'an hour after login, not past it').to.equal(true);
    clock.advance(2 * MINUTE);
    expect(await gone).to.equal('io server disconnect');
  });

  it('cuts the socket of an API token when the token expires', async () => {
    const owner = await loginAs(server.url, 'it@erfurt.lagebild.test');
    const created = await owner.agent.post('/api/v1/tokens').set('x-csrf-token', owner.csrfToken).send({ name: 'siem', scopes: ['read'], expiresInDays: 1 });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const tokenSocket = await live({ token: created.body.token as string });
    const gone = cutOff(tokenSocket);
    clock.advance(25 * 60 * MINUTE);
    expect(await gone).to.equal('io server disconnect');
  });
});
