import { expect } from 'chai';
import { and, eq } from 'drizzle-orm';
import { auditLog } from '../../../server/audit/audit.table.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';
import { reportedIncident } from '../../support/incidents.js';

const EICAR_SHA256 = '275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f';
const C2 = '185.220.101.47';
const REPORTER_EMAIL = 'soc@swnt.lagebild.test';
// Everything that would identify the reporter: the reporting user's name, the contact, the organization.
const SECRETS = ['Michael', 'Becker', REPORTER_EMAIL, 'swnt', 'Nordthüringen', 'Nordthueringen', '10.20.30.40', EICAR_SHA256, '3631'];

type Session = Awaited<ReturnType<typeof loginAs>>;
type Candidate = { indicatorId: string; value: string; blocked: boolean; selectedByDefault: boolean; flags: { category: string; list: string | null }[] };

describe('incident sharing that cannot leak (must-show of issue 17)', function () {
  this.timeout(120_000);
  let server: TestServer;
  let soc: Session;
  let analyst: Session;
  let jena: Session;
  let incidentId: string;
  let candidates: Candidate[];
  const byValue = (value: string) => candidates.find((candidate) => candidate.value === value)!;

  before(async () => {
    server = await startTestServer();
    soc = await loginAs(server.url, REPORTER_EMAIL);
    analyst = await loginAs(server.url, 'analyst@lagebild.test');
    jena = await loginAs(server.url, 'it@jena.lagebild.test');
    incidentId = await reportedIncident(soc, '2026-05-12T08:00:00Z', { contact: { name: 'Michael Becker', email: REPORTER_EMAIL, phone: '+49 3631 0000' } });
    const added = await soc.agent.post(`/api/v1/incidents/${incidentId}/indicators`).set('x-csrf-token', soc.csrfToken).send({
      tlp: 'GREEN',
      items: [
        { type: 'ipv4', value: '10.20.30.40' },
        { type: 'email', value: REPORTER_EMAIL },
        { type: 'sha256', value: EICAR_SHA256 },
        { type: 'ipv4', value: C2 },
      ],
    });
    expect(added.status, JSON.stringify(added.body)).to.equal(201);
  });
  after(async () => server?.close());

  it('lists every indicator with its flags at GREEN and preselects only the C2 address', async () => {
    const check = await analyst.agent.get(`/api/v1/incidents/${incidentId}/share/check`).query({ tlp: 'GREEN' });
    expect(check.status, JSON.stringify(check.body)).to.equal(200);
    candidates = check.body.candidates as Candidate[];
    expect(candidates).to.have.length(4);
    expect(byValue('10.20.30.40').flags.map((flag) => flag.category)).to.include.members(['special-purpose', 'own-identifier']);
    expect(byValue(REPORTER_EMAIL).flags.map((flag) => flag.category)).to.include.members(['personal-data', 'own-identifier']);
    expect(byValue(EICAR_SHA256).flags.map((flag) => flag.list)).to.include('eicar.com');
    expect(byValue(C2)).to.include({ blocked: false, selectedByDefault: true });
    expect(byValue(C2).flags).to.deep.equal([]);
    for (const value of ['10.20.30.40', REPORTER_EMAIL, EICAR_SHA256]) expect(byValue(value)).to.include({ blocked: true, selectedByDefault: false });
    expect(check.body.defaults.name).to.equal('Indikatoren aus einem Vorfall bei einem Energieversorger');
  });

  it('refuses a GREEN share with the flagged items, naming each one, in a translated-code problem', async () => {
    const response = await analyst.agent.post(`/api/v1/incidents/${incidentId}/share`).set('x-csrf-token', analyst.csrfToken).send({ package: { tlp: 'GREEN', items: candidates.map((candidate) => ({ indicatorId: candidate.indicatorId })) } });
    expect(response.status).to.equal(422);
    expect(response.body.code).to.equal('SHARE_ITEMS_FLAGGED');
    const expected = candidates.flatMap((candidate, index) => (candidate.value === C2 ? [] : [`package.items.${index}`]));
    expect((response.body.errors as { path: string }[]).map((error) => error.path).sort()).to.deep.equal(expected);
    expect(response.body.detail).to.not.contain('tlp:downgrade');
  });

  it('previews exactly what the share then sends: only the C2 address, scrubbed text, the community as reach', async () => {
    const body = {
      package: {
        tlp: 'GREEN',
        items: [{ indicatorId: byValue(C2).indicatorId }],
        description: 'Ransomware bei der Stadtwerke Nordthüringen GmbH. Kontakt: Michael Becker, soc@swnt.lagebild.test, Tel. +49 3631 0000. Betroffen: abr-srv-01 und 10.20.30.40.',
      },
    };
    const preview = await analyst.agent.post(`/api/v1/incidents/${incidentId}/share/preview`).set('x-csrf-token', analyst.csrfToken).send(body);
    expect(preview.status, JSON.stringify(preview.body)).to.equal(200);
    expect(preview.body.canSend).to.equal(true);
    expect(preview.body.reach.everyone).to.equal('members');
    expect(preview.body.package.description).to.equal('Ransomware bei einem Energieversorger. Kontakt: [Name entfernt], [E-Mail-Adresse entfernt], Tel. [Telefonnummer entfernt]. Betroffen: [internes System entfernt] und [interne Adresse entfernt].');
    expect(preview.body.removals).to.include({ email: 1, phone: 1, 'person-name': 1 });
    const shared = await analyst.agent.post(`/api/v1/incidents/${incidentId}/share`).set('x-csrf-token', analyst.csrfToken).send(body);
    expect(shared.status, JSON.stringify(shared.body)).to.equal(201);
    expect(shared.body.package.description).to.equal(preview.body.package.description);
    expect(shared.body.package.name).to.equal('Indikatoren aus einem Vorfall bei einem Energieversorger');
    expect(shared.body.package.indicators.map((indicator: { value: string }) => indicator.value)).to.deep.equal([C2]);

    // What another organization receives, on every path: only the C2 address, nothing of the reporter.
    const packageId = shared.body.package.id as string;
    let received = '';
    for (const path of [`/api/v1/indicator-packages/${packageId}`, `/api/v1/indicator-packages/${packageId}/stix`, '/api/v1/indicator-packages?limit=500', '/api/v1/indicators?limit=500']) {
      const response = await jena.agent.get(path);
      expect(response.status, path).to.equal(200);
      received += response.text;
    }
    expect(received).to.contain(C2);
    for (const secret of SECRETS) expect(received.toLowerCase(), secret).to.not.contain(secret.toLowerCase());
  });

  it('sends a flagged item only with a per-item override and reason, kept with the share and audited', async () => {
    const reason = 'Adresse ist beim Melder ein kompromittierter Jump-Host; Freigabe im Thread am 12.05.';
    const tooShort = await analyst.agent.post(`/api/v1/incidents/${incidentId}/share`).set('x-csrf-token', analyst.csrfToken).send({ package: { tlp: 'GREEN', items: [{ indicatorId: byValue('10.20.30.40').indicatorId, overrideReason: 'weil' }] } });
    expect(tooShort.status).to.equal(422);
    const shared = await analyst.agent.post(`/api/v1/incidents/${incidentId}/share`).set('x-csrf-token', analyst.csrfToken).send({ package: { tlp: 'GREEN', items: [{ indicatorId: byValue('10.20.30.40').indicatorId, overrideReason: reason, forBlocking: false }] } });
    expect(shared.status, JSON.stringify(shared.body)).to.equal(201);
    expect(shared.body.overrides).to.equal(1);
    const shares = await analyst.agent.get(`/api/v1/incidents/${incidentId}/shares`);
    const withOverride = (shares.body.items as { overrides: { reason: string; categories: string[] }[] }[]).find((share) => share.overrides.length > 0)!;
    expect(withOverride.overrides[0]).to.include({ reason });
    expect(withOverride.overrides[0]!.categories).to.include('special-purpose');
    const audit = await server.database.db.select().from(auditLog).where(and(eq(auditLog.objectId, incidentId), eq(auditLog.action, 'incident.shared')));
    const details = audit.map((row) => JSON.stringify(row.details));
    expect(details.some((text) => text.includes(reason))).to.equal(true);
    expect(details.join(''), 'the audit trail holds reasons, not the values').to.not.contain('10.20.30.40');
  });

  it('refuses an AMBER+STRICT share that reaches no organization, and sends it once it has recipients', async () => {
    const nobody = await analyst.agent.post(`/api/v1/incidents/${incidentId}/share`).set('x-csrf-token', analyst.csrfToken).send({ package: { tlp: 'AMBER+STRICT', items: [{ indicatorId: byValue(C2).indicatorId }] } });
    expect(nobody.status).to.equal(422);
    expect(nobody.body.code).to.equal('SHARE_REACHES_NOBODY');
    const orgs = await analyst.agent.get('/api/v1/organizations').query({ limit: 500 });
    const jenaId = (orgs.body.items as { id: string; name: string }[]).find((org) => org.name === 'Stadt Jena')!.id;
    const preview = await analyst.agent.post(`/api/v1/incidents/${incidentId}/share/preview`).set('x-csrf-token', analyst.csrfToken).send({ package: { tlp: 'AMBER+STRICT', audience: { organizations: [jenaId] }, items: [{ indicatorId: byValue(C2).indicatorId }] } });
    expect(preview.body.reach.organizations.map((org: { name: string }) => org.name)).to.deep.equal(['Stadt Jena']);
    const sent = await analyst.agent.post(`/api/v1/incidents/${incidentId}/share`).set('x-csrf-token', analyst.csrfToken).send({ package: { tlp: 'AMBER+STRICT', audience: { organizations: [jenaId] }, items: [{ indicatorId: byValue(C2).indicatorId }] } });
    expect(sent.status, JSON.stringify(sent.body)).to.equal(201);
  });

  it('lets pasted indicators without a label follow the package TLP; a chosen label still blocks a lower share', async () => {
    const second = await reportedIncident(soc, '2026-05-13T08:00:00Z', { contact: { name: 'Michael Becker', email: REPORTER_EMAIL, phone: '+49 3631 0000' } });
    const PUBLIC = '45.155.205.233';
    const pasted = await analyst.agent.post(`/api/v1/incidents/${second}/indicators`).set('x-csrf-token', analyst.csrfToken).send({ text: `C2 ${PUBLIC}, intern 192.168.7.7` });
    expect(pasted.status, JSON.stringify(pasted.body)).to.equal(201);
    expect((pasted.body.items as { value: string; tlp: string; tlpExplicit: boolean }[]).map(({ value, tlp, tlpExplicit }) => ({ value, tlp, tlpExplicit }))).to.have.deep.members([
      { value: PUBLIC, tlp: 'AMBER+STRICT', tlpExplicit: false },
      { value: '192.168.7.7', tlp: 'AMBER+STRICT', tlpExplicit: false },
    ]);
    const labelled = await soc.agent.post(`/api/v1/incidents/${second}/indicators`).set('x-csrf-token', soc.csrfToken).send({ tlp: 'GREEN', items: [{ type: 'ipv4', value: C2 }] });
    expect(labelled.body.items[0]).to.include({ tlp: 'GREEN', tlpExplicit: true });

    const at = async (tlp: string) => {
      const check = await analyst.agent.get(`/api/v1/incidents/${second}/share/check`).query({ tlp });
      expect(check.status, JSON.stringify(check.body)).to.equal(200);
      const list = check.body.candidates as (Candidate & { tlp: string; tlpExplicit: boolean })[];
      return (value: string) => list.find((candidate) => candidate.value === value)!;
    };
    const green = await at('GREEN');
    expect(green(PUBLIC)).to.include({ tlp: 'GREEN', tlpExplicit: false, blocked: false, selectedByDefault: true });
    expect(green(PUBLIC).flags).to.deep.equal([]);
    expect(green('192.168.7.7')).to.include({ blocked: true, selectedByDefault: false });
    expect(green('192.168.7.7').flags.map((flag) => flag.category)).to.include('special-purpose').and.not.include('reporter-tlp');
    const clear = await at('CLEAR');
    expect(clear(PUBLIC)).to.include({ tlp: 'CLEAR', blocked: false, selectedByDefault: true });
    expect(clear(C2)).to.include({ tlp: 'GREEN', tlpExplicit: true, blocked: true, selectedByDefault: false });
    expect(clear(C2).flags.map((flag) => flag.category)).to.deep.equal(['reporter-tlp']);

    // The server still refuses what the check flags: the private address, and the labelled C2 below its label.
    const refused = await analyst.agent.post(`/api/v1/incidents/${second}/share`).set('x-csrf-token', analyst.csrfToken).send({ package: { tlp: 'CLEAR', items: [{ indicatorId: clear(PUBLIC).indicatorId }, { indicatorId: clear('192.168.7.7').indicatorId }, { indicatorId: clear(C2).indicatorId }] } });
    expect(refused.status).to.equal(422);
    expect((refused.body.errors as { path: string }[]).map((error) => error.path)).to.have.members(['package.items.1', 'package.items.2']);
    const sent = await analyst.agent.post(`/api/v1/incidents/${second}/share`).set('x-csrf-token', analyst.csrfToken).send({ package: { tlp: 'CLEAR', items: [{ indicatorId: clear(PUBLIC).indicatorId }] } });
    expect(sent.status, JSON.stringify(sent.body)).to.equal(201);
    expect(sent.body.package).to.include({ tlp: 'CLEAR' });
    expect(sent.body.package.indicators.map((indicator: { value: string; tlp: string }) => [indicator.value, indicator.tlp])).to.deep.equal([[PUBLIC, 'CLEAR']]);
  });

  it('keeps the share dialog and the shares from the reporter', async () => {
    expect((await soc.agent.get(`/api/v1/incidents/${incidentId}/share/check`)).status).to.equal(403);
    expect((await soc.agent.post(`/api/v1/incidents/${incidentId}/share/preview`).set('x-csrf-token', soc.csrfToken).send({ advisory: {} })).status).to.equal(403);
  });
});
