import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { incidentStageSubmissions } from '../../../server/incidents/incidents.table.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';
import { reportedIncident } from '../../support/incidents.js';

type Session = Awaited<ReturnType<typeof loginAs>>;
type Stage = { id: string; stage: string; content: unknown; submitted: { utc: string }; bsiAcknowledgement: { bsiReference: string; acknowledged: { utc: string; label: string }; note: string | null } | null };

describe('PUT /api/v1/incidents/:id/stages/:submissionId/bsi-acknowledgement', () => {
  let server: TestServer;
  let soc: Session;
  let analyst: Session;
  let erfurt: Session;
  let incidentId: string;
  let stage: Stage;
  const path = () => `/api/v1/incidents/${incidentId}/stages/${stage.id}/bsi-acknowledgement`;
  const put = (session: Session, body: Record<string, unknown>, url = path()) => session.agent.put(url).set('x-csrf-token', session.csrfToken).send(body);

  before(async () => {
    server = await startTestServer();
    soc = await loginAs(server.url, 'soc@swnt.lagebild.test');
    analyst = await loginAs(server.url, 'analyst@lagebild.test');
    erfurt = await loginAs(server.url, 'it@erfurt.lagebild.test');
    incidentId = await reportedIncident(soc, new Date(Date.now() - 3_600_000).toISOString());
    stage = (await soc.agent.get(`/api/v1/incidents/${incidentId}`)).body.stages[0] as Stage;
    expect(stage.bsiAcknowledgement).to.equal(null);
  });
  after(async () => server.close());

  it('lets the reporter record the BSI reference and date without touching the submitted stage', async () => {
    // A browser revalidates its earlier copy with If-None-Match; the incident's ETag names only its
    // editable version, so the answer must be the new representation, never 304 with the old one.
    const earlier = await soc.agent.get(`/api/v1/incidents/${incidentId}`);
    expect(earlier.headers['cache-control']).to.equal('private, no-store');
    const [before] = await server.database.db.select().from(incidentStageSubmissions).where(eq(incidentStageSubmissions.id, stage.id));
    const acknowledgedAt = new Date(Date.parse(stage.submitted.utc) + 60_000).toISOString();
    const response = await put(soc, { bsiReference: 'BSI-MS-2026-004711', acknowledgedAt, note: 'Eingangsbestätigung per E-Mail' });
    expect(response.status, JSON.stringify(response.body)).to.equal(200);
    expect(response.body.bsiAcknowledgement).to.include({ bsiReference: 'BSI-MS-2026-004711', note: 'Eingangsbestätigung per E-Mail' });
    expect(response.body.bsiAcknowledgement.acknowledged.utc).to.equal(acknowledgedAt);
    const [after] = await server.database.db.select().from(incidentStageSubmissions).where(eq(incidentStageSubmissions.id, stage.id));
    expect(after, 'the immutable submission row is unchanged').to.deep.equal(before);
    const detail = await analyst.agent.get(`/api/v1/incidents/${incidentId}`);
    expect(detail.body.stages[0].bsiAcknowledgement.bsiReference, 'the CERT sees it on the incident').to.equal('BSI-MS-2026-004711');
    const revalidated = await soc.agent.get(`/api/v1/incidents/${incidentId}`).set('If-None-Match', earlier.headers.etag as string);
    expect(revalidated.status, 'the version did not change, the incident did').to.equal(200);
    expect(revalidated.body.stages[0].bsiAcknowledgement.bsiReference).to.equal('BSI-MS-2026-004711');
  });

  it('lets the CERT correct it, audited with the previous values', async () => {
    const acknowledgedAt = new Date(Date.parse(stage.submitted.utc) + 120_000).toISOString();
    const response = await put(analyst, { bsiReference: 'BSI-MS-2026-004712', acknowledgedAt });
    expect(response.status).to.equal(200);
    expect(response.body.bsiAcknowledgement).to.include({ bsiReference: 'BSI-MS-2026-004712', note: null });
    const admin = await loginAs(server.url, 'cert-admin@lagebild.test');
    const audit = await admin.agent.get('/api/v1/audit').query({ action: 'incident.', limit: 200 });
    const actions = (audit.body.items as { action: string; details: Record<string, unknown> }[]).filter((item) => item.action.startsWith('incident.bsi_acknowledgement'));
    expect(actions.map((item) => item.action).sort()).to.deep.equal(['incident.bsi_acknowledgement_corrected', 'incident.bsi_acknowledgement_recorded']);
    const corrected = actions.find((item) => item.action.endsWith('corrected'))!;
    expect(corrected.details).to.deep.include({ bsiReference: 'BSI-MS-2026-004712', previous: { bsiReference: 'BSI-MS-2026-004711', acknowledgedAt: new Date(Date.parse(stage.submitted.utc) + 60_000).toISOString() } });
  });

  it('carries the acknowledgement in the JSON and PDF exports of the stage', async () => {
    const json = await soc.agent.get(`/api/v1/incidents/${incidentId}/stages/${stage.id}/export`);
    expect(json.body.bsiAcknowledgement.bsiReference).to.equal('BSI-MS-2026-004712');
    const pdf = await soc.agent.get(`/api/v1/incidents/${incidentId}/stages/${stage.id}/export`).query({ format: 'pdf' }).buffer(true).parse((res, callback) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => callback(null, Buffer.concat(chunks)));
    });
    expect((pdf.body as Buffer).subarray(0, 5).toString()).to.equal('%PDF-');
    if (existsSync('/usr/bin/pdftotext')) {
      const file = join(mkdtempSync(join(tmpdir(), 'lagebild-pdf-')), 'stage.pdf');
      writeFileSync(file, pdf.body as Buffer);
      const text = execFileSync('/usr/bin/pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      expect(text).to.contain('Eingangsbestätigung BSI');
      expect(text).to.contain('BSI-MS-2026-004712');
    }
  });

  it('refuses other organizations (404), bad input (422) and dates before the submission or in the future', async () => {
    const valid = { bsiReference: 'BSI-1', acknowledgedAt: new Date().toISOString() };
    expect((await put(erfurt, valid)).status, 'another organization cannot even see it').to.equal(404);
    const bad = await put(soc, { bsiReference: '<script>', acknowledgedAt: 'gestern' });
    expect(bad.status).to.equal(422);
    expect(bad.body.errors.map((error: { path: string }) => error.path).sort()).to.deep.equal(['acknowledgedAt', 'bsiReference']);
    const early = await put(soc, { bsiReference: 'BSI-1', acknowledgedAt: new Date(Date.parse(stage.submitted.utc) - 60_000).toISOString() });
    expect(early.status).to.equal(422);
    expect(early.body.errors[0].path).to.equal('acknowledgedAt');
    expect((await put(soc, { bsiReference: 'BSI-1', acknowledgedAt: new Date(Date.now() + 86_400_000).toISOString() })).status).to.equal(422);
    expect((await put(soc, valid, `/api/v1/incidents/${incidentId}/stages/00000000-0000-4000-8000-000000000000/bsi-acknowledgement`)).status).to.equal(404);
    const after = await soc.agent.get(`/api/v1/incidents/${incidentId}`);
    expect(after.body.stages[0].bsiAcknowledgement.bsiReference, 'nothing stored was lost').to.equal('BSI-MS-2026-004712');
  });
});
