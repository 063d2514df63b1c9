import { expect } from 'chai';
import { advisoryBody, organizationIds, publishedAdvisory } from '../../support/advisories.js';
import { reportedIncident } from '../../support/incidents.js';
import { connectLive, sessionCookie, type LiveClient } from '../../support/live.js';
import { DEMO_PASSWORD } from '../../support/config.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';

type Session = Awaited<ReturnType<typeof loginAs>>;

describe('situation picture and threat level (issue 15)', () => {
  let server: TestServer;
  let analyst: Session;
  let erfurt: Session;
  let gotha: Session;
  let waltershausen: Session;
  let swnt: Session;
  let jena: Session;
  let orgs: Map<string, string>;
  let advisoryId: string;
  let incidentId: string;

  before(async () => {
    server = await startTestServer({ env: { SERVER_ROLES: 'web' } });
    analyst = await loginAs(server.url, 'analyst@lagebild.test');
    erfurt = await loginAs(server.url, 'it@erfurt.lagebild.test');
    gotha = await loginAs(server.url, 'isb@lk-gotha.lagebild.test');
    waltershausen = await loginAs(server.url, 'it@waltershausen.lagebild.test');
    swnt = await loginAs(server.url, 'soc@swnt.lagebild.test');
    jena = await loginAs(server.url, 'it@jena.lagebild.test');
    orgs = await organizationIds(analyst.agent);
    const add = (session: Session, org: string) =>
      session.agent.post(`/api/v1/organizations/${orgs.get(org)}/assets`).set('x-csrf-token', session.csrfToken).send({ vendor: 'Citrix', product: 'NetScaler ADC', version: '13.1-48.47', criticality: 'kritisch', whereUsed: 'VPN' });
    expect((await add(erfurt, 'Stadt Erfurt')).status).to.equal(201);
    expect((await add(waltershausen, 'Stadt Waltershausen')).status).to.equal(201);
    advisoryId = await publishedAdvisory(analyst, advisoryBody());
    incidentId = await reportedIncident(swnt, new Date(Date.now() - 2 * 3_600_000).toISOString(), { title: 'Ransomware im Abrechnungsnetz SWNT-4711' });
  });
  after(async () => server.close());

  describe('threat level', () => {
    it('starts at level 1, not set by anyone', async () => {
      const response = await erfurt.agent.get('/api/v1/situation');
      expect(response.status).to.equal(200);
      expect(response.body.level).to.include({ level: 1, setAt: null, setBy: null });
      expect(response.body.level.label).to.deep.equal({ de: 'Lagestufe 1 – Normal', en: 'Level 1 – Normal' });
    });

    it('refuses a municipality (403) and a reason-less or out-of-range level (400 problem+json), storing nothing', async () => {
      const forbidden = await erfurt.agent.put('/api/v1/situation/level').set('x-csrf-token', erfurt.csrfToken).send({ level: 3, reason: { de: 'Versuch' } });
      expect(forbidden.status).to.equal(403);
      for (const body of [{ level: 5, reason: { de: 'zu hoch' } }, { level: 2 }, { level: 2, reason: { de: '' } }, { level: '3', reason: { de: 'Text' } }]) {
        const bad = await analyst.agent.put('/api/v1/situation/level').set('x-csrf-token', analyst.csrfToken).send(body);
        expect(bad.status, JSON.stringify(body)).to.equal(400);
        expect(bad.headers['content-type']).to.match(/application\/problem\+json/);
      }
      expect((await analyst.agent.get('/api/v1/situation/levels')).body.items).to.deep.equal([]);
    });

    it("the analyst sets level 3: Erfurt's live channel gets it, the history and the audit log record it", async () => {
      const cookie = await sessionCookie(server.url, 'it@erfurt.lagebild.test', DEMO_PASSWORD);
      const live: LiveClient = connectLive(server.url, { cookie });
      const anonymous: LiveClient = connectLive(server.url, {});
      try {
        await Promise.all([live.nextReady(), anonymous.nextReady()]);
        const response = await analyst.agent
          .put('/api/v1/situation/level')
          .set('x-csrf-token', analyst.csrfToken)
          .send({ level: 3, reason: { de: 'Aktive Ausnutzung von CitrixBleed bei Thüringer Kommunen', en: 'Active exploitation of CitrixBleed' } });
        expect(response.status, JSON.stringify(response.body)).to.equal(200);
        expect(response.body).to.include({ level: 3 });
        expect(response.body.setBy.name).to.equal('Jonas Weber');
        const event = await live.waitFor((e) => e.type === 'situation.level.changed');
        expect(event.payload).to.include({ level: 3 });
        expect((event.payload as { reason: { de: string } }).reason.de).to.equal('Aktive Ausnutzung von CitrixBleed bei Thüringer Kommunen');
        // Every logged-in user, never an anonymous socket: a round trip on the anonymous socket comes
        // back after anything the server had emitted to it before.
        await new Promise((resolve) => anonymous.socket.emit('position.get', {}, resolve));
        expect(anonymous.received.filter((e) => e.type === 'situation.level.changed')).to.deep.equal([]);
      } finally {
        live.close();
        anonymous.close();
      }
      const history = await waltershausen.agent.get('/api/v1/situation/levels');
      expect(history.body.items.map((item: { level: number }) => item.level)).to.deep.equal([3]);
      expect((await erfurt.agent.get('/api/v1/situation')).body.level).to.include({ level: 3 });
      const admin = await loginAs(server.url, 'cert-admin@lagebild.test');
      const audit = await admin.agent.get('/api/v1/audit?action=situation.level_changed');
      expect(audit.status).to.equal(200);
      expect(audit.body.items).to.have.length(1);
      expect(audit.body.items[0]).to.include({ actor: 'analyst@lagebild.test' });
    });
  });

  describe('per role, through the policy', () => {
    it("the CERT sees SWNT's incident with its next legal deadline; Erfurt's picture does not mention it", async () => {
      const cert = (await analyst.agent.get('/api/v1/situation')).body;
      expect(cert.role).to.equal('cert');
      const incident = cert.incidents.find((item: { id: string }) => item.id === incidentId);
      expect(incident).to.include({ sector: 'energy', district: 'Landkreis Nordhausen' });
      expect(incident.organization.name).to.equal('Stadtwerke Nordthüringen GmbH');
      // Reporting submitted the early warning; the notification (awareness + 72 h) is next.
      expect(incident.next.stage).to.equal('notification');
      expect(incident.next.overdue).to.equal(false);
      const erfurtText = JSON.stringify((await erfurt.agent.get('/api/v1/situation')).body);
      expect(erfurtText).not.to.include(incidentId);
      expect(erfurtText).not.to.include('SWNT-4711');
      expect(erfurtText).not.to.include('Stadtwerke Nordthüringen');
    });

    it('the reporting utility sees its own open incident with the next deadline', async () => {
      const mine = (await swnt.agent.get('/api/v1/situation')).body;
      expect(mine.role).to.equal('reporter');
      expect(mine.incidents.map((item: { id: string }) => item.id)).to.deep.equal([incidentId]);
      expect(mine.districts).to.equal(undefined);
      expect(mine.unanswered).to.equal(undefined);
    });

    it('the CERT sees coverage, the unanswered organizations and the districts with their exposures and incidents', async () => {
      const cert = (await analyst.agent.get('/api/v1/situation')).body;
      const critical = cert.criticalAdvisories.find((item: { advisory: { id: string } }) => item.advisory.id === advisoryId);
      expect(critical).to.include({ affected: 2, acknowledged: 0, open: 2 });
      expect(cert.unanswered.map((e: { organization: { name: string } }) => e.organization.name).sort()).to.deep.equal(['Stadt Erfurt', 'Stadt Waltershausen']);
      expect(cert.districts).to.have.length(22);
      const tile = (key: string): Record<string, unknown> => (cert.districts as { key: string }[]).find((d) => d.key === key)!;
      expect(tile('16067')).to.include({ name: 'Landkreis Gotha', openExposures: 1, unanswered: 1, openIncidents: 0 });
      expect(tile('16051')).to.include({ openExposures: 1, unanswered: 1 });
      expect(tile('16062')).to.include({ openIncidents: 1 });
      expect(tile('16053')).to.include({ openExposures: 0 });
      expect(cert.intake).to.have.keys(['date', 'newItems', 'newKev', 'highEpss']);
      expect(cert.charts.advisoriesPerWeek).to.have.length(12);
      expect(cert.charts.advisoriesPerWeek.at(-1).kritisch).to.equal(1);
      expect(cert.charts.incidentsPerMonth.at(-1).bySector).to.deep.equal({ energy: 1 });
    });

    it("a municipality sees only its own exposure, never another municipality's", async () => {
      const mine = (await waltershausen.agent.get('/api/v1/situation')).body;
      expect(mine.role).to.equal('organization');
      expect(mine.affectingUs.map((entry: { advisory: { id: string } }) => entry.advisory.id)).to.deep.equal([advisoryId]);
      const text = JSON.stringify(mine);
      expect(text).not.to.include('Stadt Erfurt');
      expect(mine.municipalities).to.equal(undefined);
      expect(mine.districts).to.equal(undefined);
      const jenaText = JSON.stringify((await jena.agent.get('/api/v1/situation')).body);
      expect(jenaText).not.to.include('Stadt Erfurt');
      expect(jenaText).not.to.include('Waltershausen');
    });

    it("the district's org_admin sees which of its municipalities are affected and unanswered, and nothing of Erfurt", async () => {
      const district = (await gotha.agent.get('/api/v1/situation')).body;
      expect(district.role).to.equal('district');
      const walt = district.municipalities.find((m: { name: string }) => m.name === 'Stadt Waltershausen');
      expect(walt).to.include({ openExposures: 1, unanswered: 1, districtName: 'Landkreis Gotha' });
      expect(district.municipalities.map((m: { name: string }) => m.name)).to.include.members(['Stadt Gotha', 'Stadt Ohrdruf', 'Stadt Friedrichroda']);
      expect(district.unanswered.map((e: { organization: { name: string } }) => e.organization.name)).to.deep.equal(['Stadt Waltershausen']);
      expect(JSON.stringify(district)).not.to.include('Stadt Erfurt');
    });

    it('an answer closes the exposure: "mitigated" removes Waltershausen from the unanswered lists', async () => {
      const ack = await waltershausen.agent.put(`/api/v1/advisories/${advisoryId}/acknowledgements`).set('x-csrf-token', waltershausen.csrfToken).send({ status: 'mitigated' });
      expect(ack.status, JSON.stringify(ack.body)).to.be.oneOf([200, 201]);
      const district = (await gotha.agent.get('/api/v1/situation')).body;
      expect(district.unanswered).to.deep.equal([]);
      const cert = (await analyst.agent.get('/api/v1/situation')).body;
      expect(cert.districts.find((d: { key: string }) => d.key === '16067')).to.include({ openExposures: 0 });
      expect(cert.criticalAdvisories.find((item: { advisory: { id: string } }) => item.advisory.id === advisoryId)).to.include({ acknowledged: 1, open: 1 });
    });

    it('refuses anonymous callers', async () => {
      const response = await fetch(`${server.url}/api/v1/situation`);
      expect(response.status).to.equal(401);
    });
  });
});
