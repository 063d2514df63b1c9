import { expect } from 'chai';
import { processNotificationBatch } from '../../../server/notifications/consumer.js';
import type { MailMessage } from '../../../server/platform/mail.js';
import cron from 'node-cron';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../../server/platform/db/client.js';
import { JOBS } from '../../../server/jobs.js';
import { reportAttachment, runWeeklyReport, WEEKLY_REPORT_JOB } from '../../../server/situation/index.js';
import { advisoryBody, organizationIds, publishedAdvisory } from '../../support/advisories.js';
import { DEMO_PASSWORD, testConfig } from '../../support/config.js';
import { reportedIncident } from '../../support/incidents.js';
import { connectLive, sessionCookie, type LiveClient } from '../../support/live.js';
import { pdfTextLines } from '../../support/pdf-text-lines.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';

type Session = Awaited<ReturnType<typeof loginAs>>;

async function pdfOf(session: Session, id: string, lang?: 'en'): Promise<{ status: number; type: string; text: string; raw: Buffer }> {
  const response = await session.agent
    .get(`/api/v1/situation-reports/${id}/pdf`)
    .query(lang ? { lang } : {})
    .buffer(true)
    .parse((res, callback) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => callback(null, Buffer.concat(chunks)));
    });
  const body = response.body as Buffer;
  return { status: response.status, type: String(response.headers['content-type']), text: response.status === 200 ? pdfTextLines(body) : body.toString('utf8'), raw: body };
}

