import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { pdfText } from '../../support/pdf-text.js';
import { run as runReminders } from '../../../server/incidents/deadline-reminders.job.js';
import { fixedClock } from '../../../server/platform/clock.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';
import { reportDraft, reportedIncident } from '../../support/incidents.js';

type Session = Awaited<ReturnType<typeof loginAs>>;

describe('incident stages, exports, attachment limits and reminders', () => {
  let server: TestServer;
  let soc: Session;
  let analyst: Session;
  let incidentId: string;

  before(async () => {
    server = await startTestServer();
    soc = await loginAs(server.url, 'soc@swnt.lagebild.test');
    analyst = await loginAs(server.url, 'analyst@lagebild.test');
    incidentId = await reportedIncident(soc, new Date(Date.now() - 3_600_000).toISOString());
  });
  after(async () => server.close());

  it('keeps stages immutable: a second notification is a conflict, a correction a new revision', async () => {
    const send = (body: Record<string, unknown>) => soc.agent.post(`/api/v1/incidents/${incidentId}/stages`).set('x-csrf-token', soc.csrfToken).send(body);
    const early = await soc.agent.get(`/api/v1/incidents/${incidentId}`);
    const final = await send({ stage: 'final', summary: 'zu früh' });
    expect(final.status).to.equal(409);
    const notification = await send({ stage: 'notification', summary: 'Erste Bewertung', severityAssessment: 'hoch', report: reportDraft({ crossBorder: 'unknown' }) });
    expect(notification.status, JSON.stringify(notification.body)).to.equal(201);
    expect((await send({ stage: 'notification', summary: 'nochmal' })).status).to.equal(409);
    const first = (notification.body.stages as { id: string; stage: string }[]).find((stage) => stage.stage === 'notification')!;
    const correction = await send({ stage: 'notification', summary: 'Korrektur: zwei weitere Server', corrects: first.id });
    expect(correction.status).to.equal(201);
    const stages = correction.body.stages as { stage: string; revision: number; correctsId: string | null; content: { summary: string } }[];
    expect(stages.filter((stage) => stage.stage === 'notification').map((stage) => [stage.revision, stage.correctsId])).to.deep.equal([[1, null], [2, first.id]]);
    expect(stages.find((stage) => stage.revision === 1 && stage.stage === 'notification')!.content.summary).to.equal('Erste Bewertung');
    expect(early.body.stages).to.have.length(1);
    const finalDeadline = (correction.body.deadlines as { stage: string; state: string }[]).filter((d) => d.stage === 'progress' || d.stage === 'final');
    expect(finalDeadline.map((d) => d.stage)).to.deep.equal(['progress', 'final']);
    const draftEdit = await soc.agent.patch(`/api/v1/incidents/${incidentId}`).set('x-csrf-token', soc.csrfToken).send({ draft: { title: 'geändert' } });
    expect(draftEdit.status).to.equal(409);
  });

  it('exports a stage as JSON and as a PDF that renders', async () => {
    const detail = await soc.agent.get(`/api/v1/incidents/${incidentId}`);
    const stageId = detail.body.stages[0].id as string;
    const json = await soc.agent.get(`/api/v1/incidents/${incidentId}/stages/${stageId}/export`);
    expect(json.status).to.equal(200);
    expect(json.body).to.include({ stage: 'early_warning', tlp: 'TLP:AMBER+STRICT' });
    expect(json.body.awareness.berlin).to.match(/[+]0[12]:00$/);
    const pdf = await soc.agent.get(`/api/v1/incidents/${incidentId}/stages/${stageId}/export`).query({ format: 'pdf' }).buffer(true).parse((res, callback) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => callback(null, Buffer.concat(chunks)));
    });
    expect(pdf.status).to.equal(200);
    expect(pdf.headers['content-type']).to.equal('application/pdf');
    const bytes = pdf.body as Buffer;
    expect(bytes.subarray(0, 5).toString()).to.equal('%PDF-');
    // The reader's language (the SOC's profile says German) in the embedded Unicode font; `lang` asks for another.
    const german = pdfText(bytes);
    expect(german.text).to.contain('Frühe Erstmeldung');
    expect(german.text).to.contain('Stadtwerke Nordthüringen GmbH');
    expect(german.fonts.map((font) => font.replace(/^[A-Z]{6}\+/, ''))).to.include('DejaVuSans');
    const english = await soc.agent.get(`/api/v1/incidents/${incidentId}/stages/${stageId}/export`).query({ format: 'pdf', lang: 'en' }).buffer(true).parse((res, callback) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => callback(null, Buffer.concat(chunks)));
    });
    expect(pdfText(english.body as Buffer).text).to.contain('Early warning');
    if (existsSync('/usr/bin/pdftotext')) {
      const file = join(mkdtempSync(join(tmpdir(), 'lagebild-pdf-')), 'stage.pdf');
      writeFileSync(file, bytes);
      const text = execFileSync('/usr/bin/pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      expect(text).to.contain('Frühe Erstmeldung');
      expect(text).to.contain('Stadtwerke Nordthüringen GmbH');
      expect(text).to.contain('TLP:AMBER+STRICT');
    }
  });

  it('refuses oversized, mistyped and JSON-posted uploads and keeps pending uploads private', async () => {
    const upload = (name: string, body: Buffer, type = 'application/octet-stream') => soc.agent.post(`/api/v1/incidents/${incidentId}/attachments`).query({ filename: name }).set('x-csrf-token', soc.csrfToken).set('content-type', type).send(body);
    expect((await upload('big.txt', Buffer.alloc(10 * 1024 * 1024 + 1, 0x41))).status).to.equal(413);
    expect((await upload('evil.pdf', Buffer.from('<html><script>alert(1)</script></html>'))).status).to.equal(415);
    expect((await upload('page.html', Buffer.from('hello'))).status).to.equal(415);
    const traversal = await upload('../../../etc/cron.d/x.txt', Buffer.from('harmless'));
    expect(traversal.status).to.equal(201);
    expect(traversal.body.fileName).to.equal('x.txt');
    const pending = await analyst.agent.get(`/api/v1/incidents/${incidentId}/attachments/${traversal.body.id as string}`);
    expect(pending.status).to.equal(404);
    const foreign = await analyst.agent.post(`/api/v1/incidents/${incidentId}/messages`).set('x-csrf-token', analyst.csrfToken).send({ body: 'x', attachmentIds: [traversal.body.id] });
    expect(foreign.status).to.equal(422);
    const red = await soc.agent.post(`/api/v1/incidents/${incidentId}/messages`).set('x-csrf-token', soc.csrfToken).send({ body: 'x', tlp: 'RED' });
    expect(red.status).to.equal(400);
  });

  it('reminds each threshold of an open deadline once', async () => {
    const other = await reportedIncident(soc, '2026-05-12T08:00:00Z', { handlingStatus: 'resolved' });
    const clock = fixedClock(new Date('2026-05-15T03:00:00Z')); // notification due 08:00Z: inside the 6 h window
    const mails: string[] = [];
    const first = await runReminders({ db: server.database.db, clock, sendMail: (to) => {
      mails.push(to);
      return Promise.resolve();
    } });
    expect(first.reminders).to.be.greaterThan(0);
    const again = await runReminders({ db: server.database.db, clock });
    expect(again.reminders).to.equal(0);
    expect(mails).to.include('soc@swnt.lagebild.test');
    expect(other).to.be.a('string');
  });
});
