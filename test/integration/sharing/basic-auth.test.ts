import { expect } from 'chai';
import request from 'supertest';
import { organizationIds } from '../../support/advisories.js';
import { DEMO_PASSWORD } from '../../support/config.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';
import { API_ROOT, TAXII, createToken } from '../../support/taxii.js';

// One HTTP Basic rule (server/tokens/basic-auth.ts) for every machine channel: the password is an
// API token, the user name its id or its owner's e-mail. The same credential matrix is sent to the
// TAXII server, the CSAF provider's protected distribution and the MISP feed; all three must agree.

type Channel = { name: string; get: (user: string, password: string) => Promise<request.Response> };

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

describe('HTTP Basic: one rule for TAXII, the CSAF provider and the MISP feed', () => {
  let server: TestServer;
  let personal: { id: string; token: string };
  let service: { id: string; token: string };
  let channels: Channel[];

  before(async () => {
    server = await startTestServer();
    const admin = await loginAs(server.url, 'it@erfurt.lagebild.test');
    const erfurtId = (await organizationIds(admin.agent)).get('Stadt Erfurt')!;
    personal = await createToken(server.url, 'it@erfurt.lagebild.test', ['read']);
    service = await createToken(server.url, 'it@erfurt.lagebild.test', ['read'], erfurtId);
    const send = (path: string, accept: string) => (user: string, password: string) => request(server.url).get(path).set('Accept', accept).set('Authorization', basic(user, password));
    channels = [
      { name: 'TAXII', get: send(`${API_ROOT}/collections/`, TAXII) },
      { name: 'CSAF', get: send('/.well-known/csaf/amber/index.txt', '*/*') },
      { name: 'MISP', get: send('/feeds/misp/manifest.json', 'application/json') },
    ];
  });
  after(async () => server.close());

  it('accepts the token id or the owner e-mail (any case) as user, with a personal or a service token', async () => {
    for (const channel of channels) {
      for (const [user, token] of [
        [personal.id, personal.token],
        ['it@erfurt.lagebild.test', personal.token],
        ['  IT@Erfurt.Lagebild.TEST ', personal.token],
        [service.id, service.token],
        ['it@erfurt.lagebild.test', service.token],
      ] as const) {
        const response = await channel.get(user, token);
        expect(response.status, `${channel.name} ${user}`).to.equal(200);
      }
    }
  });

  it('answers 401 with a Basic challenge for another user name, a wrong token, an account password or a malformed header', async () => {
    const cases: [string, (channel: Channel) => Promise<request.Response>][] = [
      ['another account', (channel) => channel.get('it@jena.lagebild.test', personal.token)],
      ['another token id', (channel) => channel.get(service.id, personal.token)],
      ['an empty user', (channel) => channel.get('', personal.token)],
      ['a wrong token', (channel) => channel.get(personal.id, 'lbt_not-a-token')],
      ['the account password', (channel) => channel.get('it@erfurt.lagebild.test', DEMO_PASSWORD)],
    ];
    for (const channel of channels) {
      for (const [label, send] of cases) {
        const response = await send(channel);
        expect(response.status, `${channel.name}: ${label}`).to.equal(401);
        expect(response.headers['www-authenticate'], `${channel.name}: ${label}`).to.match(/Basic realm=/);
      }
    }
    const malformed = `Basic ${Buffer.from(personal.token).toString('base64')}`;
    for (const [name, path, accept] of [
      ['TAXII', `${API_ROOT}/collections/`, TAXII],
      ['CSAF', '/.well-known/csaf/amber/index.txt', '*/*'],
      ['MISP', '/feeds/misp/manifest.json', 'application/json'],
    ] as const) {
      const response = await request(server.url).get(path).set('Accept', accept).set('Authorization', malformed);
      expect(response.status, `${name}: no colon`).to.equal(401);
    }
  });

  it('stops accepting a token on every channel once it is revoked', async () => {
    const session = await loginAs(server.url, 'it@erfurt.lagebild.test');
    const revoked = await session.agent.delete(`/api/v1/tokens/${personal.id}`).set('x-csrf-token', session.csrfToken);
    expect(revoked.status, JSON.stringify(revoked.body)).to.be.oneOf([200, 204]);
    for (const channel of channels) expect((await channel.get(personal.id, personal.token)).status, channel.name).to.equal(401);
    for (const channel of channels) expect((await channel.get(service.id, service.token)).status, channel.name).to.equal(200);
  });
});
