import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { createTestDatabase } from '../../support/database.js';
import { testConfig } from '../../support/config.js';
import { fixtureAdapter, startFeedFixtureServer, type FixtureServer } from '../../support/feed-fixtures.js';
import type { DatabaseHandle } from '../../../server/platform/db/client.js';
import { createLogger } from '../../../server/platform/logger.js';
import { createMailer } from '../../../server/platform/mail.js';
import { startJobs } from '../../../server/jobs.js';
import { platformFeedHttp } from '../../../server/feeds/http-factory.js';
import { announceSourcesChanged } from '../../../server/feeds/sources.js';
import { feedRuns, feedSources } from '../../../server/feeds/feeds.table.js';
import { jobRuns } from '../../../server/platform/job-runs.table.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('feed sources on the scheduler', function () {
  let database: DatabaseHandle;
  let fixtures: FixtureServer;
  const http = platformFeedHttp({ proxy: { httpsProxy: undefined, noProxy: undefined } }, { backoffBaseMs: 20 });

  before(async () => {
    database = await createTestDatabase();
    fixtures = await startFeedFixtureServer();
  });
  after(async () => {
    await fixtures.close();
    await http.close();
    await database.close();
  });

  it('schedules enabled sources, picks up API changes through NOTIFY, and runs each tick once across two instances', async function () {
    this.timeout(60_000);
    const logger = createLogger('silent', false);
    const config = testConfig();
    const common = { database, config, logger, mailer: createMailer(undefined, config.mailFrom, logger), feedHttp: http, feedAdapters: { 'cisa-kev': fixtureAdapter } };
    const stopA = await startJobs({ ...common, instance: 'a' });
    const stopB = await startJobs({ ...common, instance: 'b' });
    try {
      // A source enabled "through the API": insert + NOTIFY in one transaction.
      const source = await database.db.transaction(async (tx) => {
        const [row] = await tx.insert(feedSources).values({ key: 'every-2s', type: 'cisa-kev', name: 'Every 2 s', url: fixtures.url, schedule: '*/2 * * * * *', allowPrivateNetwork: true }).returning();
        await announceSourcesChanged(tx);
        return row!;
      });
      await sleep(5_500);
      const runs = await database.db.select().from(feedRuns).where(eq(feedRuns.sourceId, source.id));
      expect(runs.length).to.be.within(1, 3);
      expect(runs.every((run) => run.trigger === 'schedule')).to.equal(true);
      // Two instances, one run per tick: as many job records as runs, never two for one tick.
      const jobs = await database.db.select().from(jobRuns).where(eq(jobRuns.name, 'feeds.every-2s'));
      expect(jobs.length).to.equal(runs.length);
      const ticks = new Set(runs.map((run) => Math.floor(run.startedAt.getTime() / 2_000)));
      expect(ticks.size).to.equal(runs.length);

      // Disabled through the API: no more runs.
      await database.db.transaction(async (tx) => {
        await tx.update(feedSources).set({ enabled: false }).where(eq(feedSources.id, source.id));
        await announceSourcesChanged(tx);
      });
      await sleep(1_000);
      const before = (await database.db.select().from(feedRuns).where(eq(feedRuns.sourceId, source.id))).length;
      await sleep(4_500);
      const after = (await database.db.select().from(feedRuns).where(eq(feedRuns.sourceId, source.id))).length;
      expect(after).to.equal(before);
    } finally {
      await stopA();
      await stopB();
    }
  });
});
