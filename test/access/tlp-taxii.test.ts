import { expect } from 'chai';
import { TLP_LEVELS, tlpLabel, type TlpLevel } from '../../server/access/tlp.js';
import { advisoryBody, organizationIds, publishedAdvisory, sharingGroupIds } from '../support/advisories.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { loginAs } from '../support/session.js';
import { API_ROOT, createToken, pageAll, taxiiGet, taxiiPost } from '../support/taxii.js';
import { EXPECTED_PUBLISHED, PERSONAS, type Persona } from './tlp-truth-table.js';
import { PERSONA_EMAILS } from './personas.js';
import { TLP2_MARKING_IDS } from '../../server/stix/tlp.js';

// The truth table's personas on the demo community (as in tlp-matrix.test.ts), reading every TAXII
// collection they can list. The channel must give each exactly the labels the truth table allows —
// except RED, which never leaves through TAXII (there is no RED collection) — for advisories and for
// stored STIX objects alike.
const ACCOUNTS = PERSONA_EMAILS;

describe('TLP matrix on the TAXII channel: each persona sees exactly its labels, in every collection it may list', () => {
  let server: TestServer;
  const tokens = new Map<Persona, string | undefined>();
  const reportIds = new Map<TlpLevel, string>();
  const storedIds = new Map<TlpLevel, string>();

  before(async () => {
    server = await startTestServer();
    tokens.set('anonymous', undefined);
    const userIds = new Map<Persona, string>();
    for (const [persona, email] of Object.entries(ACCOUNTS) as [Persona, string][]) {
      tokens.set(persona, (await createToken(server.url, email, ['read'])).token);
      userIds.set(persona, (await loginAs(server.url, email)).userId);
    }
    const author = await loginAs(server.url, ACCOUNTS.author);
    const orgs = await organizationIds(author.agent);
    const groups = await sharingGroupIds(author.agent);
    for (const tlp of TLP_LEVELS) {
      const amber = tlp === 'amber' || tlp === 'amber+strict';
      const audience = { organizations: amber ? [orgs.get('Landkreis Gotha')] : [], sharingGroups: amber ? [groups.get('Energiesektor Thüringen')] : [], users: tlp === 'red' ? [userIds.get('redRecipient')] : [] };
      const id = await publishedAdvisory(author, advisoryBody({ title: { de: `TAXII-Matrix ${tlpLabel(tlp)}` }, tlp: tlpLabel(tlp), audience }));
      reportIds.set(tlp, `report--${id}`);
    }
    // Stored STIX objects of each postable label, through the API import (RED needs named users).
    const writer = await createToken(server.url, ACCOUNTS.author, ['taxii']);
    const post = async (collection: string, tlp: TlpLevel) => {
      const id = `indicator--${crypto.randomUUID()}`;
      const object = { type: 'indicator', spec_version: '2.1', id, created: '2026-05-01T00:00:00.000Z', modified: '2026-05-01T00:00:00.000Z', pattern: "[url:value = 'https://matrix.example/x']", pattern_type: 'stix', valid_from: '2026-05-01T00:00:00.000Z', object_marking_refs: [TLP2_MARKING_IDS[tlp]] };
      const response = await taxiiPost(server.url, `${API_ROOT}/collections/${collection}/objects/`, [object], writer.token);
      expect(JSON.parse(response.text).success_count, `${tlp}: ${response.text}`).to.equal(1);
      storedIds.set(tlp, id);
    };
    await post('public', 'clear');
    await post('community', 'green');
    await post(groups.get('Energiesektor Thüringen')!, 'amber');
    await post(groups.get('Energiesektor Thüringen')!, 'amber+strict');
  });
  after(async () => server.close());

  for (const persona of PERSONAS) {
    it(`gives ${persona} exactly the truth table's labels (never RED) over TAXII`, async () => {
      const token = tokens.get(persona);
      const list = await taxiiGet(server.url, `${API_ROOT}/collections/`, token);
      expect(list.status).to.equal(200);
      const seen = new Set<string>();
      for (const collection of list.body.collections as { id: string }[]) {
        const { objects } = await pageAll(server.url, collection.id, token, 200);
        for (const object of objects) {
          seen.add(String(object.id));
          expect(object.object_marking_refs ?? (object.type === 'marking-definition' ? [] : undefined), `${String(object.id)} carries a marking`).to.be.an('array');
        }
      }
      for (const tlp of TLP_LEVELS) {
        const expected = tlp !== 'red' && EXPECTED_PUBLISHED[tlp][persona];
        expect(seen.has(reportIds.get(tlp)!), `advisory ${tlp}`).to.equal(expected);
        if (storedIds.has(tlp)) {
          // Stored AMBER objects were posted to the sharing group's collection only (no organization audience).
          const storedExpected = tlp === 'clear' || tlp === 'green' ? EXPECTED_PUBLISHED[tlp][persona] : persona === 'certAnalyst' || persona === 'author' || persona === 'groupMember';
          expect(seen.has(storedIds.get(tlp)!), `stored ${tlp}`).to.equal(storedExpected);
        }
      }
    });
  }
});
