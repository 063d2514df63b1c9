import { expect } from 'chai';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../../server/platform/db/client.js';
import { TLP2_MARKING_IDS } from '../../../server/stix/tlp.js';
import { advisoryBody, organizationIds, publishedAdvisory } from '../../support/advisories.js';
import { createSource, inboxItems, runSource, startPublishingInstance, storedStix } from '../../support/federation.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';
import { createToken, pageAll } from '../../support/taxii.js';
import { AMBER_COLLECTION_ID } from '../../../server/taxii/taxii.collections.js';

// Issue 9's must-show: two Lagebild instances. B's CERT admin configures, through B's API, a `taxii`
// source on A's TAXII discovery and a `csaf-provider` source on A's provider-metadata.json, each with
// the credentials of a service account on A (an organization's service token, handed to B through
// FEED_* environment variables the sources' credentialEnv names). A GREEN advisory of A reaches B's
// inbox and stix_objects marked GREEN; an AMBER one addressed to Landkreis Gotha only through the
// sources whose service account is Gotha's, never through Stadt Erfurt's.

type Session = Awaited<ReturnType<typeof loginAs>>;

describe('federation: instance B pulls instance A\'s TAXII collections and CSAF provider under TLP', function () {
  this.timeout(180_000);
  let a: TestServer;
  let b: TestServer;
  let adminB: Session;
  let analystB: Session;
  let greenId: string;
  let amberId: string;
  const sources: Record<'taxiiErfurt' | 'csafErfurt' | 'taxiiGotha' | 'csafGotha', string> = { taxiiErfurt: '', csafErfurt: '', taxiiGotha: '', csafGotha: '' };

  before(async () => {
    a = await startPublishingInstance();
    const orgAdminErfurt = await loginAs(a.url, 'it@erfurt.lagebild.test');
    const orgsA = await organizationIds(orgAdminErfurt.agent);
    // Service accounts on A: organization service tokens (read scope) of Stadt Erfurt and Landkreis Gotha.
    const erfurt = await createToken(a.url, 'it@erfurt.lagebild.test', ['read'], orgsA.get('Stadt Erfurt'));
    const gotha = await createToken(a.url, 'isb@lk-gotha.lagebild.test', ['read'], orgsA.get('Landkreis Gotha'));

    b = await startTestServer({
      env: { FEED_A_ERFURT_TOKEN: erfurt.token, FEED_A_ERFURT_TOKEN_ID: erfurt.id, FEED_A_GOTHA_TOKEN: gotha.token, FEED_A_GOTHA_TOKEN_ID: gotha.id },
    });
    adminB = await loginAs(b.url, 'cert-admin@lagebild.test');
    analystB = await loginAs(b.url, 'analyst@lagebild.test');
    const csafOptions = { tlps: ['WHITE', 'GREEN', 'AMBER'], requireSignature: true };
    // Bearer for one channel and HTTP Basic (token id + token) for the other, per service account.
    sources.taxiiErfurt = await createSource(adminB, { key: 'a-taxii-erfurt', type: 'taxii', name: 'Lagebild A (TAXII, Erfurt)', url: `${a.url}/taxii2/`, defaultTlp: 'amber', credentialEnv: { token: 'FEED_A_ERFURT_TOKEN' } });
    sources.csafErfurt = await createSource(adminB, { key: 'a-csaf-erfurt', type: 'csaf-provider', name: 'Lagebild A (CSAF, Erfurt)', url: `${a.url}/.well-known/csaf/provider-metadata.json`, defaultTlp: 'amber', options: csafOptions, credentialEnv: { username: 'FEED_A_ERFURT_TOKEN_ID', password: 'FEED_A_ERFURT_TOKEN' } });
    sources.taxiiGotha = await createSource(adminB, { key: 'a-taxii-gotha', type: 'taxii', name: 'Lagebild A (TAXII, Gotha)', url: `${a.url}/taxii2/`, defaultTlp: 'amber', credentialEnv: { username: 'FEED_A_GOTHA_TOKEN_ID', password: 'FEED_A_GOTHA_TOKEN' } });
    sources.csafGotha = await createSource(adminB, { key: 'a-csaf-gotha', type: 'csaf-provider', name: 'Lagebild A (CSAF, Gotha)', url: `${a.url}/.well-known/csaf/provider-metadata.json`, defaultTlp: 'amber', options: csafOptions, credentialEnv: { token: 'FEED_A_GOTHA_TOKEN' } });

    const analystA = await loginAs(a.url, 'analyst@lagebild.test');
    greenId = await publishedAdvisory(analystA, advisoryBody({ tlp: 'GREEN', pap: 'GREEN', cves: ['CVE-2026-21001'], title: { de: 'Föderation: GRÜNE Warnung', en: 'Federation: GREEN advisory' } }));
    amberId = await publishedAdvisory(analystA, advisoryBody({ tlp: 'AMBER', pap: 'AMBER', cves: ['CVE-2026-21002'], title: { de: 'Föderation: GELBE Warnung für Gotha', en: 'Federation: AMBER advisory for Gotha' }, audience: { organizations: [orgsA.get('Landkreis Gotha')], sharingGroups: [], users: [] } }));
  });
  after(async () => {
    await b?.close();
    await a?.close();
  });

  it('keeps the FEED_* credential values out of what B\'s API shows about its sources', async () => {
    const source = await analystB.agent.get(`/api/v1/feeds/${sources.csafErfurt}`);
    expect(source.status).to.equal(200);
    expect(source.body.credentialEnv).to.deep.equal({ username: 'FEED_A_ERFURT_TOKEN_ID', password: 'FEED_A_ERFURT_TOKEN' });
    expect(JSON.stringify(source.body)).to.not.contain('lbt_');
  });

  it('with Erfurt\'s service account: the GREEN advisory arrives marked GREEN, the AMBER one addressed to Gotha does not', async () => {
    const csafRun = await runSource(adminB, sources.csafErfurt);
    expect(csafRun.problems).to.deep.equal([]);
    expect(csafRun.counts.failed).to.equal(0);
    const taxiiRun = await runSource(adminB, sources.taxiiErfurt);
    expect(taxiiRun.problems).to.deep.equal([]);

    const inbox = await inboxItems(analystB, 'a-csaf-erfurt');
    const green = inbox.find((item) => item.externalId === `CERT-TH-${greenId}`);
    expect(green, JSON.stringify(inbox.map((item) => item.externalId))).to.not.equal(undefined);
    expect(green!.tlp).to.equal('green');
    expect(green!.title.de).to.equal('Föderation: GRÜNE Warnung');
    expect(green!.cves).to.deep.equal(['CVE-2026-21001']);
    expect(inbox.map((item) => item.externalId)).to.not.include(`CERT-TH-${amberId}`);
    expect(inbox.every((item) => item.tlp !== 'amber'), 'nothing AMBER reached Erfurt\'s account').to.equal(true);

    const report = await storedStix(b, `report--${greenId}`);
    expect(report, 'the GREEN report landed in B\'s stix_objects').to.have.length.greaterThan(0);
    for (const row of report) {
      expect(row.tlp).to.equal('green');
      expect(row.feedSourceId).to.equal(sources.taxiiErfurt);
      expect(row.body.object_marking_refs).to.include(TLP2_MARKING_IDS.green);
    }
    expect(await storedStix(b, `report--${amberId}`)).to.deep.equal([]);
  });

  it('with Gotha\'s service account (in the audience): the AMBER advisory arrives marked AMBER in the inbox and stix_objects', async () => {
    const csafRun = await runSource(adminB, sources.csafGotha);
    expect(csafRun.problems).to.deep.equal([]);
    expect(csafRun.counts.failed).to.equal(0);
    const taxiiRun = await runSource(adminB, sources.taxiiGotha);
    expect(taxiiRun.problems).to.deep.equal([]);

    const inbox = await inboxItems(analystB, 'a-csaf-gotha');
    const amber = inbox.find((item) => item.externalId === `CERT-TH-${amberId}`);
    expect(amber, JSON.stringify(inbox.map((item) => item.externalId))).to.not.equal(undefined);
    expect(amber!.tlp).to.equal('amber');
    expect(amber!.title.de).to.equal('Föderation: GELBE Warnung für Gotha');
    expect(inbox.find((item) => item.externalId === `CERT-TH-${greenId}`)?.tlp).to.equal('green');

    const report = await storedStix(b, `report--${amberId}`);
    expect(report).to.have.length.greaterThan(0);
    for (const row of report) {
      expect(row.tlp).to.equal('amber');
      expect(row.feedSourceId).to.equal(sources.taxiiGotha);
      expect(row.body.object_marking_refs).to.include(TLP2_MARKING_IDS.amber);
    }
    const vulnerabilities = await queryRows<{ tlp: string; refs: string[] }>(b.database.db, sql`select tlp, body->'object_marking_refs' as refs from stix_objects where type = 'vulnerability' and body->>'name' = 'CVE-2026-21002'`);
    expect(vulnerabilities.length, 'the advisory\'s vulnerability object came along').to.be.greaterThan(0);
    for (const row of vulnerabilities) expect(row).to.deep.equal({ tlp: 'amber', refs: [TLP2_MARKING_IDS.amber] });

    // B does not pass A's AMBER on: it arrived without an audience on B, so only B's CERT sees it;
    // even Gotha's own service account on B does not (B cannot know A's addressing).
    const gothaOnB = await createToken(b.url, 'isb@lk-gotha.lagebild.test', ['read'], (await organizationIds(analystB.agent)).get('Landkreis Gotha'));
    const certOnB = await createToken(b.url, 'analyst@lagebild.test', ['read']);
    const idsIn = async (token: string) => (await pageAll(b.url, AMBER_COLLECTION_ID, token, 500)).objects.map((object) => object.id);
    expect(await idsIn(certOnB.token)).to.include(`report--${amberId}`);
    expect(await idsIn(gothaOnB.token)).to.not.include(`report--${amberId}`);

    // Erfurt's sources, run again, still do not get it: the audience is decided on A for each account.
    await runSource(adminB, sources.csafErfurt);
    expect((await inboxItems(analystB, 'a-csaf-erfurt')).map((item) => item.externalId)).to.not.include(`CERT-TH-${amberId}`);
  });

  it('re-reads a source from the start when its service account is switched, so what the new account may see is not skipped', async () => {
    const switching = await createSource(adminB, { key: 'a-csaf-switch', type: 'csaf-provider', name: 'Lagebild A (CSAF, Kontowechsel)', url: `${a.url}/.well-known/csaf/provider-metadata.json`, defaultTlp: 'amber', options: { tlps: ['AMBER'], requireSignature: true }, credentialEnv: { token: 'FEED_A_ERFURT_TOKEN' } });
    // An AMBER advisory for Erfurt, newer than the one for Gotha: Erfurt's run remembers its date.
    const analystA = await loginAs(a.url, 'analyst@lagebild.test');
    const erfurtOrg = (await organizationIds(analystA.agent)).get('Stadt Erfurt')!;
    const forErfurt = await publishedAdvisory(analystA, advisoryBody({ tlp: 'AMBER', pap: 'AMBER', cves: ['CVE-2026-21003'], title: { de: 'Föderation: GELBE Warnung für Erfurt' }, audience: { organizations: [erfurtOrg], sharingGroups: [], users: [] } }));
    await runSource(adminB, switching);
    expect((await inboxItems(analystB, 'a-csaf-switch')).map((item) => item.externalId)).to.deep.equal([`CERT-TH-${forErfurt}`]);

    const patched = await adminB.agent.patch(`/api/v1/feeds/${switching}`).set('x-csrf-token', adminB.csrfToken).send({ credentialEnv: { token: 'FEED_A_GOTHA_TOKEN' } });
    expect(patched.status, JSON.stringify(patched.body)).to.equal(200);
    const run = await runSource(adminB, switching);
    expect(run.problems).to.deep.equal([]);
    const items = await inboxItems(analystB, 'a-csaf-switch');
    expect(items.map((item) => item.externalId).sort()).to.deep.equal([`CERT-TH-${amberId}`, `CERT-TH-${forErfurt}`].sort());
    expect(items.find((item) => item.externalId === `CERT-TH-${amberId}`)!.tlp).to.equal('amber');

    // Changing only the schedule keeps the cursor: the next run fetches nothing again.
    await adminB.agent.patch(`/api/v1/feeds/${switching}`).set('x-csrf-token', adminB.csrfToken).send({ schedule: '0 4 1 1 *' });
    const quiet = await runSource(adminB, switching);
    expect(quiet.counts).to.include({ new: 0, updated: 0 });
  });
});
