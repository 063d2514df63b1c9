import { expect } from 'chai';
import request from 'supertest';
import { TLP_LEVELS, tlpLabel, type TlpLevel } from '../../server/access/tlp.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { loginAs } from '../support/session.js';
import { advisoryBody, organizationIds, sharingGroupIds, publishedAdvisory } from '../support/advisories.js';
import { EXPECTED_PUBLISHED, PERSONAS, type Persona } from './tlp-truth-table.js';
import { PERSONA_EMAILS } from './personas.js';

type Agent = ReturnType<typeof request.agent>;

// The truth table's world mapped onto the demo community: `district` = Landkreis Gotha, its
// sub-organization Stadt Waltershausen, sharing group "Energiesektor Thüringen" (SWNT), `city` = Erfurt.
const ACCOUNTS = PERSONA_EMAILS;

describe('TLP matrix through the real routes (list, detail, search, STIX export)', () => {
  let server: TestServer;
  const agents = new Map<Persona, Agent>();
  const advisoryIds = new Map<TlpLevel, string>();

  before(async () => {
    server = await startTestServer();
    agents.set('anonymous', request.agent(server.url));
    const userIds = new Map<Persona, string>();
    for (const [persona, email] of Object.entries(ACCOUNTS) as [Persona, string][]) {
      const session = await loginAs(server.url, email);
      agents.set(persona, session.agent);
      userIds.set(persona, session.userId);
    }
    const author = await loginAs(server.url, ACCOUNTS.author);
    const orgs = await organizationIds(author.agent);
    const groups = await sharingGroupIds(author.agent);
    for (const tlp of TLP_LEVELS) {
      const amber = tlp === 'amber' || tlp === 'amber+strict';
      const audience = {
        organizations: amber ? [orgs.get('Landkreis Gotha')] : [],
        sharingGroups: amber ? [groups.get('Energiesektor Thüringen')] : [],
        users: tlp === 'red' ? [userIds.get('redRecipient')] : [],
      };
      const body = advisoryBody({ title: { de: `Matrixprüfung ${tlpLabel(tlp)}` }, tlp: tlpLabel(tlp), audience });
      advisoryIds.set(tlp, await publishedAdvisory(author, body));
    }
  });
  after(async () => server.close());

  for (const persona of PERSONAS) {
    it(`gives ${persona} exactly the advisories of the truth table on every read path`, async () => {
      const agent = agents.get(persona)!;
      const expected = new Set(TLP_LEVELS.filter((tlp) => EXPECTED_PUBLISHED[tlp][persona]).map((tlp) => advisoryIds.get(tlp)!));
      const ours = new Set(advisoryIds.values());

      const list = await agent.get('/api/v1/advisories?limit=500');
      expect(list.status).to.equal(200);
      const listed = new Set((list.body.items as { id: string }[]).map((item) => item.id).filter((id) => ours.has(id)));
      expect([...listed].sort(), 'list').to.deep.equal([...expected].sort());

      const search = await agent.get('/api/v1/search').query({ q: 'Matrixprüfung' });
      expect(search.status).to.equal(200);
      const found = new Set((search.body.items as { id: string }[]).map((item) => item.id));
      expect([...found].sort(), 'search').to.deep.equal([...expected].sort());

      for (const tlp of TLP_LEVELS) {
        const id = advisoryIds.get(tlp)!;
        const status = expected.has(id) ? 200 : 404;
        const detail = await agent.get(`/api/v1/advisories/${id}`);
        expect(detail.status, `detail ${tlp}`).to.equal(status);
        if (status === 404) expect(detail.body.title).to.equal('Not found');
        const stix = await agent.get(`/api/v1/advisories/${id}/stix`);
        expect(stix.status, `stix ${tlp}`).to.equal(status);
      }
    });
  }
});
