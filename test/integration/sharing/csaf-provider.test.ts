import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { expect } from 'chai';
import * as openpgp from 'openpgp';
import request from 'supertest';
import validate from '@secvisogram/csaf-validator-lib/validate.js';
import * as basic from '@secvisogram/csaf-validator-lib/basic.js';
import { advisoryBody, organizationIds, publishedAdvisory } from '../../support/advisories.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';

// ajv-formats is CommonJS; under NodeNext its callable default export sits on `.default`.
const addFormats = addFormatsModule.default;
const CSAF_SCHEMAS = join(import.meta.dirname, '../../../../shared/data/csaf/schemas');

/** The OASIS provider-metadata schema with its references (CSAF and FIRST CVSS schemas) from the local copies. */
function providerMetadataValidator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  for (const file of ['csaf_json_schema.json', 'provider_json_schema.json']) ajv.addSchema(JSON.parse(readFileSync(join(CSAF_SCHEMAS, file), 'utf8')) as object);
  // The FIRST CVSS schemas are older drafts with versioned ids; the CSAF schema refers to them without the query.
  for (const name of ['cvss-v2.0', 'cvss-v3.0', 'cvss-v3.1']) {
    const { $schema: _draft, id: _old, $id: _new, ...schema } = JSON.parse(readFileSync(join(CSAF_SCHEMAS, 'referenced_schema/first', `${name}.json`), 'utf8')) as Record<string, unknown>;
    ajv.addSchema(schema, `https://www.first.org/cvss/${name}.json`);
  }
  return ajv.getSchema('https://docs.oasis-open.org/csaf/csaf/v2.0/provider_json_schema.json')!;
}

type Session = Awaited<ReturnType<typeof loginAs>>;
type RolieEntry = { id: string; title: string; published: string; updated: string; link: { rel: string; href: string }[]; content: { src: string } };

const PRODUCTS = [
  { vendor: 'Citrix', product: 'NetScaler ADC', versions: [{ from: '13.1', below: '13.1-49.15' }, { exact: '14.1-4.42' }], cpe: 'cpe:2.3:a:citrix:netscaler_application_delivery_controller:13.1:*:*:*:*:*:*:*' },
  { vendor: 'Citrix', product: 'NetScaler Gateway', versions: [{ from: '12.1', upTo: '12.1-55.300', fromInclusive: false }] },
  { vendor: 'Ivanti', product: 'Connect Secure', versions: [] },
];

/** The path of an absolute URL of the server (supertest takes paths). */
function pathOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}

