import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';
import { reportedIncident } from '../../support/incidents.js';

type Session = Awaited<ReturnType<typeof loginAs>>;

describe('indicators for defenders: list with filters and sorting, blocklist exports, sightings with context, spread', function () {
  this.timeout(120_000);
  let server: TestServer;
  let analyst: Session;
  let jena: Session;
  let erfurt: Session;
  let shared: { id: string; value: string }[];

  before(async () => {
    server = await startTestServer();
    const soc = await loginAs(server.url, 'soc@swnt.lagebild.test');
    analyst = await loginAs(server.url, 'analyst@lagebild.test');
    jena = await loginAs(server.url, 'it@jena.lagebild.test');
    erfurt = await loginAs(server.url, 'it@erfurt.lagebild.test');
    const incidentId = await reportedIncident(soc, '2026-05-12T08:00:00Z');
    const added = await soc.agent.post(`/api/v1/incidents/${incidentId}/indicators`).set('x-csrf-token', soc.csrfToken).send({ tlp: 'GREEN', text: '185.220.101.47 c2-panel.update-relay-cdn.net hxxps://c2-panel[.]update-relay-cdn[.]net/gate.php 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' });
    expect(added.status).to.equal(201);
    const items = (added.body.items as { id: string; value: string }[]).map((item) => ({ indicatorId: item.id, forBlocking: !item.value.startsWith('9f86') }));
    const share = await analyst.agent.post(`/api/v1/incidents/${incidentId}/share`).set('x-csrf-token', analyst.csrfToken).send({ package: { tlp: 'GREEN', items } });
    expect(share.status, JSON.stringify(share.body)).to.equal(201);
    shared = share.body.package.indicators;
  });
  after(async () => server?.close());

  it('filters by type, text and for-blocking, sorts by value, and pages', async () => {
    const ips = await jena.agent.get('/api/v1/indicators').query({ type: 'ipv4' });
    expect(ips.body.items.map((item: { value: string }) => item.value)).to.deep.equal(['185.220.101.47']);
    const text = await jena.agent.get('/api/v1/indicators').query({ q: 'relay-cdn', sort: 'value', order: 'asc' });
    expect(text.body.items.map((item: { value: string }) => item.value)).to.deep.equal(['c2-panel.update-relay-cdn.net', 'https://c2-panel.update-relay-cdn.net/gate.php']);
    const notForBlocking = await jena.agent.get('/api/v1/indicators').query({ forBlocking: 'false' });
    expect(notForBlocking.body.items.map((item: { value: string }) => item.value)).to.deep.equal(['9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08']);
    const first = await jena.agent.get('/api/v1/indicators').query({ limit: 2, sort: 'value', order: 'asc' });
    expect(first.body.items).to.have.length(2);
    const second = await jena.agent.get('/api/v1/indicators').query({ limit: 2, sort: 'value', order: 'asc', cursor: first.body.next });
    expect(second.body.items).to.have.length(2);
    expect(second.body.next).to.equal(null);
    expect((await jena.agent.get('/api/v1/indicators').query({ sort: 'nonsense' })).status).to.equal(400);
  });

  it('exports blocklists with only indicators meant for blocking, marked with their TLP', async () => {
    const ips = await jena.agent.get('/api/v1/indicators/export').query({ format: 'ips' });
    expect(ips.status).to.equal(200);
    expect(ips.headers['x-tlp']).to.equal('TLP:GREEN');
    expect(ips.text.split('\n').filter((line) => line && !line.startsWith('#'))).to.deep.equal(['185.220.101.47']);
    const hashes = await jena.agent.get('/api/v1/indicators/export').query({ format: 'hashes' });
    expect(hashes.text, 'the hash is not for blocking').to.not.contain('9f86d081');
    const rpz = await jena.agent.get('/api/v1/indicators/export').query({ format: 'rpz' });
    expect(rpz.text).to.contain('c2-panel.update-relay-cdn.net CNAME .');
    expect(rpz.text).to.contain('*.c2-panel.update-relay-cdn.net CNAME .');
    expect(rpz.text).to.match(/^\$TTL 300\n@ IN SOA /);
    const csv = await jena.agent.get('/api/v1/indicators/export').query({ format: 'csv' });
    expect(csv.text.split('\n')[0]).to.equal('type,value,tlp,for_blocking,created,stix_id');
    expect(csv.text).to.contain('sha256,9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08,GREEN,false');
    const stix = await jena.agent.get('/api/v1/indicators/export').query({ format: 'stix' });
    const bundle = JSON.parse(stix.text) as { objects: { type: string }[] };
    expect(bundle.objects.filter((object) => object.type === 'indicator')).to.have.length(4);
    expect(bundle.objects.some((object) => object.type === 'marking-definition')).to.equal(true);
    const misp = JSON.parse((await jena.agent.get('/api/v1/indicators/export').query({ format: 'misp' })).text) as { Event: { Tag: { name: string }[]; Attribute: { value: string; to_ids: boolean }[] } };
    expect(misp.Event.Tag[0]!.name).to.equal('tlp:green');
    expect(misp.Event.Attribute.find((attribute) => attribute.value.startsWith('9f86'))!.to_ids).to.equal(false);
    expect((await jena.agent.get('/api/v1/indicators/export').query({ format: 'pdf' })).status).to.equal(400);
  });

  it('records sightings with time span, count and context, and shows the CERT the spread', async () => {
    const ip = shared.find((item) => item.value === '185.220.101.47')!;
    const sighted = await jena.agent.post(`/api/v1/indicators/${ip.id}/sightings`).set('x-csrf-token', jena.csrfToken).send({ seenAt: '2026-05-13T07:00:00Z', lastSeenAt: '2026-05-13T09:30:00Z', count: 14, context: 'firewall', note: 'Ausgehende Verbindungen vom Rathaus-Netz' });
    expect(sighted.status, JSON.stringify(sighted.body)).to.equal(201);
    expect(sighted.body).to.include({ context: 'firewall', count: 14, seenAt: '2026-05-13T07:00:00.000Z', lastSeenAt: '2026-05-13T09:30:00.000Z' });
    const backwards = await erfurt.agent.post(`/api/v1/indicators/${ip.id}/sightings`).set('x-csrf-token', erfurt.csrfToken).send({ seenAt: '2026-05-13T07:00:00Z', lastSeenAt: '2026-05-12T07:00:00Z' });
    expect(backwards.status).to.equal(400);
    await erfurt.agent.post(`/api/v1/indicators/${ip.id}/sightings`).set('x-csrf-token', erfurt.csrfToken).send({ seenAt: '2026-05-13T08:00:00Z', count: 2, context: 'proxy' }).expect(201);
    const list = await jena.agent.get('/api/v1/indicators').query({ sort: 'sightings', order: 'desc' });
    expect(list.body.items[0].value).to.equal('185.220.101.47');
    expect(list.body.items[0].sightings).to.include({ sightings: 2, count: 16, organizations: 2 });
    const spread = await analyst.agent.get('/api/v1/indicators/spread');
    expect(spread.status).to.equal(200);
    expect(spread.body.items[0]).to.include({ organizations: 2, count: 16 });
    expect(spread.body.items[0].sightings.map((item: { organization: { name: string } }) => item.organization.name).sort()).to.deep.equal(['Stadt Erfurt', 'Stadt Jena']);
    expect((await jena.agent.get('/api/v1/indicators/spread')).status).to.equal(403);
  });
});
