import { expect } from 'chai';
import request from 'supertest';
import { jobRuns } from '../../../server/platform/job-runs.table.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';
import { TEST_DRIVER } from '../../support/database.js';

describe('GET /api/v1/jobs and /api/v1/jobs/runs (job history for cert_admin)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ env: { SERVER_ROLES: 'web' } });
    await server.database.db.insert(jobRuns).values([
      { name: 'notifications.daily-digest', instance: 'host-a:1', scheduledFor: new Date('2026-11-24T06:00:00Z'), startedAt: new Date('2026-11-24T06:00:00Z'), finishedAt: new Date('2026-11-24T06:00:02Z'), status: 'succeeded', result: { mails: 4 } },
      { name: 'notifications.daily-digest', instance: 'host-b:1', scheduledFor: new Date('2026-11-25T06:00:00Z'), startedAt: new Date('2026-11-25T06:00:00Z'), finishedAt: new Date('2026-11-25T06:00:01Z'), status: 'failed', error: 'SMTP refused' },
      { name: 'events.prune', instance: 'host-a:1', startedAt: new Date('2026-11-25T02:23:00Z'), finishedAt: new Date('2026-11-25T02:23:00Z'), status: 'succeeded' },
    ]);
  });
  after(async () => server.close());

  it('lists every job with its Berlin schedule, next run and latest run', async () => {
    const { agent } = await loginAs(server.url, 'cert-admin@lagebild.test');
    const response = await agent.get('/api/v1/jobs');
    expect(response.status).to.equal(200);
    expect(response.body).to.include({ timeZone: 'Europe/Berlin', catchUp: true });
    const digest = (response.body.items as { name: string; schedule: string; nextRunAt: string; lastRun: { status: string; error: string } }[]).find((job) => job.name === 'notifications.daily-digest')!;
    expect(digest.schedule).to.equal('0 7 * * *');
    expect(new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' }).format(new Date(digest.nextRunAt))).to.equal('07:00');
    expect(digest.lastRun).to.include({ status: 'failed', error: 'SMTP refused' });
    const names = (response.body.items as { name: string }[]).map((job) => job.name);
    expect(names).to.include.members(['matching.escalation', 'events.prune', 'notifications.weekly-digest']);
    // Autovacuum for the embedded database; a PostgreSQL server vacuums itself.
    if (TEST_DRIVER === 'pglite') expect(names).to.include('database.maintenance');
    else expect(names).not.to.include('database.maintenance');
  });

  it('pages through the runs, newest first, filtered by job and status', async () => {
    const { agent } = await loginAs(server.url, 'cert-admin@lagebild.test');
    const first = await agent.get('/api/v1/jobs/runs?limit=2');
    expect(first.body.items.map((run: { name: string }) => run.name)).to.deep.equal(['notifications.daily-digest', 'events.prune']);
    const second = await agent.get(`/api/v1/jobs/runs?limit=2&cursor=${first.body.next as string}`);
    expect(second.body.items).to.have.length(1);
    expect(second.body.items[0]).to.include({ status: 'succeeded', durationMs: 2000, instance: 'host-a:1' });
    expect(second.body.next).to.equal(null);
    const failed = await agent.get('/api/v1/jobs/runs?status=failed');
    expect(failed.body.items).to.have.length(1);
    expect((await agent.get('/api/v1/jobs/runs?cursor=kaputt')).status).to.equal(400);
  });

  it('is for cert_admin only', async () => {
    const { agent } = await loginAs(server.url, 'analyst@lagebild.test');
    expect((await agent.get('/api/v1/jobs')).status).to.equal(403);
    expect((await request(server.url).get('/api/v1/jobs/runs')).status).to.equal(401);
  });
});
