import { expect } from 'chai';
import { sql } from 'drizzle-orm';
import type { TlpLevel } from '../../../server/access/tlp.js';
import { loadUserPrincipal, type UserPrincipal } from '../../../server/auth/principal.js';
import { createIndicatorPackage } from '../../../server/indicators/index.js';
import { queryRows } from '../../../server/platform/db/client.js';
import { TLP2_MARKING_IDS } from '../../../server/stix/tlp.js';
import { organizationIds } from '../../support/advisories.js';
import { createSource, inboxItems, runSource, startPublishingInstance } from '../../support/federation.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';
import { createToken } from '../../support/taxii.js';

// The MISP round trip (issue 9): instance A's MISP feed at /feeds/misp/ (indicator packages as MISP
// events, TLP as tags) is read by instance B's `misp` source, which sends the source's token as a
// bearer. The indicators arrive in B's stix_objects with the TLP of their package, and only the
// packages A's policy lets the token holder see: anonymous gets CLEAR, Gotha's service account also
// GREEN and the AMBER package addressed to Gotha, never the AMBER one addressed to Erfurt.

type Session = Awaited<ReturnType<typeof loginAs>>;
type StoredIndicator = { tlp: string; pattern: string; refs: string[]; source: string | null };

const PACKAGES: { key: string; tlp: TlpLevel; audience?: string; domain: string }[] = [
  { key: 'clear', tlp: 'clear', domain: 'clear-c2.example' },
  { key: 'green', tlp: 'green', domain: 'green-c2.example' },
  { key: 'amber-gotha', tlp: 'amber', audience: 'Landkreis Gotha', domain: 'amber-gotha-c2.example' },
  { key: 'amber-erfurt', tlp: 'amber', audience: 'Stadt Erfurt', domain: 'amber-erfurt-c2.example' },
];

describe('MISP round trip: instance B\'s misp source reads instance A\'s MISP feed under TLP', function () {
  this.timeout(180_000);
  let a: TestServer;
  let b: TestServer;
  let adminB: Session;
  let anonymousSource: string;
  let gothaSource: string;
  const events = new Map<string, string>();

  async function indicatorsOf(sourceId: string): Promise<Map<string, StoredIndicator>> {
    const rows = await queryRows<StoredIndicator & { pattern: string }>(
      b.database.db,
      sql`select tlp, body->>'pattern' as pattern, body->'object_marking_refs' as refs, feed_source_id::text as source from stix_objects where type = 'indicator' and feed_source_id = ${sourceId}`,
    );
    const byDomain = new Map<string, StoredIndicator>();
    for (const row of rows) {
      const domain = PACKAGES.find((entry) => row.pattern.includes(`'${entry.domain}'`))?.domain;
      if (domain) byDomain.set(domain, row);
    }
    return byDomain;
  }

  before(async () => {
    a = await startPublishingInstance();
    const analystA = await loginAs(a.url, 'analyst@lagebild.test');
    const orgs = await organizationIds(analystA.agent);
    const principal = (await loadUserPrincipal(a.database.db, analystA.userId)) as UserPrincipal;
    for (const entry of PACKAGES) {
      const audience = { organizations: entry.audience ? [orgs.get(entry.audience)!] : [], sharingGroups: [], users: [] };
      const dto = await a.database.db.transaction((tx) =>
        createIndicatorPackage(tx, principal, { indicators: [{ observableType: 'domain', value: entry.domain }], tlp: entry.tlp, audience, name: `Rundreise ${entry.key}`, description: `Indikatoren ${entry.key}`, certOrganizationId: orgs.get('CERT-Thüringen')! }, new Date('2026-05-01T10:00:00Z')),
      );
      events.set(entry.key, dto.id.replace(/^grouping--/, ''));
    }
    const gotha = await createToken(a.url, 'isb@lk-gotha.lagebild.test', ['read'], orgs.get('Landkreis Gotha'));

    b = await startTestServer({ env: { FEED_LAGEBILD_A_MISP_TOKEN: gotha.token } });
    adminB = await loginAs(b.url, 'cert-admin@lagebild.test');
    anonymousSource = await createSource(adminB, { key: 'a-misp-public', type: 'misp', name: 'Lagebild A (MISP, öffentlich)', url: `${a.url}/feeds/misp/`, defaultTlp: 'amber', options: { verifyHashes: true } });
    gothaSource = await createSource(adminB, { key: 'a-misp-gotha', type: 'misp', name: 'Lagebild A (MISP, Gotha)', url: `${a.url}/feeds/misp/`, defaultTlp: 'amber', options: { verifyHashes: true }, credentialEnv: { token: 'FEED_LAGEBILD_A_MISP_TOKEN' } });
  });
  after(async () => {
    await b?.close();
    await a?.close();
  });

  it('without credentials: only the CLEAR event, its indicator stored as STIX marked CLEAR', async () => {
    const run = await runSource(adminB, anonymousSource);
    expect(run.problems).to.deep.equal([]);
    expect(run.counts.failed).to.equal(0);
    const items = await inboxItems(adminB, 'a-misp-public');
    expect(items.map((item) => [item.externalId, item.tlp])).to.deep.equal([[events.get('clear'), 'clear']]);
    const indicators = await indicatorsOf(anonymousSource);
    expect([...indicators.keys()]).to.deep.equal(['clear-c2.example']);
    expect(indicators.get('clear-c2.example')).to.deep.include({ tlp: 'clear', refs: [TLP2_MARKING_IDS.clear] });
  });

  it('with Gotha\'s service token as bearer: GREEN and Gotha\'s AMBER arrive with their TLP, Erfurt\'s AMBER does not', async () => {
    const run = await runSource(adminB, gothaSource);
    expect(run.problems).to.deep.equal([]);
    expect(run.counts.failed).to.equal(0);
    const items = await inboxItems(adminB, 'a-misp-gotha');
    expect(new Map(items.map((item) => [item.externalId, item.tlp]))).to.deep.equal(
      new Map([
        [events.get('clear'), 'clear'],
        [events.get('green'), 'green'],
        [events.get('amber-gotha'), 'amber'],
      ]),
    );
    for (const item of items) expect(item.externalId).to.not.equal(events.get('amber-erfurt'));

    // The CLEAR indicator is already stored (from the public source); the new ones come from this source.
    const indicators = await indicatorsOf(gothaSource);
    expect(indicators.get('green-c2.example')).to.deep.include({ tlp: 'green', refs: [TLP2_MARKING_IDS.green] });
    expect(indicators.get('amber-gotha-c2.example')).to.deep.include({ tlp: 'amber', refs: [TLP2_MARKING_IDS.amber] });
    expect(indicators.has('amber-erfurt-c2.example')).to.equal(false);
    const anywhere = await queryRows<{ n: number }>(b.database.db, sql`select count(*)::int as n from stix_objects where body::text like ${'%amber-erfurt-c2.example%'}`);
    expect(anywhere[0]!.n, 'nothing of Erfurt\'s AMBER package reached B').to.equal(0);

    const again = await runSource(adminB, gothaSource);
    expect(again.counts).to.include({ new: 0, updated: 0, failed: 0 });
  });
});
