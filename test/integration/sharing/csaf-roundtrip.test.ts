import { expect } from 'chai';
import { advisoryBody, organizationIds, publishedAdvisory } from '../../support/advisories.js';
import { createSource, inboxItems, runSource, startPublishingInstance, type InboxItem } from '../../support/federation.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';
import { createToken } from '../../support/taxii.js';

// "Our own CSAF consumer ingests our provider end to end" (issue 9): instance A publishes advisories
// as a CSAF 2.0 provider; instance B's `csaf-provider` source, run by the feed runner through B's API,
// fetches A's provider-metadata.json, ROLIE feeds, documents, hashes and detached signatures
// (`requireSignature: true`) and fills B's inbox with zero problems. A revision on A shows up as an
// update on B's next run.

type Session = Awaited<ReturnType<typeof loginAs>>;

const PRODUCTS = [
  { vendor: 'Citrix', product: 'NetScaler ADC', versions: [{ from: '13.1', below: '13.1-49.15' }], cpe: 'cpe:2.3:a:citrix:netscaler_application_delivery_controller:13.1:*:*:*:*:*:*:*' },
  { vendor: 'Ivanti', product: 'Connect Secure', versions: [{ exact: '22.7R2.3' }] },
];
const CVSS31 = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';

describe('CSAF round trip: our CSAF consumer ingests our CSAF provider end to end', function () {
  this.timeout(180_000);
  let a: TestServer;
  let b: TestServer;
  let authorA: Session;
  let adminB: Session;
  let sourceId: string;
  let clearId: string;
  let greenId: string;
  let amberId: string;

  const item = (items: InboxItem[], id: string) => items.find((entry) => entry.externalId === `CERT-TH-${id}`);

  before(async () => {
    a = await startPublishingInstance();
    const orgAdmin = await loginAs(a.url, 'it@jena.lagebild.test');
    const jena = (await organizationIds(orgAdmin.agent)).get('Stadt Jena')!;
    const service = await createToken(a.url, 'it@jena.lagebild.test', ['read'], jena);
    b = await startTestServer({ env: { FEED_LAGEBILD_A_TOKEN: service.token } });
    adminB = await loginAs(b.url, 'cert-admin@lagebild.test');
    sourceId = await createSource(adminB, {
      key: 'lagebild-a-csaf',
      type: 'csaf-provider',
      name: 'Lagebild A (CSAF)',
      url: `${a.url}/.well-known/csaf/provider-metadata.json`,
      defaultTlp: 'amber',
      options: { tlps: ['WHITE', 'GREEN', 'AMBER'], requireSignature: true },
      credentialEnv: { token: 'FEED_LAGEBILD_A_TOKEN' },
    });

    authorA = await loginAs(a.url, 'analyst@lagebild.test');
    clearId = await publishedAdvisory(authorA, advisoryBody({ tlp: 'CLEAR', pap: 'CLEAR', cves: ['CVE-2023-4966', 'CVE-2024-21887'], cvss: [CVSS31], products: PRODUCTS, title: { de: 'Rundreise: NetScaler und Connect Secure', en: 'Round trip: NetScaler and Connect Secure' } }));
    greenId = await publishedAdvisory(authorA, advisoryBody({ tlp: 'GREEN', pap: 'GREEN', cves: ['CVE-2026-31001'], title: { de: 'Rundreise: GRÜN' } }));
    const gotha = (await organizationIds(authorA.agent)).get('Landkreis Gotha')!;
    amberId = await publishedAdvisory(authorA, advisoryBody({ tlp: 'AMBER', pap: 'AMBER', cves: ['CVE-2026-31002'], title: { de: 'Rundreise: GELB für Gotha' }, audience: { organizations: [gotha], sharingGroups: [], users: [] } }));
  });
  after(async () => {
    await b?.close();
    await a?.close();
  });

  it('ingests every document it may see with zero problems, signatures required, products, CVEs and CVSS intact', async () => {
    const run = await runSource(adminB, sourceId);
    expect(run.problems).to.deep.equal([]);
    expect(run.counts.failed).to.equal(0);
    const items = await inboxItems(adminB, 'lagebild-a-csaf');
    expect(run.counts.new).to.equal(items.length);

    const clear = item(items, clearId)!;
    expect(clear, JSON.stringify(items.map((entry) => entry.externalId))).to.not.equal(undefined);
    expect(clear).to.include({ tlp: 'clear', revision: '1' });
    // A CSAF document has one language (A publishes `lang: de`); the English title and summary travel
    // as notes titled "… (English)" and come back as English, not mixed into the German text.
    expect(clear.title).to.deep.equal({ de: 'Rundreise: NetScaler und Connect Secure', en: 'Round trip: NetScaler and Connect Secure' });
    expect(clear.summary).to.deep.equal({ de: 'Eine Schwachstelle erlaubt entfernten Angreifern die Ausführung von Code.', en: 'A vulnerability lets remote attackers run code.' });
    expect([...clear.cves].sort()).to.deep.equal(['CVE-2023-4966', 'CVE-2024-21887']);
    expect(clear.cvss).to.deep.equal([CVSS31]);
    const products = [...clear.products].sort((x, y) => x.product.localeCompare(y.product));
    expect(products).to.have.length(2);
    expect(products[0]).to.deep.include({ vendor: 'Ivanti', product: 'Connect Secure', versions: [{ exact: '22.7R2.3' }] });
    // The consumer keeps the product-level CPE (version wildcarded): the versions live in the ranges.
    expect(products[1]).to.deep.include({ vendor: 'Citrix', product: 'NetScaler ADC', versions: [{ from: '13.1', below: '13.1-49.15' }], cpe: 'cpe:2.3:a:citrix:netscaler_application_delivery_controller:*:*:*:*:*:*:*:*' });

    expect(item(items, greenId)).to.deep.include({ tlp: 'green', cves: ['CVE-2026-31001'] });
    expect(item(items, amberId), 'AMBER for Gotha is not readable by Jena\'s service account').to.equal(undefined);
  });

  it('reflects a revision on A as an update on the next run, and changes nothing when nothing changed', async () => {
    const unchanged = await runSource(adminB, sourceId);
    expect(unchanged.counts).to.include({ new: 0, updated: 0, failed: 0 });

    const patched = await authorA.agent.patch(`/api/v1/advisories/${clearId}`).set('x-csrf-token', authorA.csrfToken).send({ cves: ['CVE-2023-4966', 'CVE-2024-21887', 'CVE-2024-22024'], severity: 'hoch' });
    expect(patched.status, JSON.stringify(patched.body)).to.equal(200);
    const republished = await authorA.agent.post(`/api/v1/advisories/${clearId}/publish`).set('x-csrf-token', authorA.csrfToken).send({ changeNote: { de: 'Angaben aktualisiert', en: 'Details updated' } });
    expect(republished.status, JSON.stringify(republished.body)).to.equal(200);

    const run = await runSource(adminB, sourceId);
    expect(run.problems).to.deep.equal([]);
    expect(run.counts).to.include({ new: 0, updated: 1, failed: 0 });
    const revised = item(await inboxItems(adminB, 'lagebild-a-csaf'), clearId)!;
    expect(revised.revision).to.equal('2');
    expect([...revised.cves].sort()).to.deep.equal(['CVE-2023-4966', 'CVE-2024-21887', 'CVE-2024-22024']);
  });
});
