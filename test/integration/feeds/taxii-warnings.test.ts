/**
 * Issue 16: indicators that arrive through a TAXII collection or a STIX bundle import are checked
 * against the warninglists at ingestion, like MISP's. A TAXII 2.1 server on 127.0.0.1 serves a
 * STIX 2.1 bundle in the real format (identity, TLP 2.0 marking, report with a vulnerability,
 * indicators): the report's card flags 8.8.8.8 (public resolver) and leaves the C2 address
 * unflagged; the card of the indicators no report refers to flags 10.0.0.1 (RFC 1918) and the
 * empty-file MD5 and SHA-256, each with its list. The same bundle imported as a file through
 * `npm run feeds -- import` is flagged the same way.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFeedsCli } from '../../../server/feeds/cli.js';
import { platformFeedHttp } from '../../../server/feeds/http-factory.js';
import { createLogger } from '../../../server/platform/logger.js';
import { startTaxiiServer, type TaxiiFixtureServer } from '../../support/taxii-fixture-server.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';

type Warning = { stixId: string; type: string; value: string; flags: { list: string; category: string; reason: { de: string; en: string } }[] };
type Item = { id: string; externalId: string; kind: string; tlp: string; cves: string[]; title: { de: string | null; en: string | null }; source: { key: string }; warnings: Warning[] };
type Card = { items: Item[] };

const TLP2_GREEN = 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb';
const TLP2_AMBER = 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421';
const CREATED = '2026-11-30T09:12:44.000Z';
const IDENTITY = 'identity--3b0d8e5e-2c4b-4b37-9f1a-0d7d1e9b5a11';
const REPORT = 'report--6f2d1c3a-8e5b-4a7f-9c0d-2e4f6a8b1c35';
const DNS = 'indicator--0c9a3f5e-1b7d-4e2a-8f6c-3d5b7a9e1c01';
const C2 = 'indicator--0c9a3f5e-1b7d-4e2a-8f6c-3d5b7a9e1c02';
const PRIVATE = 'indicator--0c9a3f5e-1b7d-4e2a-8f6c-3d5b7a9e1c03';
const EMPTY_FILE = 'indicator--0c9a3f5e-1b7d-4e2a-8f6c-3d5b7a9e1c04';
const EMPTY_MD5 = 'd41d8cd98f00b204e9800998ecf8427e';
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const C2_ADDRESS = '193.42.33.14';

function indicator(id: string, name: string, pattern: string, marking = TLP2_GREEN) {
  return { type: 'indicator', spec_version: '2.1', id, created: CREATED, modified: CREATED, created_by_ref: IDENTITY, name, indicator_types: ['malicious-activity'], pattern, pattern_type: 'stix', pattern_version: '2.1', valid_from: CREATED, object_marking_refs: [marking] };
}

/** A STIX 2.1 bundle as a CTI platform exports it. */
const bundle = {
  type: 'bundle',
  id: 'bundle--9d1e7c4b-3a2f-4e6d-8b5c-1f0a2e3d4c5b',
  objects: [
    { type: 'identity', spec_version: '2.1', id: IDENTITY, created: CREATED, modified: CREATED, name: 'CERT Example', identity_class: 'organization' },
    { type: 'vulnerability', spec_version: '2.1', id: 'vulnerability--2a4c6e8f-1b3d-4f5a-9c7e-0d2f4a6c8e01', created: CREATED, modified: CREATED, name: 'CVE-2023-4966', external_references: [{ source_name: 'cve', external_id: 'CVE-2023-4966' }] },
    indicator(DNS, 'C2 resolver', "[ipv4-addr:value = '8.8.8.8']"),
    indicator(C2, 'NetScaler session hijack C2', `[ipv4-addr:value = '${C2_ADDRESS}']`, TLP2_AMBER),
    indicator(PRIVATE, 'Lateral movement target', "[ipv4-addr:value = '10.0.0.1']"),
    indicator(EMPTY_FILE, 'Dropped payload', `[file:hashes.MD5 = '${EMPTY_MD5}' OR file:hashes.'SHA-256' = '${EMPTY_SHA256}']`),
    {
      type: 'report',
      spec_version: '2.1',
      id: REPORT,
      created: CREATED,
      modified: CREATED,
      created_by_ref: IDENTITY,
      name: 'CitrixBleed session hijacking campaign',
      description: 'Infrastructure seen exploiting CVE-2023-4966.',
      report_types: ['campaign'],
      published: CREATED,
      object_refs: ['vulnerability--2a4c6e8f-1b3d-4f5a-9c7e-0d2f4a6c8e01', DNS, C2],
      object_marking_refs: [TLP2_GREEN],
    },
  ],
};

