import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { events } from '../../../server/platform/outbox/events.table.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';
import { reportedIncident } from '../../support/incidents.js';
import { eventDeclaration } from '../../../server/events.js';

type Session = Awaited<ReturnType<typeof loginAs>>;

describe('the CERT workspace of an incident: triage without traps, notes, checklist, timeline', function () {
  this.timeout(120_000);
  let server: TestServer;
  let soc: Session;
  let analyst: Session;
  let incidentId: string;

  before(async () => {
    server = await startTestServer();
    soc = await loginAs(server.url, 'soc@swnt.lagebild.test');
    analyst = await loginAs(server.url, 'analyst@lagebild.test');
    incidentId = await reportedIncident(soc, '2026-05-12T08:00:00Z', { incidentType: 'ransomware' });
  });
  after(async () => server?.close());

  it('shows the CERT the reported description and impact, and the defaults the wizard starts from', async () => {
    const detail = await analyst.agent.get(`/api/v1/incidents/${incidentId}`);
    expect(detail.body.report.description).to.contain('Verschlüsselte Dateien');
    expect(detail.body.report.impact).to.deep.equal({ confidentiality: true, integrity: true, availability: true });
    expect(detail.body.triage.incidentType).to.equal('ransomware');
    const defaults = await soc.agent.get('/api/v1/incidents/defaults');
    expect(defaults.status).to.equal(200);
    expect(defaults.body).to.deep.include({ sector: 'energy', entityType: 'essential', kritis: true });
    expect(defaults.body.contact).to.include({ name: 'Michael Becker', email: 'soc@swnt.lagebild.test' });
  });

  it('changes only the severity when only the severity is changed: the state stays', async () => {
    const before = await analyst.agent.get(`/api/v1/incidents/${incidentId}`);
    expect(before.body.triage.state).to.equal('new');
    const rated = await analyst.agent.post(`/api/v1/incidents/${incidentId}/triage`).set('x-csrf-token', analyst.csrfToken).send({ severity: 'kritisch' });
    expect(rated.status).to.equal(200);
    expect(rated.body.triage).to.include({ state: 'new', severity: 'kritisch' });
    const again = await analyst.agent.post(`/api/v1/incidents/${incidentId}/triage`).set('x-csrf-token', analyst.csrfToken).send({ severity: 'kritisch' });
    expect(again.body.triage.state).to.equal('new');
  });

  it('closes only with a closing note, which the reporter never sees', async () => {
    await analyst.agent.post(`/api/v1/incidents/${incidentId}/transition`).set('x-csrf-token', analyst.csrfToken).send({ to: 'acknowledged' }).expect(200);
    const bare = await analyst.agent.post(`/api/v1/incidents/${incidentId}/transition`).set('x-csrf-token', analyst.csrfToken).send({ to: 'closed' });
    expect(bare.status).to.equal(400);
    expect(JSON.stringify(bare.body.errors)).to.contain('note');
    const closed = await analyst.agent.post(`/api/v1/incidents/${incidentId}/transition`).set('x-csrf-token', analyst.csrfToken).send({ to: 'closed', note: 'Interne Abschlussnotiz: Fehlalarm Abrechnungsserver' });
    expect(closed.status).to.equal(200);
    expect(closed.body.triage.state).to.equal('closed');
    expect(closed.body.triage.sla.next).to.equal(null);
    const certTimeline = await analyst.agent.get(`/api/v1/incidents/${incidentId}/timeline`);
    expect(certTimeline.text).to.contain('Interne Abschlussnotiz');
    const reporterTimeline = await soc.agent.get(`/api/v1/incidents/${incidentId}/timeline`);
    expect(reporterTimeline.status).to.equal(200);
    expect(reporterTimeline.text).to.not.contain('Interne Abschlussnotiz');
    expect((reporterTimeline.body.items as { kind: string }[]).map((entry) => entry.kind)).to.include.members(['stage', 'state-change']);
    await analyst.agent.post(`/api/v1/incidents/${incidentId}/transition`).set('x-csrf-token', analyst.csrfToken).send({ to: 'investigating', note: 'Wieder geöffnet' }).expect(200);
  });

  it('keeps CERT-internal notes from the reporter on every path: REST, timeline, events', async () => {
    const note = await analyst.agent.post(`/api/v1/incidents/${incidentId}/notes`).set('x-csrf-token', analyst.csrfToken).send({ body: 'Vertraulich: Täter vermutlich identisch mit Vorfall bei KIV' });
    expect(note.status).to.equal(201);
    const certNotes = await analyst.agent.get(`/api/v1/incidents/${incidentId}/notes`);
    expect(certNotes.body.items.map((item: { body: string }) => item.body)).to.include('Vertraulich: Täter vermutlich identisch mit Vorfall bei KIV');
    for (const path of ['/notes', '/tasks']) {
      const response = await soc.agent.get(`/api/v1/incidents/${incidentId}${path}`);
      expect(response.status, path).to.be.oneOf([403, 404]);
      expect(response.text).to.not.contain('Vertraulich');
    }
    const posted = await soc.agent.post(`/api/v1/incidents/${incidentId}/notes`).set('x-csrf-token', soc.csrfToken).send({ body: 'x' });
    expect(posted.status).to.be.oneOf([403, 404]);
    for (const path of ['', '/timeline', '/messages', '/stix']) expect((await soc.agent.get(`/api/v1/incidents/${incidentId}${path}`)).text, path).to.not.contain('Vertraulich');
    const [event] = await server.database.db.select().from(events).where(eq(events.type, 'incident.note.added'));
    expect(event!.subjectKind).to.equal('incident');
    expect(eventDeclaration('incident.note.added')!.audience!({ reportingOrganizationId: event!.subjectId }, { payload: event!.payload, context: {} })).to.deep.equal({ kind: 'cert' });
    expect(JSON.stringify(event!.payload)).to.not.contain('Vertraulich');
  });

  it('starts the checklist from the ransomware template, adds the new type’s tasks on reclassification, and ticks tasks off', async () => {
    const tasks = await analyst.agent.get(`/api/v1/incidents/${incidentId}/tasks`);
    const keys = (tasks.body.items as { templateKey: string }[]).map((task) => task.templateKey);
    expect(keys).to.include.members(['bsi_informed', 'indicators_shared', 'sector_warned', 'backups_isolated', 'police_informed']);
    const bsi = (tasks.body.items as { id: string; templateKey: string }[]).find((task) => task.templateKey === 'bsi_informed')!;
    const ticked = await analyst.agent.patch(`/api/v1/incidents/${incidentId}/tasks/${bsi.id}`).set('x-csrf-token', analyst.csrfToken).send({ done: true });
    expect(ticked.body).to.include({ done: true });
    expect(ticked.body.label.de).to.match(/BSI/);
    await analyst.agent.post(`/api/v1/incidents/${incidentId}/triage`).set('x-csrf-token', analyst.csrfToken).send({ incidentType: 'data_breach' }).expect(200);
    const after = await analyst.agent.get(`/api/v1/incidents/${incidentId}/tasks`);
    const afterKeys = (after.body.items as { templateKey: string; done: boolean }[]);
    expect(afterKeys.map((task) => task.templateKey)).to.include('dpa_notified');
    expect(afterKeys.find((task) => task.templateKey === 'bsi_informed')!.done).to.equal(true);
    const own = await analyst.agent.post(`/api/v1/incidents/${incidentId}/tasks`).set('x-csrf-token', analyst.csrfToken).send({ title: 'Rückruf beim Netzbetreiber' });
    expect(own.status).to.equal(201);
    expect(own.body).to.include({ custom: true, done: false });
    const timeline = await analyst.agent.get(`/api/v1/incidents/${incidentId}/timeline`);
    expect((timeline.body.items as { kind: string }[]).map((entry) => entry.kind)).to.include.members(['note', 'task-done', 'triage-change', 'state-change', 'stage']);
  });
});
