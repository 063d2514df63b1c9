import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { startTestServer, type TestServer } from '../support/server.js';
import { DEMO_PASSWORD } from '../support/config.js';
import { connectLive, sessionCookie, throughMarker, type LiveClient } from '../support/live.js';
import { loginAs } from '../support/session.js';
import { advisoryBody, publishedAdvisory } from '../support/advisories.js';
import { fixtureAdapter, kevCatalog, kevEntry, startFeedFixtureServer, type FixtureServer } from '../support/feed-fixtures.js';
import { platformFeedHttp } from '../../server/feeds/http-factory.js';
import { runFeedSource } from '../../server/feeds/runner.js';
import { feedSources } from '../../server/feeds/feeds.table.js';
import { createLogger } from '../../server/platform/logger.js';
import { TLP_LEVELS } from '../../server/access/tlp.js';

// The feed channel (REST inbox and live feed events) is the CERT's alone, whatever the items' TLP:
// every other persona of the truth table gets nothing, live or replayed.
const OUTSIDERS = ['isb@lk-gotha.lagebild.test', 'it@waltershausen.lagebild.test', 'soc@swnt.lagebild.test', 'it@erfurt.lagebild.test', 'it@jena.lagebild.test'];

describe('TLP on the feed channel: inbox and live feed events reach the CERT only', function () {
  let server: TestServer;
  let fixtures: FixtureServer;
  const http = platformFeedHttp({ proxy: { httpsProxy: undefined, noProxy: undefined } }, { backoffBaseMs: 20 });
  const clients: LiveClient[] = [];

  before(async () => {
    fixtures = await startFeedFixtureServer({ kev: kevCatalog([kevEntry(1)]) });
    server = await startTestServer({ feedHttp: http, feedAdapters: { 'cisa-kev': fixtureAdapter } });
  });
  after(async () => {
    for (const client of clients) client.close();
    await server.close();
    await fixtures.close();
    await http.close();
  });

  it('delivers feed.item.created for items of every TLP to CERT sockets only, and replays nothing to others', async () => {
    // Connect one at a time and wait for each `ready` right away (nextReady waits for the NEXT one).
    const connect = async (email?: string) => {
      const client = connectLive(server.url, email ? { cookie: await sessionCookie(server.url, email, DEMO_PASSWORD) } : {});
      await client.nextReady();
      clients.push(client);
      return client;
    };
    const cert = await connect('analyst@lagebild.test');
    const anonymous = await connect();
    const outsiders: LiveClient[] = [];
    for (const email of OUTSIDERS) outsiders.push(await connect(email));
    const deps = { database: server.database, config: { feedCredentials: {} }, logger: createLogger('silent', false), httpFor: http, adapters: { 'cisa-kev': fixtureAdapter } };
    for (const [index, tlp] of TLP_LEVELS.entries()) {
      fixtures.state.kev = kevCatalog([kevEntry(100 + index)]);
      const [source] = await server.database.db.insert(feedSources).values({ key: `tlp-${index}`, type: 'cisa-kev', name: `TLP ${tlp}`, url: fixtures.url, schedule: '0 3 * * *', allowPrivateNetwork: true, defaultTlp: tlp }).returning();
      const outcome = await runFeedSource(deps, source!.id, 'manual');
      expect(outcome.acquired && outcome.run.status).to.equal('succeeded');
      await cert.waitFor((event) => event.type === 'feed.item.created' && event.payload.sourceId === source!.id);
      const [row] = await server.database.db.select().from(feedSources).where(eq(feedSources.id, source!.id));
      expect(row!.defaultTlp).to.equal(tlp);
    }
    // A CLEAR marker reaches every socket after every earlier event: absence is asserted after it, not after a pause.
    const admin = await loginAs(server.url, 'cert-admin@lagebild.test');
    const marker = await publishedAdvisory(admin, advisoryBody({ title: { de: 'Marker Feed-Kanal' }, tlp: 'CLEAR' }));
    await throughMarker([cert, anonymous, ...outsiders], marker);
    for (const client of [anonymous, ...outsiders]) expect(client.received.filter((event) => event.type.startsWith('feed.'))).to.deep.equal([]);
    expect(cert.received.filter((event) => event.type === 'feed.run.completed')).to.have.length(TLP_LEVELS.length);

    const late = connectLive(server.url, { cookie: await sessionCookie(server.url, 'it@erfurt.lagebild.test', DEMO_PASSWORD), since: 0 });
    clients.push(late);
    const ready = await late.nextReady();
    expect(ready.seq).to.be.greaterThan(0);
    await throughMarker([late], marker);
    expect(late.received.filter((event) => event.type.startsWith('feed.'))).to.deep.equal([]);
  });
});