describe('TAXII and STIX bundle indicators checked against warninglists on ingest', function () {
  this.timeout(120_000);
  let taxii: TaxiiFixtureServer;
  let server: TestServer;
  let admin: Awaited<ReturnType<typeof loginAs>>;
  let analyst: Awaited<ReturnType<typeof loginAs>>;
  let dir: string;
  const http = platformFeedHttp({ proxy: { httpsProxy: undefined, noProxy: undefined } }, { backoffBaseMs: 5, timeoutMs: 5_000 });

  before(async () => {
    taxii = await startTaxiiServer([{ id: 'c2-feed', title: 'Partner CTI', objects: bundle.objects.map((object, index) => ({ date_added: `2026-11-30T10:00:0${index}.000Z`, object })) }]);
    server = await startTestServer({ feedHttp: http });
    admin = await loginAs(server.url, 'cert-admin@lagebild.test');
    analyst = await loginAs(server.url, 'analyst@lagebild.test');
    dir = mkdtempSync(join(tmpdir(), 'stix-warnings-'));
  });
  after(async () => {
    await server?.close();
    await taxii?.close();
    await http.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function items(sourceKey: string): Promise<Item[]> {
    const page = await analyst.agent.get('/api/v1/feed-items').query({ state: 'all', source: sourceKey, limit: 100 });
    expect(page.status, JSON.stringify(page.body)).to.equal(200);
    return (page.body.items as Card[]).flatMap((card) => card.items);
  }

  function expectFlags(all: Item[]) {
    const report = all.find((item) => item.externalId === REPORT);
    expect(report, JSON.stringify(all.map((item) => item.externalId))).to.not.equal(undefined);
    expect(report!.kind).to.equal('indicators');
    expect(report!.title.en).to.equal('CitrixBleed session hijacking campaign');
    expect(report!.cves).to.deep.equal(['CVE-2023-4966']);
    // The AMBER indicator makes the card AMBER.
    expect(report!.tlp).to.equal('amber');
    expect(report!.warnings.map((warning) => [warning.stixId, warning.value])).to.deep.equal([[DNS, '8.8.8.8']]);
    expect(report!.warnings[0]!.flags.map((flag) => flag.list)).to.include('public-dns-v4-major');
    expect(report!.warnings[0]!.flags[0]!.reason.de).to.be.a('string').and.not.equal('');

    const loose = all.find((item) => item.externalId !== REPORT);
    expect(all).to.have.length(2);
    expect(loose!.tlp).to.equal('green');
    const byValue = new Map(loose!.warnings.map((warning) => [warning.value, warning]));
    expect([...byValue.keys()].sort()).to.deep.equal(['10.0.0.1', EMPTY_SHA256, EMPTY_MD5].sort());
    expect(byValue.get('10.0.0.1')!.flags.map((flag) => flag.list)).to.include('rfc1918');
    expect(byValue.get(EMPTY_MD5)!).to.include({ type: 'md5', stixId: EMPTY_FILE });
    expect(byValue.get(EMPTY_MD5)!.flags.map((flag) => flag.list)).to.include('empty-hashes');
    expect(byValue.get(EMPTY_SHA256)!).to.include({ type: 'sha256', stixId: EMPTY_FILE });
    expect(byValue.get(EMPTY_SHA256)!.flags.map((flag) => flag.category)).to.include('test-or-empty-hash');
    // The C2 address is on no list.
    expect(all.flatMap((item) => item.warnings).map((warning) => warning.value)).to.not.include(C2_ADDRESS);
  }

  it('flags the well-known values of a TAXII collection on their cards and leaves the C2 address alone', async () => {
    const created = await admin.agent
      .post('/api/v1/feeds')
      .set('x-csrf-token', admin.csrfToken)
      .send({ key: 'partner-taxii', type: 'taxii', name: 'Partner CTI (TAXII)', url: `${taxii.base}/taxii2/`, schedule: '15 * * * *', enabled: true, allowPrivateNetwork: true, defaultTlp: 'amber' });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const run = await admin.agent.post(`/api/v1/feeds/${created.body.id as string}/run`).set('x-csrf-token', admin.csrfToken);
    expect(run.status, JSON.stringify(run.body)).to.equal(200);
    expect(run.body.status, JSON.stringify(run.body)).to.equal('succeeded');
    expect(run.body.counts).to.deep.include({ new: bundle.objects.length, failed: 0 });
    expectFlags(await items('partner-taxii'));

    const flagged = await analyst.agent.get('/api/v1/feed-items').query({ state: 'all', source: 'partner-taxii', warnings: 'true' });
    expect((flagged.body.items as Card[]).flatMap((card) => card.items)).to.have.length(2);

    // Nothing new upstream: the next run adds no item (the cursor moved past the objects).
    const again = await admin.agent.post(`/api/v1/feeds/${created.body.id as string}/run`).set('x-csrf-token', admin.csrfToken);
    expect(again.body.counts).to.deep.include({ new: 0, updated: 0 });
    expect(await items('partner-taxii')).to.have.length(2);
  });

  it('flags the same values when the bundle is imported as a file', async () => {
    const file = join(dir, 'partner-bundle.json');
    writeFileSync(file, JSON.stringify(bundle));
    let out = '';
    const exit = await runFeedsCli(['import', file], {
      database: server.database,
      config: { feedCredentials: {} },
      logger: createLogger('silent', false),
      feedHttp: http,
      out: (text) => (out += text),
      err: (text) => (out += text),
      progress: false,
    });
    expect(exit, out).to.equal(0);
    const imported = await items('import-stix-bundle');
    expectFlags(imported);
    expect(imported.find((item) => item.externalId !== REPORT)!.externalId).to.equal(bundle.id);
  });
});
