import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';
import { DEMO_PASSWORD } from '../../support/config.js';
import { advisoryBody, organizationIds, publishedAdvisory } from '../../support/advisories.js';
import { connectLive, gateDispatcher, seqs, sessionCookie, throughMarker, type DispatcherGate, type LiveClient } from '../../support/live.js';

type Session = Awaited<ReturnType<typeof loginAs>>;

/**
 * docs/adr/0005: an event committed before a reconnect reaches the socket exactly once and in seq
 * order — in the replay when this instance's broadcaster had fanned it out before the replay began,
 * otherwise live after `ready`. These tests force each split by holding the dispatcher back.
 */
describe('Replay after a reconnect when the dispatcher lags behind the commits (forced ordering)', () => {
  let server: TestServer;
  let admin: Session;
  let orgs: Map<string, string>;
  let gate: DispatcherGate;
  const open: LiveClient[] = [];

  before(async () => {
    server = await startTestServer();
    admin = await loginAs(server.url, 'cert-admin@lagebild.test');
    orgs = await organizationIds(admin.agent);
    gate = gateDispatcher(server.realtime.dispatcher);
  });
  afterEach(() => {
    gate.release();
    for (const client of open.splice(0)) client.close();
  });
  after(async () => server.close());

  function live(options: Parameters<typeof connectLive>[1]): LiveClient {
    const client = connectLive(server.url, options);
    open.push(client);
    return client;
  }

  const publish = (title: string, tlp: string, organizations: string[] = []) =>
    publishedAdvisory(admin, advisoryBody({ title: { de: title }, tlp, audience: { organizations, sharingGroups: [], users: [] } }));

  // What happens while it@erfurt is away, in commit order: [type, advisory, visible to Erfurt].
  type Step = { run: () => Promise<string>; erfurtSees: boolean; type: string };
  function missedSteps(tag: string): Step[] {
    let green!: Promise<string>;
    return [
      { type: 'advisory.published', erfurtSees: true, run: () => (green = publish(`Grün ${tag}`, 'GREEN')) },
      { type: 'advisory.published', erfurtSees: false, run: () => publish(`AMBER Gotha ${tag}`, 'AMBER', [orgs.get('Landkreis Gotha')!]) },
      { type: 'advisory.published', erfurtSees: true, run: () => publish(`AMBER Erfurt ${tag}`, 'AMBER', [orgs.get('Stadt Erfurt')!]) },
      {
        type: 'advisory.withdrawn',
        erfurtSees: true,
        run: async () => {
          const id = await green;
          const withdrawn = await admin.agent.post(`/api/v1/advisories/${id}/withdraw`).set('x-csrf-token', admin.csrfToken).send({});
          expect(withdrawn.status).to.equal(200);
          return id;
        },
      },
    ];
  }

  for (const dispatchedBeforeReconnect of [0, 1, 2, 3, 4]) {
    it(`delivers every missed event exactly once, in order, when ${dispatchedBeforeReconnect} of 4 were fanned out before the reconnect`, async () => {
      const cookie = await sessionCookie(server.url, 'it@erfurt.lagebild.test', DEMO_PASSWORD);
      const away = live({ cookie, reconnection: false });
      const { seq: since } = await away.nextReady();
      away.close();

      const steps = missedSteps(`${dispatchedBeforeReconnect}`);
      const done: string[] = [];
      for (const step of steps.slice(0, dispatchedBeforeReconnect)) done.push(await step.run());
      // Everything so far has been fanned out; what follows is committed but held back.
      await server.realtime.dispatcher.settle();
      gate.hold();
      for (const step of steps.slice(dispatchedBeforeReconnect)) done.push(await step.run());
      const expected = steps.map((step, index) => ({ step, id: done[index]! })).filter(({ step }) => step.erfurtSees).map(({ step, id }) => [step.type, id]);
      const replayable = steps
        .slice(0, dispatchedBeforeReconnect)
        .map((step, index) => ({ step, id: done[index]! }))
        .filter(({ step }) => step.erfurtSees)
        .map(({ step, id }) => [step.type, id]);

      const resumed = live({ cookie, since });
      const ready = await resumed.nextReady();
      // The replay holds exactly what the broadcaster had fanned out; nothing held back runs ahead of it.
      // Advisory events only: Erfurt's bell (notification.created) rides the same channel with its own ids.
      const advisoryEvents = () => resumed.received.filter((event) => event.type.startsWith('advisory.'));
      expect(advisoryEvents().map((event) => [event.type, event.payload.id]), 'replayed').to.deep.equal(replayable);
      expect(ready.replayed).to.equal(resumed.received.length);

      gate.release();
      const marker = await publish(`Marker ${dispatchedBeforeReconnect}`, 'CLEAR');
      await throughMarker([resumed], marker);
      const aboutMissed = advisoryEvents().filter((event) => event.payload.id !== marker);
      expect(aboutMissed.map((event) => [event.type, event.payload.id]), 'replayed, then live: each once, in order').to.deep.equal(expected);
      expect(resumed.received.some((event) => event.payload.id === done[1]), 'AMBER to Gotha').to.equal(false);
      const received = seqs(resumed);
      expect(received, 'strictly increasing seq').to.deep.equal([...new Set(received)].sort((a, b) => a - b));
      expect(ready.seq, 'ready is positioned after the replay').to.be.at.least(received[resumed.receivedBeforeReady - 1] ?? since);
      expect(received[resumed.receivedBeforeReady] ?? Infinity, 'live events follow ready').to.be.greaterThan(ready.seq);
    });
  }
});
