import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import type { TlpLevel } from '../../../server/access/tlp.js';
import { loadUserPrincipal, type UserPrincipal } from '../../../server/auth/principal.js';
import { createIndicatorPackage } from '../../../server/indicators/index.js';
import type { ObservableType } from '../../../server/indicators/extract.js';
import { organizationIds } from '../../support/advisories.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';

const SHARED_MISP = join(import.meta.dirname, '../../../../shared/data/misp/circl-osint-events');

type ManifestEntry = { Orgc: { name: string; uuid: string }; Tag: { name: string; colour: string }[]; info: string; date: string; analysis: string; threat_level_id: string; timestamp: string };
type MispAttribute = { uuid: string; type: string; category: string; value: string; to_ids: boolean; timestamp: string };

const OBSERVABLES: { observableType: ObservableType; value: string; mispType: string }[] = [
  { observableType: 'ipv4', value: '198.51.100.23', mispType: 'ip-dst' },
  { observableType: 'domain', value: 'update-check.example', mispType: 'domain' },
  { observableType: 'url', value: 'https://update-check.example/a.php?x=1&y=2', mispType: 'url' },
  { observableType: 'email', value: 'rechnung@update-check.example', mispType: 'email-src' },
  { observableType: 'md5', value: 'd41d8cd98f00b204e9800998ecf8427e', mispType: 'md5' },
  { observableType: 'sha1', value: 'da39a3ee5e6b4b0d3255bfef95601890afd80709', mispType: 'sha1' },
  { observableType: 'sha256', value: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', mispType: 'sha256' },
];

describe('MISP feed at /feeds/misp/', () => {
  let server: TestServer;
  const packages = new Map<TlpLevel, string>();
  let gothaToken: string;
  let erfurtToken: string;

  before(async () => {
    server = await startTestServer();
    const analyst = await loginAs(server.url, 'analyst@lagebild.test');
    const orgs = await organizationIds(analyst.agent);
    const principal = (await loadUserPrincipal(server.database.db, analyst.userId)) as UserPrincipal;
    const certOrganizationId = orgs.get('CERT-Thüringen')!;
    for (const tlp of ['clear', 'green', 'amber'] as const) {
      const audience = { organizations: tlp === 'amber' ? [orgs.get('Landkreis Gotha')!] : [], sharingGroups: [], users: [] };
      const indicators = tlp === 'clear' ? OBSERVABLES.map(({ observableType, value }) => ({ observableType, value })) : [{ observableType: 'domain' as const, value: `${tlp}-c2.example` }];
      const dto = await server.database.db.transaction((tx) => createIndicatorPackage(tx, principal, { indicators, tlp, audience, name: `Paket ${tlp.toUpperCase()} <Kampagne & Co>`, description: `Indikatoren ${tlp}`, certOrganizationId }, new Date('2026-03-01T10:00:00Z')));
      packages.set(tlp, dto.id.replace(/^grouping--/, ''));
    }
    for (const [email, assign] of [
      ['isb@lk-gotha.lagebild.test', (token: string) => (gothaToken = token)],
      ['it@erfurt.lagebild.test', (token: string) => (erfurtToken = token)],
    ] as const) {
      const session = await loginAs(server.url, email);
      const created = await session.agent.post('/api/v1/tokens').set('x-csrf-token', session.csrfToken).send({ name: 'misp', scopes: ['read'] });
      expect(created.status, JSON.stringify(created.body)).to.equal(201);
      assign(created.body.token as string);
    }
  });
  after(async () => server.close());

  it('lists CLEAR events in the manifest for anonymous callers, with TLP tags and header fields', async () => {
    const response = await request(server.url).get('/feeds/misp/manifest.json');
    expect(response.status).to.equal(200);
    const manifest = response.body as Record<string, ManifestEntry>;
    expect(Object.keys(manifest)).to.deep.equal([packages.get('clear')]);
    const entry = manifest[packages.get('clear')!]!;
    expect(entry.Orgc.name).to.equal('CERT-Thüringen');
    expect(entry.Orgc.uuid).to.match(/^[0-9a-f-]{36}$/);
    expect(entry.Tag).to.deep.equal([{ name: 'tlp:clear', colour: '#ffffff' }]);
    expect(entry).to.include({ info: 'Paket CLEAR <Kampagne & Co>', date: '2026-03-01', analysis: '2', threat_level_id: '2' });
    expect(entry.timestamp).to.equal(String(Date.parse('2026-03-01T10:00:00Z') / 1000));
  });

  it('serves the event file with correctly typed attributes and no internal ids', async () => {
    const uuid = packages.get('clear')!;
    const response = await request(server.url).get(`/feeds/misp/${uuid}.json`);
    expect(response.status).to.equal(200);
    const event = response.body.Event;
    expect(event.uuid).to.equal(uuid);
    expect(event).to.not.have.property('id');
    expect(event).to.not.have.property('org_id');
    expect(event.Tag[0].name).to.equal('tlp:clear');
    expect(event.distribution).to.equal('3');
    const attributes = event.Attribute as MispAttribute[];
    expect(attributes.map((attribute) => [attribute.type, attribute.value])).to.deep.equal(OBSERVABLES.map((observable) => [observable.mispType, observable.value]));
    for (const attribute of attributes) {
      expect(attribute.uuid).to.match(/^[0-9a-f-]{36}$/);
      expect(attribute.to_ids).to.equal(true);
      expect(attribute.category).to.be.oneOf(['Network activity', 'Payload delivery']);
    }
  });

  it('lists md5(value),event_uuid in hashes.csv for every attribute the caller may see', async () => {
    const response = await request(server.url).get('/feeds/misp/hashes.csv');
    expect(response.status).to.equal(200);
    const expected = OBSERVABLES.map((observable) => `${createHash('md5').update(observable.value).digest('hex')},${packages.get('clear')}`);
    expect(response.text.trim().split('\n')).to.deep.equal(expected);
  });

  it('answers If-None-Match with 304 so MISP fetches an unchanged manifest only once', async () => {
    const first = await request(server.url).get('/feeds/misp/manifest.json');
    expect(first.headers.etag).to.be.a('string');
    const again = await request(server.url).get('/feeds/misp/manifest.json').set('if-none-match', first.headers.etag as string);
    expect(again.status).to.equal(304);
  });

  it('gives token holders (bearer or Basic) exactly the events the policy allows', async () => {
    const keys = async (auth: (test: request.Test) => request.Test) => Object.keys((await auth(request(server.url).get('/feeds/misp/manifest.json'))).body as object).sort();
    expect(await keys((test) => test.set('authorization', `Bearer ${erfurtToken}`))).to.deep.equal([packages.get('clear'), packages.get('green')].sort());
    expect(await keys((test) => test.auth('isb@lk-gotha.lagebild.test', gothaToken))).to.deep.equal([packages.get('clear'), packages.get('green'), packages.get('amber')].sort());
    const amber = packages.get('amber')!;
    expect((await request(server.url).get(`/feeds/misp/${amber}.json`)).status).to.equal(404);
    expect((await request(server.url).get(`/feeds/misp/${amber}.json`).auth('it@erfurt.lagebild.test', erfurtToken)).status).to.equal(404);
    const allowed = await request(server.url).get(`/feeds/misp/${amber}.json`).auth('isb@lk-gotha.lagebild.test', gothaToken);
    expect(allowed.status).to.equal(200);
    expect(allowed.body.Event.Tag[0]).to.deep.equal({ name: 'tlp:amber', colour: '#FFC000', exportable: true });
    expect(allowed.body.Event.distribution).to.equal('0');
    const hashes = await request(server.url).get('/feeds/misp/hashes.csv').set('authorization', `Bearer ${erfurtToken}`);
    expect(hashes.text).to.not.contain(amber);
    expect(hashes.text).to.contain(createHash('md5').update('green-c2.example').digest('hex'));
  });

  it('rejects a wrong Basic token and malformed event names with problem+json', async () => {
    const wrong = await request(server.url).get('/feeds/misp/manifest.json').auth('misp', 'lbt_not-a-token');
    expect(wrong.status).to.equal(401);
    expect(wrong.headers['www-authenticate']).to.match(/^Basic/);
    for (const path of ['/feeds/misp/..%2F..%2Fapi%2Fv1%2Fme.json', '/feeds/misp/not-a-uuid.json']) {
      const response = await request(server.url).get(path);
      expect(response.status, path).to.equal(400);
      expect(response.type).to.equal('application/problem+json');
    }
  });

  it('follows the layout of a real MISP feed (CIRCL OSINT events) field for field', async function () {
    if (!existsSync(SHARED_MISP)) this.skip();
    const file = readdirSync(SHARED_MISP).find((name) => /^[0-9a-f-]{36}\.json$/.test(name))!;
    const real = JSON.parse(readFileSync(join(SHARED_MISP, file), 'utf8')).Event;
    const ours = (await request(server.url).get(`/feeds/misp/${packages.get('clear')!}.json`)).body.Event;
    for (const key of ['uuid', 'info', 'date', 'threat_level_id', 'analysis', 'published', 'timestamp', 'publish_timestamp', 'Orgc', 'Tag', 'Attribute']) {
      expect(ours, key).to.have.property(key);
      expect(typeof ours[key], key).to.equal(typeof real[key]);
    }
    for (const key of ['uuid', 'type', 'category', 'value', 'to_ids', 'timestamp', 'comment']) expect(typeof ours.Attribute[0][key], key).to.equal(typeof real.Attribute[0][key]);
  });
});