describe('weekly Lagebericht (issue 15)', () => {
  let server: TestServer;
  let analyst: Session;
  let erfurt: Session;
  let swnt: Session;
  let advisoryId: string;
  const week = () => ({ from: new Date(Date.now() - 7 * 86_400_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() });

  before(async () => {
    server = await startTestServer({ env: { SERVER_ROLES: 'web' } });
    analyst = await loginAs(server.url, 'analyst@lagebild.test');
    erfurt = await loginAs(server.url, 'it@erfurt.lagebild.test');
    swnt = await loginAs(server.url, 'soc@swnt.lagebild.test');
    advisoryId = await publishedAdvisory(analyst, advisoryBody({ title: { de: 'Kritische Schwachstelle in NetScaler ADC – Gerätezugänge prüfen', en: 'Critical vulnerability in NetScaler ADC' } }));
    await publishedAdvisory(analyst, advisoryBody({ title: { de: 'Vertrauliche Warnung nur für Gotha', en: 'Confidential' }, tlp: 'AMBER', audience: { organizations: [(await organizationIds(analyst.agent)).get('Landkreis Gotha')], sharingGroups: [], users: [] } }));
    await reportedIncident(swnt, new Date(Date.now() - 3_600_000).toISOString(), { title: 'Ransomware im Abrechnungsnetz SWNT-4711' });
  });
  after(async () => server.close());

  it('refuses a municipality (403), a reversed period, RED and unknown fields (400 problem+json), storing nothing', async () => {
    expect((await erfurt.agent.post('/api/v1/situation-reports').set('x-csrf-token', erfurt.csrfToken).send({ ...week(), tlp: 'green' })).status).to.equal(403);
    const { from, to } = week();
    for (const body of [{ from: to, to: from, tlp: 'green' }, { from, to, tlp: 'red' }, { from, to, tlp: 'green', extra: 1 }, { from: 'gestern', to, tlp: 'green' }, { from: '2020-01-01T00:00:00Z', to, tlp: 'green' }]) {
      const bad = await analyst.agent.post('/api/v1/situation-reports').set('x-csrf-token', analyst.csrfToken).send(body);
      expect(bad.status, JSON.stringify(body)).to.equal(400);
      expect(bad.headers['content-type']).to.match(/application\/problem\+json/);
    }
    expect((await analyst.agent.get('/api/v1/situation-reports')).body.items).to.deep.equal([]);
  });

  it('drafts the last 7 days at TLP:GREEN: the advisory with its coverage, the incident as "ein Energieversorger", never the utility; a German PDF with umlauts in DejaVu Sans', async () => {
    const created = await analyst.agent.post('/api/v1/situation-reports').set('x-csrf-token', analyst.csrfToken).send({ ...week(), tlp: 'green' });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const report = created.body;
    expect(report).to.include({ status: 'draft', tlp: 'green' });
    expect(report.content.advisories.map((a: { id: string }) => a.id)).to.deep.equal([advisoryId]);
    expect(report.content.advisories[0]).to.include({ affected: 0, acknowledged: 0 });
    expect(report.content.restrictedAdvisories).to.equal(0);
    expect(report.content.incidents.total).to.equal(1);
    expect(report.content.incidents.items[0]).to.deep.include({ reporter: { de: 'ein Energieversorger', en: 'an energy utility' }, district: null, severity: null });
    const json = JSON.stringify(report);
    for (const secret of ['Stadtwerke', 'SWNT', 'Vertrauliche Warnung', 'Nordhausen']) expect(json).not.to.include(secret);

    const pdf = await pdfOf(analyst, report.id as string);
    expect(pdf.status).to.equal(200);
    expect(pdf.type).to.equal('application/pdf');
    expect(pdf.text).to.include('Lagebericht');
    expect(pdf.text).to.include('Kritische Schwachstelle in NetScaler ADC – Gerätezugänge prüfen');
    expect(pdf.text).to.include('ein Energieversorger');
    expect(pdf.text).to.include('keine betroffene Einrichtung');
    expect(pdf.text).to.include('Gemeldete Vorfälle');
    expect(pdf.text).not.to.include('Stadtwerke');
    // The umlauts come from the embedded DejaVu Sans (a subset with a ToUnicode map), not from WinAnsi Helvetica.
    expect(pdf.raw.toString('latin1')).to.match(/\/BaseFont \/[A-Z]{6}\+DejaVuSans\b/);
    expect(pdf.raw.toString('latin1')).not.to.include('/Helvetica');
    expect(pdf.text).to.match(/Lagestufe 1 – Normal/);
    expect(pdf.text).to.include('Zu Beginn des Zeitraums');
    const english = await pdfOf(analyst, report.id as string, 'en');
    expect(english.text).to.include('Situation report');
    expect(english.text).to.include('an energy utility');
    expect(english.text).to.include('no affected organization');
  });

  it('at TLP:AMBER names the district and counts the AMBER advisories without naming them; at CLEAR only counts incidents per sector', async () => {
    const amber = (await analyst.agent.post('/api/v1/situation-reports').set('x-csrf-token', analyst.csrfToken).send({ ...week(), tlp: 'amber' })).body;
    expect(amber.content.incidents.items[0]).to.include({ district: 'Landkreis Nordhausen' });
    expect(amber.content.restrictedAdvisories).to.equal(1);
    expect(JSON.stringify(amber)).not.to.include('Vertrauliche Warnung');
    expect(JSON.stringify(amber)).not.to.include('Stadtwerke');
    const clear = (await analyst.agent.post('/api/v1/situation-reports').set('x-csrf-token', analyst.csrfToken).send({ ...week(), tlp: 'clear' })).body;
    expect(clear.content.advisories).to.deep.equal([]);
    expect(clear.content.incidents).to.deep.equal({ total: 1, byReporter: [{ reporter: { de: 'ein Energieversorger', en: 'an energy utility' }, count: 1 }], items: [] });
  });

  it('a draft is the CERT’s alone; publishing needs the assessment, reaches Erfurt live, by the bell and by mail with the PDF, and is audited', async () => {
    const report = (await analyst.agent.post('/api/v1/situation-reports').set('x-csrf-token', analyst.csrfToken).send({ ...week(), tlp: 'green' })).body;
    const id = report.id as string;
    expect((await erfurt.agent.get(`/api/v1/situation-reports/${id}`)).status).to.equal(404);
    expect((await pdfOf(erfurt, id)).status).to.equal(404);
    expect((await erfurt.agent.get('/api/v1/situation-reports')).body.items).to.deep.equal([]);
    expect((await erfurt.agent.post(`/api/v1/situation-reports/${id}/publish`).set('x-csrf-token', erfurt.csrfToken)).status).to.equal(403);

    const early = await analyst.agent.post(`/api/v1/situation-reports/${id}/publish`).set('x-csrf-token', analyst.csrfToken);
    expect(early.status).to.equal(422);
    expect(early.body.errors[0].path).to.equal('sections.assessment.de');
    const sections = { assessment: { de: 'Angespannte Lage: Ransomware bei einem Energieversorger; Schwachstellen in VPN-Gateways werden ausgenutzt.', en: 'Tense: ransomware at an energy utility.' }, recommendations: { de: 'Patchen Sie NetScaler-Gateways sofort und prüfen Sie Sitzungen.' } };
    const edited = await analyst.agent.patch(`/api/v1/situation-reports/${id}`).set('x-csrf-token', analyst.csrfToken).send({ sections });
    expect(edited.status, JSON.stringify(edited.body)).to.equal(200);

    const cookie = await sessionCookie(server.url, 'it@erfurt.lagebild.test', DEMO_PASSWORD);
    const live: LiveClient = connectLive(server.url, { cookie });
    const anonymous: LiveClient = connectLive(server.url, {});
    try {
      await Promise.all([live.nextReady(), anonymous.nextReady()]);
      const published = await analyst.agent.post(`/api/v1/situation-reports/${id}/publish`).set('x-csrf-token', analyst.csrfToken);
      expect(published.status, JSON.stringify(published.body)).to.equal(200);
      expect(published.body).to.include({ status: 'published', publishedBy: 'Jonas Weber' });
      const event = await live.waitFor((e) => e.type === 'situation.report.published');
      expect(event.payload).to.include({ id, tlp: 'green' });
      expect(JSON.stringify(event.payload)).not.to.include('Angespannte');

      const sent: MailMessage[] = [];
      const settings = testConfig().settings;
      await processNotificationBatch(server.database.db, { mailer: { send: (message) => Promise.resolve(void sent.push(message)) }, baseUrl: 'https://lagebild.test', settings, attachments: (ref) => reportAttachment(server.database.db, ref.id, ref.language) });
      const bell = await live.waitFor((e) => e.type === 'notification.created');
      expect(bell.payload).to.have.keys(['id', 'unread']);
      const inbox = await erfurt.agent.get('/api/v1/me/notifications');
      expect(inbox.status).to.equal(200);
      const entry = (inbox.body.items as { reportId: string | null; title: { de: string } | null }[]).find((item) => item.reportId === id);
      expect(entry?.title?.de).to.match(/^Lagebericht /);
      const mail = sent.find((message) => message.to === 'it@erfurt.lagebild.test' && message.attachments?.length);
      expect(mail, 'mail to Erfurt with the PDF').to.not.equal(undefined);
      expect(mail!.subject).to.match(/^\[TLP:GREEN\] Lagebericht/);
      expect(pdfTextLines(mail!.attachments![0]!.content)).to.include('Angespannte Lage: Ransomware bei einem Energieversorger');
      // Planned as intent only; rendered and re-checked at send time (docs/adr/0007): a mail due again after
      // the report's label no longer lets it travel is suppressed, not sent from what was planned.
      const planned = await queryRows<{ id: string; message: Record<string, unknown> }>(server.database.db, sql`select id, message from deliveries where event_type = 'situation.report.published' and channel = 'email' and recipient like 'user:%' and message->>'reportId' = ${id}`);
      expect(planned.length).to.be.greaterThan(0);
      for (const row of planned) expect(row.message).to.not.have.any.keys('subject', 'text', 'attachment');
      await server.database.db.execute(sql`update situation_reports set tlp = 'amber' where id = ${id}`);
      await server.database.db.execute(sql`update deliveries set status = 'pending', next_attempt_at = now() - interval '1 minute' where id = ${planned[0]!.id}`);
      const late: MailMessage[] = [];
      await processNotificationBatch(server.database.db, { mailer: { send: (message) => Promise.resolve(void late.push(message)) }, baseUrl: 'https://lagebild.test', settings, attachments: (ref) => reportAttachment(server.database.db, ref.id, ref.language) });
      await server.database.db.execute(sql`update situation_reports set tlp = 'green' where id = ${id}`);
      expect(late).to.deep.equal([]);
      expect((await queryRows<{ status: string }>(server.database.db, sql`select status from deliveries where id = ${planned[0]!.id}`))[0]?.status).to.equal('suppressed');
      await new Promise((resolve) => anonymous.socket.emit('position.get', {}, resolve));
      expect(anonymous.received.filter((e) => e.type === 'situation.report.published' || e.type === 'notification.created')).to.deep.equal([]);
    } finally {
      live.close();
      anonymous.close();
    }
    expect((await erfurt.agent.get(`/api/v1/situation-reports/${id}`)).status).to.equal(200);
    expect((await pdfOf(erfurt, id)).text).to.include('Patchen Sie NetScaler-Gateways sofort');
    expect((await analyst.agent.patch(`/api/v1/situation-reports/${id}`).set('x-csrf-token', analyst.csrfToken).send({ sections })).status).to.equal(409);
    const admin = await loginAs(server.url, 'cert-admin@lagebild.test');
    const audit = await admin.agent.get('/api/v1/audit?action=situation_report.&limit=100');
    const actions = (audit.body.items as { action: string; objectId: string }[]).filter((item) => item.objectId === id).map((item) => item.action);
    expect(actions).to.include.members(['situation_report.drafted', 'situation_report.edited', 'situation_report.published']);
  });

  it('the Monday job drafts the past calendar week (Berlin time) at TLP:GREEN for the CERT', async () => {
    const task = cron.createTask(WEEKLY_REPORT_JOB.schedule, () => undefined, { timezone: 'Europe/Berlin' });
    try {
      // Monday 07:00 in Berlin: 06:00 UTC in winter (CET), 05:00 UTC in summer (CEST); never a Sunday.
      expect(task.match(new Date('2026-12-07T06:00:00Z'))).to.equal(true);
      expect(task.match(new Date('2026-12-07T07:00:00Z'))).to.equal(false);
      expect(task.match(new Date('2026-07-06T05:00:00Z'))).to.equal(true);
      expect(task.match(new Date('2026-07-06T06:00:00Z'))).to.equal(false);
      expect(task.match(new Date('2026-12-06T06:00:00Z'))).to.equal(false);
    } finally {
      void task.destroy();
    }
    expect(JOBS.map((job) => job.name)).to.include(WEEKLY_REPORT_JOB.name);
    const result = await runWeeklyReport(server.database.db, new Date('2026-12-07T06:00:00Z'));
    expect(result).to.include({ from: '2026-11-29T23:00:00.000Z', to: '2026-12-06T23:00:00.000Z' });
    const summer = await runWeeklyReport(server.database.db, new Date('2026-07-06T05:00:00Z'));
    expect(summer).to.include({ from: '2026-06-28T22:00:00.000Z', to: '2026-07-05T22:00:00.000Z' });
    const report = (await analyst.agent.get(`/api/v1/situation-reports/${result.reportId}`)).body;
    expect(report).to.include({ status: 'draft', tlp: 'green', createdBy: 'Wochenbericht (automatisch)' });
  });
});
