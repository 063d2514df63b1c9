import { expect } from 'chai';
import request from 'supertest';
import { TLP_LEVELS, tlpLabel, type TlpLevel } from '../../server/access/tlp.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { loginAs } from '../support/session.js';
import { DEMO_PASSWORD } from '../support/config.js';
import { advisoryBody, organizationIds, publishedAdvisory, sharingGroupIds } from '../support/advisories.js';
import { connectLive, seqs, sessionCookie, type LiveClient } from '../support/live.js';
import { EXPECTED_PUBLISHED, PERSONAS, type Persona } from './tlp-truth-table.js';
import { PERSONA_EMAILS } from './personas.js';

// The same world as tlp-matrix.test.ts, on the Socket.IO channel: live delivery and replay after a
// reconnect must both give each persona exactly what the truth table (and REST) allows.
const ACCOUNTS = PERSONA_EMAILS;

describe('TLP matrix on the Socket.IO channel (live and replay agree with REST)', () => {
  let server: TestServer;
  const cookies = new Map<Persona, string | undefined>();
  const live = new Map<Persona, LiveClient>();
  const advisoryIds = new Map<TlpLevel, string>();
  let markerId = '';
  let startSeq = 0;

  before(async () => {
    server = await startTestServer();
    for (const persona of PERSONAS) {
      cookies.set(persona, persona === 'anonymous' ? undefined : await sessionCookie(server.url, ACCOUNTS[persona], DEMO_PASSWORD));
      const cookie = cookies.get(persona);
      const client = connectLive(server.url, cookie ? { cookie } : {});
      const ready = await client.nextReady();
      startSeq = ready.seq;
      live.set(persona, client);
    }
    const author = await loginAs(server.url, ACCOUNTS.author);
    const redRecipient = await loginAs(server.url, ACCOUNTS.redRecipient);
    const orgs = await organizationIds(author.agent);
    const groups = await sharingGroupIds(author.agent);
    for (const tlp of TLP_LEVELS) {
      const amber = tlp === 'amber' || tlp === 'amber+strict';
      const audience = {
        organizations: amber ? [orgs.get('Landkreis Gotha')] : [],
        sharingGroups: amber ? [groups.get('Energiesektor Thüringen')] : [],
        users: tlp === 'red' ? [redRecipient.userId] : [],
      };
      advisoryIds.set(tlp, await publishedAdvisory(author, advisoryBody({ title: { de: `Socket-Matrix ${tlpLabel(tlp)}` }, tlp: tlpLabel(tlp), audience })));
    }
    // Everyone sees CLEAR: once the marker arrived, everything published before it has been decided.
    markerId = await publishedAdvisory(author, advisoryBody({ title: { de: 'Socket-Matrix Ende' }, tlp: 'CLEAR' }));
    await Promise.all([...live.values()].map((client) => client.waitFor((event) => event.payload.id === markerId)));
  });
  after(async () => {
    for (const client of live.values()) client.close();
    await server.close();
  });

  async function restVisible(persona: Persona): Promise<Set<string>> {
    const agent = persona === 'anonymous' ? request.agent(server.url) : (await loginAs(server.url, ACCOUNTS[persona])).agent;
    const list = await agent.get('/api/v1/advisories?limit=500');
    expect(list.status).to.equal(200);
    const ours = new Set(advisoryIds.values());
    return new Set((list.body.items as { id: string }[]).map((item) => item.id).filter((id) => ours.has(id)));
  }

  function expectedIds(persona: Persona): string[] {
    return TLP_LEVELS.filter((tlp) => EXPECTED_PUBLISHED[tlp][persona]).map((tlp) => advisoryIds.get(tlp)!);
  }

  for (const persona of PERSONAS) {
    it(`gives ${persona} exactly the truth table's advisories live and on replay`, async () => {
      const expected = expectedIds(persona);
      const rest = await restVisible(persona);
      expect([...rest].sort(), 'REST').to.deep.equal([...expected].sort());

      const liveClient = live.get(persona)!;
      // Advisory events only: the bell's notification.created (one per in-app notification) carries its own ids.
      const liveIds = liveClient.received.filter((event) => event.type.startsWith('advisory.')).map((event) => event.payload.id).filter((id) => id !== markerId);
      expect(liveIds, 'live, in publication order').to.deep.equal(expected);
      const liveSeqs = seqs(liveClient);
      expect(liveSeqs, 'strictly increasing seq').to.deep.equal([...new Set(liveSeqs)].sort((a, b) => a - b));

      const cookie = cookies.get(persona);
      const replay = connectLive(server.url, { since: startSeq, ...(cookie ? { cookie } : {}) });
      const ready = await replay.nextReady();
      replay.close();
      const replayedIds = replay.received.filter((event) => event.type.startsWith('advisory.')).map((event) => event.payload.id).filter((id) => id !== markerId);
      expect(replayedIds, 'replay').to.deep.equal(expected);
      expect(ready.replayed, 'replayed count as announced').to.equal(replay.received.length);
      expect(replay.received.filter((event) => event.type.startsWith('advisory.')).length).to.equal(expected.length + 1);
      expect(seqs(replay), 'replay seqs equal live seqs').to.deep.equal(liveSeqs);
    });
  }
});
