import { expect } from 'chai';
import { and, eq } from 'drizzle-orm';
import { events } from '../../../server/platform/outbox/events.table.js';
import { auditLog } from '../../../server/audit/audit.table.js';
import { parseBundle } from '../../../server/stix/index.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';
import { reportedIncident } from '../../support/incidents.js';

type Session = Awaited<ReturnType<typeof loginAs>>;

describe('incident reporting: soc@swnt reports, the CERT triages, they talk, it is shared and sighted', () => {
  let server: TestServer;
  let soc: Session;
  let analyst: Session;
  let erfurt: Session;
  let jena: Session;
  let incidentId: string;
  const awarenessAt = '2026-03-28T11:00:00Z'; // the day before the March clock change

  before(async () => {
    server = await startTestServer();
    soc = await loginAs(server.url, 'soc@swnt.lagebild.test');
    analyst = await loginAs(server.url, 'analyst@lagebild.test');
    erfurt = await loginAs(server.url, 'it@erfurt.lagebild.test');
    jena = await loginAs(server.url, 'it@jena.lagebild.test');
    incidentId = await reportedIncident(soc, awarenessAt);
  });
  after(async () => server.close());

  it('dates the early warning exactly 24 h after the stated awareness time, shown in Europe/Berlin', async () => {
    const response = await soc.agent.get(`/api/v1/incidents/${incidentId}`);
    expect(response.status).to.equal(200);
    const early = (response.body.deadlines as { stage: string; due: { utc: string; berlin: string }; state: string }[]).find((d) => d.stage === 'early_warning')!;
    expect(early.due.utc).to.equal('2026-03-29T11:00:00.000Z');
    expect(early.due.berlin).to.equal('2026-03-29T13:00:00+02:00');
    expect(early.state).to.equal('submitted');
    const notification = (response.body.deadlines as { stage: string; due: { utc: string } }[]).find((d) => d.stage === 'notification')!;
    expect(notification.due.utc).to.equal('2026-03-31T11:00:00.000Z');
    expect(response.body.awareness.berlin).to.equal('2026-03-28T12:00:00+01:00');
    const audit = await server.database.db.select().from(auditLog).where(and(eq(auditLog.objectId, incidentId), eq(auditLog.action, 'incident.awareness_changed')));
    expect(audit).to.have.length(1);
  });

  it('puts it in the CERT queue and writes incident.reported for the CERT and the reporter', async () => {
    const queue = await analyst.agent.get('/api/v1/incidents').query({ queue: 'cert' });
    expect(queue.status).to.equal(200);
    expect((queue.body.items as { id: string }[]).map((item) => item.id)).to.include(incidentId);
    const [event] = await server.database.db.select().from(events).where(eq(events.type, 'incident.reported'));
    expect(event?.payload.id).to.equal(incidentId);
    // The subject is the incident: its participants are decided at delivery (server/access/delivery.ts).
    expect(event?.subjectKind).to.equal('incident');
    expect(event?.subjectId).to.equal(incidentId);
    const refused = await soc.agent.get('/api/v1/incidents').query({ queue: 'cert' });
    expect(refused.status).to.equal(403);
  });

  it('lets the analyst move the state along the state machine only by explicit transitions, and refuses skipping states with 409', async () => {
    const skip = await analyst.agent.post(`/api/v1/incidents/${incidentId}/transition`).set('x-csrf-token', analyst.csrfToken).send({ to: 'contained' });
    expect(skip.status).to.equal(409);
    expect(skip.body.code).to.equal('INVALID_STATE');
    const viaTriage = await analyst.agent.post(`/api/v1/incidents/${incidentId}/triage`).set('x-csrf-token', analyst.csrfToken).send({ state: 'acknowledged' });
    expect(viaTriage.status, 'the triage form cannot carry a state').to.equal(400);
    const ack = await analyst.agent.post(`/api/v1/incidents/${incidentId}/transition`).set('x-csrf-token', analyst.csrfToken).send({ to: 'acknowledged' });
    expect(ack.status).to.equal(200);
    expect(ack.body.triage.state).to.equal('acknowledged');
    expect(ack.body.triage.sla.acknowledged).to.not.equal(null);
    expect(ack.body.triage.sla.next.kind, 'after acknowledgement the SLA line is about the feedback').to.equal('feedback');
    const rated = await analyst.agent.post(`/api/v1/incidents/${incidentId}/triage`).set('x-csrf-token', analyst.csrfToken).send({ severity: 'hoch', assigneeUserId: analyst.userId });
    expect(rated.status).to.equal(200);
    expect(rated.body.triage).to.include({ state: 'acknowledged', severity: 'hoch', assigneeUserId: analyst.userId });
    expect(rated.body.triage.assignee.name).to.be.a('string');
    const byReporter = await soc.agent.post(`/api/v1/incidents/${incidentId}/transition`).set('x-csrf-token', soc.csrfToken).send({ to: 'investigating' });
    expect(byReporter.status).to.equal(403);
  });

  it('carries messages both ways with read receipts and writes incident.message.posted', async () => {
    const fromCert = await analyst.agent.post(`/api/v1/incidents/${incidentId}/messages`).set('x-csrf-token', analyst.csrfToken).send({ body: 'Bitte Firewall-Logs seit 05:00 Uhr sichern.' });
    expect(fromCert.status).to.equal(201);
    expect(fromCert.body.tlp).to.equal('AMBER+STRICT');
    const upload = await soc.agent.post(`/api/v1/incidents/${incidentId}/attachments`).query({ filename: 'firewall.csv' }).set('x-csrf-token', soc.csrfToken).set('content-type', 'application/octet-stream').send(Buffer.from('ts,src\n2026-05-12T05:41:00Z,198.51.100.7\n'));
    expect(upload.status, JSON.stringify(upload.body)).to.equal(201);
    const reply = await soc.agent.post(`/api/v1/incidents/${incidentId}/messages`).set('x-csrf-token', soc.csrfToken).send({ body: 'Logs anbei.', tlp: 'AMBER', attachmentIds: [upload.body.id] });
    expect(reply.status).to.equal(201);
    const read = await analyst.agent.post(`/api/v1/incidents/${incidentId}/messages/${reply.body.id as string}/read`).set('x-csrf-token', analyst.csrfToken);
    expect(read.status).to.equal(204);
    const thread = await soc.agent.get(`/api/v1/incidents/${incidentId}/messages`);
    expect(thread.body.items).to.have.length(2);
    expect(thread.body.items[1].readBy.map((r: { userId: string }) => r.userId)).to.include(analyst.userId);
    const download = await analyst.agent.get(`/api/v1/incidents/${incidentId}/attachments/${upload.body.id as string}`);
    expect(download.status).to.equal(200);
    expect(download.headers['content-disposition']).to.match(/^attachment; filename="firewall.csv"/);
    expect(download.headers['x-content-type-options']).to.equal('nosniff');
    const posted = await server.database.db.select().from(events).where(eq(events.type, 'incident.message.posted'));
    expect(posted).to.have.length(2);
    const detail = await soc.agent.get(`/api/v1/incidents/${incidentId}`);
    expect(detail.body.triage.sla.feedback).to.not.equal(null);
  });

  it('answers it@erfurt with 404 for the incident, its thread, attachments, indicators and STIX, and lists nothing', async () => {
    const thread = await soc.agent.get(`/api/v1/incidents/${incidentId}/messages`);
    const attachmentId = thread.body.items[1].attachments[0].id as string;
    for (const path of ['', '/messages', `/attachments/${attachmentId}`, '/indicators', '/stix']) {
      const response = await erfurt.agent.get(`/api/v1/incidents/${incidentId}${path}`);
      expect(response.status, path).to.equal(404);
      expect(JSON.stringify(response.body)).to.not.contain('Ransomware');
    }
    const post = await erfurt.agent.post(`/api/v1/incidents/${incidentId}/messages`).set('x-csrf-token', erfurt.csrfToken).send({ body: 'hallo' });
    expect(post.status).to.equal(404);
    const list = await erfurt.agent.get('/api/v1/incidents');
    expect(list.body.items).to.deep.equal([]);
  });

  it('shares a sanitized GREEN indicator package that it@jena sights and the analyst sees', async () => {
    const added = await soc.agent.post(`/api/v1/incidents/${incidentId}/indicators`).set('x-csrf-token', soc.csrfToken).send({ text: 'C2 hxxps://update-relay-cdn[.]net/gate.php und 185.220.101[.]47', tlp: 'GREEN' });
    expect(added.status, JSON.stringify(added.body)).to.equal(201);
    expect(added.body.items.map((i: { value: string }) => i.value)).to.deep.equal(['https://update-relay-cdn.net/gate.php', '185.220.101.47']);
    const share = await analyst.agent
      .post(`/api/v1/incidents/${incidentId}/share`)
      .set('x-csrf-token', analyst.csrfToken)
      .send({ package: { items: added.body.items.map((i: { id: string }) => ({ indicatorId: i.id })), tlp: 'GREEN', description: 'Angriff auf Stadtwerke Nordthüringen GmbH' } });
    expect(share.status, JSON.stringify(share.body)).to.equal(201);
    expect(share.body.reporterLabel).to.equal('ein Energieversorger');
    expect(share.body.package.tlp).to.equal('GREEN');
    expect(JSON.stringify(share.body.package)).to.not.contain('Nordthüringen');
    expect(JSON.stringify(share.body.package)).to.not.contain(incidentId);
    const bundle = await jena.agent.get(`/api/v1/indicator-packages/${share.body.package.id as string}/stix`);
    expect(bundle.status).to.equal(200);
    expect(parseBundle(bundle.body, { mode: 'strict' }).success).to.equal(true);
    const indicatorId = share.body.package.indicators[1].id as string;
    const seen = await jena.agent.post(`/api/v1/indicators/${indicatorId}/sightings`).set('x-csrf-token', jena.csrfToken).send({ seenAt: '2026-05-13T07:00:00Z', count: 3, note: 'Firewall-Treffer' });
    expect(seen.status, JSON.stringify(seen.body)).to.equal(201);
    expect(seen.body.stix.where_sighted_refs).to.have.length(1);
    const spread = await analyst.agent.get(`/api/v1/indicators/${indicatorId}/sightings`);
    expect(spread.body.totals).to.deep.equal({ sightings: 1, count: 3, organizations: 1 });
    expect(spread.body.items[0].organization.name).to.equal('Stadt Jena');
    const others = await erfurt.agent.get(`/api/v1/indicators/${indicatorId}/sightings`);
    expect(others.body.totals.count).to.equal(3);
    expect(others.body.items).to.deep.equal([]);
    const shares = await soc.agent.get(`/api/v1/incidents/${incidentId}/shares`);
    expect(shares.status).to.equal(403);
  });

  it('exports the incident as a strict STIX bundle marked AMBER+STRICT', async () => {
    const response = await soc.agent.get(`/api/v1/incidents/${incidentId}/stix`);
    expect(response.status).to.equal(200);
    const parsed = parseBundle(response.body, { mode: 'strict' });
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).to.equal(true);
    const types = (response.body.objects as { type: string }[]).map((object) => object.type);
    for (const type of ['incident', 'identity', 'observed-data', 'indicator', 'sighting', 'relationship', 'marking-definition']) expect(types).to.include(type);
  });
});
