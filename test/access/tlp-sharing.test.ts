import { expect } from 'chai';
import request from 'supertest';
import { TLP_LEVELS, tlpLabel, type TlpLevel } from '../../server/access/tlp.js';
import { loadUserPrincipal, type UserPrincipal } from '../../server/auth/principal.js';
import { createIndicatorPackage } from '../../server/indicators/index.js';
import { advisoryBody, organizationIds, publishedAdvisory, sharingGroupIds } from '../support/advisories.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { loginAs } from '../support/session.js';
import { EXPECTED_PUBLISHED, PERSONAS, type Persona } from './tlp-truth-table.js';
import { PERSONA_EMAILS } from './personas.js';

type Agent = ReturnType<typeof request.agent>;

// The truth table's world on the demo community, as in tlp-matrix.test.ts.
const ACCOUNTS = PERSONA_EMAILS;

const CSAF_FOLDER: Record<TlpLevel, string> = { clear: 'white', green: 'green', amber: 'amber', 'amber+strict': 'amber', red: 'red' };
const FOLDERS = ['white', 'green', 'amber', 'red'];

describe('TLP matrix on the sharing channels: CSAF provider, MISP feed, RSS/Atom', () => {
  let server: TestServer;
  const agents = new Map<Persona, Agent>();
  const advisoryIds = new Map<TlpLevel, string>();
  const packageIds = new Map<TlpLevel, string>();

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
    const authorPrincipal = (await loadUserPrincipal(server.database.db, author.userId)) as UserPrincipal;
    for (const tlp of TLP_LEVELS) {
      const amber = tlp === 'amber' || tlp === 'amber+strict';
      const audience = {
        organizations: amber ? [orgs.get('Landkreis Gotha')!] : [],
        sharingGroups: amber ? [groups.get('Energiesektor Thüringen')!] : [],
        users: tlp === 'red' ? [userIds.get('redRecipient')!] : [],
      };
      advisoryIds.set(tlp, await publishedAdvisory(author, advisoryBody({ title: { de: `Teilen ${tlpLabel(tlp)} Geheimwort` }, tlp: tlpLabel(tlp), pap: 'CLEAR', audience })));
      const pkg = await server.database.db.transaction((tx) =>
        createIndicatorPackage(tx, authorPrincipal, { indicators: [{ observableType: 'domain', value: `${tlp.replace('+', '-')}.leak.example` }], tlp, audience, name: `Paket ${tlpLabel(tlp)}`, description: 'Matrix', certOrganizationId: orgs.get('CERT-Thüringen')! }, new Date()),
      );
      packageIds.set(tlp, pkg.id.replace(/^grouping--/, ''));
    }
  });
  after(async () => server.close());

  for (const persona of PERSONAS) {
    it(`gives ${persona} exactly the truth table's labels in every CSAF distribution and document`, async () => {
      const agent = agents.get(persona)!;
      const listed = new Set<string>();
      for (const folder of FOLDERS) {
        const index = await agent.get(`/.well-known/csaf/${folder}/index.txt`);
        if (persona === 'anonymous' && folder !== 'white') {
          expect(index.status, folder).to.equal(401);
          continue;
        }
        expect(index.status, folder).to.equal(200);
        for (const line of index.text.split('\n').filter(Boolean)) listed.add(`${folder}/${line}`);
      }
      for (const tlp of TLP_LEVELS) {
        const id = advisoryIds.get(tlp)!;
        const path = [...listed].find((candidate) => candidate.endsWith(`cert-th-${id}.json`));
        expect(path !== undefined, `listing ${tlp}`).to.equal(EXPECTED_PUBLISHED[tlp][persona]);
        if (path) expect(path.startsWith(`${CSAF_FOLDER[tlp]}/`), `${tlp} in its folder`).to.equal(true);
        // Ask for the document where it would be, whether listed or not.
        const year = new Date().getUTCFullYear();
        const document = await agent.get(`/.well-known/csaf/${CSAF_FOLDER[tlp]}/${year}/cert-th-${id}.json`);
        const expectedStatus = EXPECTED_PUBLISHED[tlp][persona] ? 200 : persona === 'anonymous' && tlp !== 'clear' ? 401 : 404;
        expect(document.status, `document ${tlp}`).to.equal(expectedStatus);
        if (expectedStatus !== 200) expect(document.text).to.not.contain('Geheimwort');
      }
    });

    it(`gives ${persona} exactly the truth table's labels in the MISP feed`, async () => {
      const agent = agents.get(persona)!;
      const manifest = await agent.get('/feeds/misp/manifest.json');
      expect(manifest.status).to.equal(200);
      const visible = TLP_LEVELS.filter((tlp) => EXPECTED_PUBLISHED[tlp][persona]).map((tlp) => packageIds.get(tlp)!);
      const ours = new Set(packageIds.values());
      expect(Object.keys(manifest.body as object).filter((uuid) => ours.has(uuid)).sort()).to.deep.equal([...visible].sort());
      const hashes = await agent.get('/feeds/misp/hashes.csv');
      for (const tlp of TLP_LEVELS) {
        const uuid = packageIds.get(tlp)!;
        expect(hashes.text.includes(uuid), `hashes ${tlp}`).to.equal(EXPECTED_PUBLISHED[tlp][persona]);
        const event = await agent.get(`/feeds/misp/${uuid}.json`);
        expect(event.status, `event ${tlp}`).to.equal(EXPECTED_PUBLISHED[tlp][persona] ? 200 : 404);
      }
    });

    it(`gives ${persona} only CLEAR advisories in RSS and Atom`, async () => {
      const agent = agents.get(persona)!;
      for (const path of ['/feeds/advisories.rss', '/feeds/advisories.atom', '/feeds/advisories.rss?lang=en']) {
        const text = (await agent.get(path).buffer(true)).text;
        for (const tlp of TLP_LEVELS) expect(text.includes(advisoryIds.get(tlp)!), `${path} ${tlp}`).to.equal(tlp === 'clear');
      }
    });
  }
});