describe('CSAF 2.0 provider at /.well-known/csaf/', () => {
  let server: TestServer;
  let author: Session;
  let revisedId: string;
  let withdrawnId: string;
  let greenId: string;
  let amberId: string;

  async function revise(id: string, patch: Record<string, unknown>): Promise<void> {
    const patched = await author.agent.patch(`/api/v1/advisories/${id}`).set('x-csrf-token', author.csrfToken).send(patch);
    expect(patched.status, JSON.stringify(patched.body)).to.equal(200);
    const published = await author.agent.post(`/api/v1/advisories/${id}/publish`).set('x-csrf-token', author.csrfToken).send({ changeNote: { de: 'Angaben aktualisiert', en: 'Details updated' } });
    expect(published.status, JSON.stringify(published.body)).to.equal(200);
  }

  async function feed(folder: string, agent: request.Agent | ReturnType<typeof request> = request(server.url)): Promise<RolieEntry[]> {
    const response = await (agent as ReturnType<typeof request>).get(`/.well-known/csaf/${folder}/feed-tlp-${folder}.json`);
    expect(response.status, JSON.stringify(response.body)).to.equal(200);
    return response.body.feed.entry as RolieEntry[];
  }

  before(async () => {
    server = await startTestServer();
    author = await loginAs(server.url, 'cert-admin@lagebild.test');
    const orgs = await organizationIds(author.agent);
    revisedId = await publishedAdvisory(author, advisoryBody({ tlp: 'CLEAR', pap: 'CLEAR', products: PRODUCTS, cves: ['CVE-2023-4966', 'CVE-2023-4967'], title: { de: 'NetScaler: Sitzungsübernahme <&> "Citrix Bleed"', en: 'NetScaler session hijacking' } }));
    await revise(revisedId, { severity: 'hoch', recommendations: { de: 'Installieren Sie das Update 13.1-49.15.', en: 'Install update 13.1-49.15.' } });
    await revise(revisedId, { references: ['https://support.citrix.com/article/CTX579459', 'https://www.cisa.gov/known-exploited-vulnerabilities-catalog'] });
    withdrawnId = await publishedAdvisory(author, advisoryBody({ tlp: 'CLEAR', pap: 'CLEAR', title: { de: 'Irrtümlich veröffentlichte Warnung' }, products: [], recommendations: { de: 'Segmentieren Sie das Netz.' } }));
    const withdrawn = await author.agent.post(`/api/v1/advisories/${withdrawnId}/withdraw`).set('x-csrf-token', author.csrfToken).send({ reason: 'Fehlalarm' });
    expect(withdrawn.status).to.equal(200);
    greenId = await publishedAdvisory(author, advisoryBody({ tlp: 'GREEN', title: { de: 'Grüne CSAF-Warnung' } }));
    amberId = await publishedAdvisory(author, advisoryBody({ tlp: 'AMBER', title: { de: 'Gelbe CSAF-Warnung' }, audience: { organizations: [orgs.get('Landkreis Gotha')], sharingGroups: [], users: [] } }));
  });
  after(async () => server.close());

  it('publishes provider-metadata.json with ROLIE feeds per TLP, directory URLs and the public key', async () => {
    const response = await request(server.url).get('/.well-known/csaf/provider-metadata.json');
    expect(response.status).to.equal(200);
    expect(response.type).to.equal('application/json');
    const metadata = response.body;
    expect(metadata.canonical_url).to.match(/\/\.well-known\/csaf\/provider-metadata\.json$/);
    expect(metadata).to.include({ metadata_version: '2.0', role: 'csaf_trusted_provider', list_on_CSAF_aggregators: true, mirror_on_CSAF_aggregators: true });
    expect(metadata.publisher).to.include({ category: 'coordinator', name: 'CERT-Thüringen' });
    const feeds = (metadata.distributions as { directory_url: string; rolie: { feeds: { tlp_label: string; url: string }[] } }[]).flatMap((distribution) => distribution.rolie.feeds);
    expect(feeds.map((item) => item.tlp_label)).to.deep.equal(['WHITE', 'GREEN', 'AMBER', 'RED']);
    expect(feeds[0]!.url).to.match(/\/\.well-known\/csaf\/white\/feed-tlp-white\.json$/);
    const [key] = metadata.public_openpgp_keys as { fingerprint: string; url: string }[];
    expect(key!.fingerprint).to.match(/^[0-9A-F]{40,}$/);
    const published = await request(server.url).get(pathOf(key!.url));
    expect(published.status).to.equal(200);
    const publicKey = await openpgp.readKey({ armoredKey: published.text });
    expect(publicKey.getFingerprint().toUpperCase()).to.equal(key!.fingerprint);
    expect(publicKey.isPrivate()).to.equal(false);
  });

  it('publishes provider-metadata.json valid against the OASIS provider schema', async function () {
    if (!existsSync(CSAF_SCHEMAS)) this.skip();
    const validateMetadata = providerMetadataValidator();
    const metadata = (await request(server.url).get('/.well-known/csaf/provider-metadata.json')).body;
    expect(validateMetadata(metadata), JSON.stringify(validateMetadata.errors)).to.equal(true);
    expect(validateMetadata({ ...metadata, role: 'csaf_something' }), 'the schema is really applied').to.equal(false);
  });

  it('serves every WHITE document valid (schema and mandatory tests, zero errors), hashed and signed with the published key', async () => {
    const metadata = (await request(server.url).get('/.well-known/csaf/provider-metadata.json')).body;
    const verificationKeys = await openpgp.readKey({ armoredKey: (await request(server.url).get(pathOf(metadata.public_openpgp_keys[0].url))).text });
    const entries = await feed('white');
    expect(entries.length).to.equal(2);
    for (const entry of entries) {
      const document = await request(server.url).get(pathOf(entry.content.src)).buffer(true);
      expect(document.status).to.equal(200);
      const text = document.text;
      const parsed = JSON.parse(text);
      const result = await validate(Object.values(basic), parsed);
      const failures = result.tests.filter((test) => test.errors.length > 0);
      expect(failures, JSON.stringify(failures, null, 2)).to.deep.equal([]);
      expect(result.isValid).to.equal(true);
      expect(parsed.document.tracking.id).to.equal(entry.id);
      expect(parsed.document.distribution.tlp.label).to.equal('WHITE');
      expect(parsed.document.tracking.current_release_date).to.equal(entry.updated);
      const fileName = entry.content.src.split('/').pop()!;
      expect(fileName).to.equal(`${entry.id.toLowerCase().replace(/[^+\-a-z0-9]+/g, '_')}.json`);
      for (const algorithm of ['sha256', 'sha512']) {
        const hash = await request(server.url).get(`${pathOf(entry.content.src)}.${algorithm}`);
        expect(hash.status).to.equal(200);
        expect(hash.text).to.equal(`${createHash(algorithm).update(text, 'utf8').digest('hex')}  ${fileName}\n`);
        expect(entry.link.map((link) => link.href)).to.include(`${entry.content.src}.${algorithm}`);
      }
      const signature = await request(server.url).get(`${pathOf(entry.content.src)}.asc`);
      expect(signature.status).to.equal(200);
      const verification = await openpgp.verify({ message: await openpgp.createMessage({ binary: new TextEncoder().encode(text) }), signature: await openpgp.readSignature({ armoredSignature: signature.text }), verificationKeys, expectSigned: true });
      expect(verification.signatures.length).to.equal(1);
      const tampered = await openpgp.verify({ message: await openpgp.createMessage({ binary: new TextEncoder().encode(`${text} `) }), signature: await openpgp.readSignature({ armoredSignature: signature.text }), verificationKeys });
      let rejected = false;
      await tampered.signatures[0]!.verified.catch(() => (rejected = true));
      expect(rejected, 'a changed document must not verify').to.equal(true);
    }
  });

  it('maps products, ranges, CVEs, CVSS, remediations and every revision into the document', async () => {
    const entry = (await feed('white')).find((candidate) => candidate.id.endsWith(revisedId))!;
    const doc = (await request(server.url).get(pathOf(entry.content.src))).body;
    expect(doc.document.category).to.equal('csaf_security_advisory');
    expect(doc.document.lang).to.equal('de');
    expect(doc.document.title).to.equal('NetScaler: Sitzungsübernahme <&> "Citrix Bleed"');
    expect(doc.document.tracking).to.include({ status: 'final', version: '3' });
    expect(doc.document.tracking.revision_history.map((item: { number: string }) => item.number)).to.deep.equal(['1', '2', '3']);
    expect(doc.document.notes.map((note: { title: string }) => note.title)).to.include.members(['Zusammenfassung', 'Summary (English)', 'Title (English)', 'Empfohlene Maßnahmen']);
    const citrix = doc.product_tree.branches.find((branch: { name: string }) => branch.name === 'Citrix');
    const adc = citrix.branches.find((branch: { name: string }) => branch.name === 'NetScaler ADC');
    expect(adc.branches.map((branch: { category: string; name: string }) => `${branch.category} ${branch.name}`)).to.deep.equal(['product_version_range vers:generic/>=13.1|<13.1-49.15', 'product_version 14.1-4.42']);
    expect(adc.branches[0].product.product_identification_helper.cpe).to.equal(PRODUCTS[0]!.cpe);
    const gateway = citrix.branches.find((branch: { name: string }) => branch.name === 'NetScaler Gateway');
    expect(gateway.branches[0].name).to.equal('vers:generic/>12.1|<=12.1-55.300');
    const ivanti = doc.product_tree.branches.find((branch: { name: string }) => branch.name === 'Ivanti');
    expect(ivanti.branches[0].product.name).to.equal('Ivanti Connect Secure');
    expect(doc.vulnerabilities.map((vulnerability: { cve: string }) => vulnerability.cve)).to.deep.equal(['CVE-2023-4966', 'CVE-2023-4967']);
    const [first] = doc.vulnerabilities;
    expect(first.product_status.known_affected).to.have.length(4);
    expect(first.remediations[0]).to.include({ category: 'vendor_fix', details: 'Installieren Sie das Update 13.1-49.15.' });
    expect(first.scores).to.have.length(1);
    expect(first.scores[0].cvss_v3).to.deep.equal({ version: '3.1', vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', baseScore: 9.8, baseSeverity: 'CRITICAL' });
    expect(doc.document.references.map((reference: { url: string }) => reference.url)).to.include('https://www.cisa.gov/known-exploited-vulnerabilities-catalog');
  });

  it('keeps a withdrawn advisory as a final document with a withdrawal revision', async () => {
    const entry = (await feed('white')).find((candidate) => candidate.id.endsWith(withdrawnId))!;
    const doc = (await request(server.url).get(pathOf(entry.content.src))).body;
    expect(doc.document.category).to.equal('csaf_base');
    expect(doc.document.tracking).to.include({ status: 'final', version: '2' });
    expect(doc.document.tracking.revision_history[1].summary).to.equal('Zurückgezogen / Withdrawn');
    expect(doc.document.notes.map((note: { title: string }) => note.title)).to.include('Zurückgezogen / Withdrawn');
  });

  it('keeps index.txt, changes.csv and the ROLIE feed consistent, newest change first', async () => {
    const entries = await feed('white');
    const base = '/.well-known/csaf/white/';
    const paths = entries.map((entry) => pathOf(entry.content.src).slice(base.length));
    const index = await request(server.url).get(`${base}index.txt`);
    expect(index.status).to.equal(200);
    expect(index.type).to.equal('text/plain');
    expect(index.text.trim().split('\n').sort()).to.deep.equal([...paths].sort());
    const changes = await request(server.url).get(`${base}changes.csv`);
    expect(changes.type).to.equal('text/csv');
    const rows = changes.text.trim().split('\n').map((line) => /^"([^"]+)","([^"]+)"$/.exec(line)!.slice(1));
    expect(rows.map(([path]) => path).sort()).to.deep.equal([...paths].sort());
    const dates = rows.map(([, date]) => date!);
    expect([...dates].sort().reverse()).to.deep.equal(dates);
    for (const [path, date] of rows) {
      expect(path).to.match(/^\d{4}\/cert-th-[0-9a-f-]{36}\.json$/);
      expect(entries.find((entry) => entry.content.src.endsWith(path!))!.updated).to.equal(date);
    }
  });

  it('serves directory listings of the folders and year folders that link every file', async () => {
    const entries = await feed('white');
    const folder = await request(server.url).get('/.well-known/csaf/white/');
    expect(folder.status).to.equal(200);
    expect(folder.type).to.equal('text/html');
    for (const name of ['index.txt', 'changes.csv', 'feed-tlp-white.json']) expect(folder.text).to.contain(`href="/.well-known/csaf/white/${name}"`);
    const year = pathOf(entries[0]!.content.src).split('/')[4]!;
    expect(folder.text).to.contain(`href="/.well-known/csaf/white/${year}/"`);
    const listing = await request(server.url).get(`/.well-known/csaf/white/${year}/`);
    expect(listing.status).to.equal(200);
    for (const entry of entries.filter((candidate) => pathOf(candidate.content.src).includes(`/${year}/`))) {
      for (const suffix of ['', '.asc', '.sha256', '.sha512']) expect(listing.text).to.contain(`href="${pathOf(entry.content.src)}${suffix}"`);
    }
    expect((await request(server.url).get('/.well-known/csaf/amber/')).status).to.equal(401);
  });

  it('regenerates a document when the advisory is revised or withdrawn, and serves the same bytes until then', async () => {
    const entry = (await feed('white')).find((candidate) => candidate.id.endsWith(revisedId))!;
    const path = pathOf(entry.content.src);
    const [first, again] = [await request(server.url).get(`${path}.asc`), await request(server.url).get(`${path}.asc`)];
    expect(again.text).to.equal(first.text);
    await revise(revisedId, { summary: { de: 'Neue Zusammenfassung nach Analyse.' } });
    const doc = (await request(server.url).get(path)).body;
    expect(doc.document.tracking.version).to.equal('4');
    expect(doc.document.notes[0].text).to.equal('Neue Zusammenfassung nach Analyse.');
    expect((await request(server.url).get(`${path}.asc`)).text).to.not.equal(first.text);
    const withdrawn = await author.agent.post(`/api/v1/advisories/${revisedId}/withdraw`).set('x-csrf-token', author.csrfToken).send({});
    expect(withdrawn.status).to.equal(200);
    const after = (await request(server.url).get(path)).body;
    expect(after.document.tracking).to.include({ status: 'final', version: '5' });
    expect(after.document.tracking.revision_history.at(-1).summary).to.equal('Zurückgezogen / Withdrawn');
    const changes = (await request(server.url).get('/.well-known/csaf/white/changes.csv')).text;
    expect(changes.split('\n')[0]).to.equal(`"${path.slice('/.well-known/csaf/white/'.length)}","${after.document.tracking.current_release_date as string}"`);
  });

  it('answers anonymous callers of the GREEN, AMBER and RED distributions with 401 and a Basic challenge', async () => {
    for (const folder of ['green', 'amber', 'red']) {
      for (const file of ['index.txt', 'changes.csv', `feed-tlp-${folder}.json`]) {
        const response = await request(server.url).get(`/.well-known/csaf/${folder}/${file}`);
        expect(response.status, `${folder}/${file}`).to.equal(401);
        expect(response.headers['www-authenticate']).to.match(/^Basic realm=/);
        expect(response.type).to.equal('application/problem+json');
      }
    }
    const green = (await feed('green', author.agent))[0]!;
    expect((await request(server.url).get(pathOf(green.content.src))).status).to.equal(401);
  });

  it('serves the GREEN and AMBER distributions to entitled callers by session, bearer token or Basic', async () => {
    const erfurt = await loginAs(server.url, 'it@erfurt.lagebild.test');
    const gotha = await loginAs(server.url, 'isb@lk-gotha.lagebild.test');
    expect((await feed('green', erfurt.agent)).map((entry) => entry.id)).to.deep.equal([`CERT-TH-${greenId}`]);
    expect(await feed('amber', erfurt.agent)).to.deep.equal([]);
    const amber = await feed('amber', gotha.agent);
    expect(amber.map((entry) => entry.id)).to.deep.equal([`CERT-TH-${amberId}`]);
    expect((await erfurt.agent.get(pathOf(amber[0]!.content.src))).status).to.equal(404);
    const token = (await gotha.agent.post('/api/v1/tokens').set('x-csrf-token', gotha.csrfToken).send({ name: 'csaf', scopes: ['read'] })).body.token as string;
    const bearer = await request(server.url).get(pathOf(amber[0]!.content.src)).set('authorization', `Bearer ${token}`);
    expect(bearer.status).to.equal(200);
    expect(bearer.body.document.distribution.tlp.label).to.equal('AMBER');
    const viaBasic = await request(server.url).get(pathOf(amber[0]!.content.src)).auth('isb@lk-gotha.lagebild.test', token);
    expect(viaBasic.status).to.equal(200);
    expect(viaBasic.headers['cache-control']).to.equal('private, no-store');
    const wrong = await request(server.url).get('/.well-known/csaf/amber/index.txt').auth('isb@lk-gotha.lagebild.test', 'Lagebild-Test-2026!');
    expect(wrong.status, 'an account password is not a Basic credential').to.equal(401);
    const audit = await author.agent.get('/api/v1/audit').query({ action: 'advisory.exported' });
    expect(audit.body.items.some((item: { objectId: string; details: { format: string } }) => item.objectId === amberId && item.details.format === 'csaf-2.0')).to.equal(true);
  });

  it('rejects path traversal and unknown names without touching anything else', async () => {
    for (const path of [
      '/.well-known/csaf/white/2026/..%2F..%2Fprovider-metadata.json',
      '/.well-known/csaf/white/2026/%2e%2e%2fgreen%2findex.txt',
      '/.well-known/csaf/..%2Fgreen/index.txt',
      '/.well-known/csaf/purple/index.txt',
      '/.well-known/csaf/white/20x6/cert-th-x.json',
      '/.well-known/csaf/openpgp/..%2F..%2Fsecrets.json',
    ]) {
      const response = await request(server.url).get(path);
      expect(response.status, path).to.be.oneOf([400, 404]);
      expect(response.type, path).to.equal('application/problem+json');
    }
    const entry = (await feed('white'))[0]!;
    const wrongYear = pathOf(entry.content.src).replace(/\/\d{4}\//, '/1999/');
    expect((await request(server.url).get(wrongYear)).status).to.equal(404);
    const greenPath = pathOf((await feed('green', author.agent))[0]!.content.src);
    expect((await request(server.url).get(greenPath.replace('/green/', '/white/'))).status, 'a GREEN document is not in the WHITE folder').to.equal(404);
  });
});
