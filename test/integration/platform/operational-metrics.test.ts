import { expect } from 'chai';
import request from 'supertest';
import { feedRuns, feedSources, jobRuns } from '../../../server/platform/db/schema.js';
import { advisoryBody, publishedAdvisory } from '../../support/advisories.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';

function gauge(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name}${labels} `) || (labels === '' && candidate.startsWith(`${name} `)));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

/** docs/operations.md "Monitoring": the operational gauges move with what happens in the platform. */

const METRICS_TOKEN = 'operational-metrics-test-token-0123456789';
describe('operational metrics at /metrics', function () {
  this.timeout(60_000);
  let server: TestServer;

  before(async () => {
    server = await startTestServer({ env: { METRICS_TOKEN } });
  });
  after(async () => server?.close());

  it('reports outbox, dispatcher, sockets, deliveries, feed freshness and failed jobs', async () => {
    const analyst = await loginAs(server.url, 'analyst@lagebild.test');
    await publishedAdvisory(analyst, advisoryBody());
    const [source] = await server.database.db
      .insert(feedSources)
      .values({ key: 'metrics-kev', type: 'cisa-kev', name: 'KEV', url: 'https://example.org/kev.json', schedule: '0 * * * *', enabled: true })
      .returning();
    const finished = new Date('2026-11-22T08:00:00Z');
    await server.database.db.insert(feedRuns).values([
      { sourceId: source!.id, trigger: 'schedule', status: 'succeeded', startedAt: new Date('2026-11-22T07:59:00Z'), finishedAt: finished },
      { sourceId: source!.id, trigger: 'schedule', status: 'failed', startedAt: new Date('2026-11-22T09:00:00Z'), finishedAt: new Date('2026-11-22T09:00:05Z'), error: 'HTTP 500' },
    ]);
    await server.database.db.insert(jobRuns).values({ name: 'notifications.daily-digest', status: 'failed', instance: 'test', error: 'SMTP down', finishedAt: new Date() });

    let text = '';
    for (let attempt = 0; attempt < 150; attempt++) {
      text = (await request(server.url).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`)).text;
      const caughtUp = (gauge(text, 'lagebild_dispatcher_position_seq') ?? 0) > 0 && gauge(text, 'lagebild_dispatcher_position_seq') === gauge(text, 'lagebild_outbox_latest_seq');
      // The notification consumer plans the publish's deliveries asynchronously.
      if (caughtUp && /^lagebild_notification_deliveries\{/m.test(text)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const latest = gauge(text, 'lagebild_outbox_latest_seq');
    expect(latest).to.be.greaterThan(0);
    expect(gauge(text, 'lagebild_dispatcher_position_seq')).to.equal(latest);
    expect(gauge(text, 'lagebild_socket_connections')).to.equal(0);
    expect(gauge(text, 'lagebild_feed_last_success_timestamp_seconds', '{source="metrics-kev"}')).to.equal(finished.getTime() / 1000);
    expect(gauge(text, 'lagebild_feed_last_run_failed', '{source="metrics-kev"}')).to.equal(1);
    expect(gauge(text, 'lagebild_job_last_run_failed', '{job="notifications.daily-digest"}')).to.equal(1);
    expect(text).to.match(/^lagebild_notification_deliveries\{status="\w+"\} \d+$/m);
  });
});
