/**
 * Issue 6's must-shows with the real adapters, the real runner and the real API: ONE fixture HTTP
 * server on 127.0.0.1 serves a BSI-style CSAF provider (German documents, CPE 2.2 URIs, ROLIE,
 * hashes, OpenPGP signatures), the CISA KEV catalog, a paged NVD CVE API 2.0 and the EPSS gzip CSV.
 * Sources are configured through the API. From an empty database the runs fill the inbox; a second
 * run with no upstream change writes nothing; the CVE-correlated card joins BSI text, NVD
 * description, KEV status, EPSS and the organizations running the product; promoting it yields a
 * German draft; a BSI revision is recorded as updated and re-runs matching of the published
 * advisory; bad documents are rejected with a logged reason while the rest of the run succeeds.
 */
import { expect } from 'chai';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { count, eq, max } from 'drizzle-orm';
import pino from 'pino';
import { CsafProviderFixture, type FixtureAdvisory } from '../../support/csaf-provider-fixture.js';
import { kevCatalog, kevEntry } from '../../support/feed-fixtures.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';
import { platformFeedHttp } from '../../../server/feeds/http-factory.js';
import { runFeedSource } from '../../../server/feeds/runner.js';
import { cveEnrichments, feedItems, feedRuns } from '../../../server/feeds/feeds.table.js';
import { advisoryMatches } from '../../../server/matching/matching.table.js';
import { assets } from '../../../server/inventory/inventory.table.js';
import { loadAliasIndex } from '../../../server/products/product-aliases.service.js';
import { organizations } from '../../../server/organizations/organizations.table.js';
import { cpeKeyOf, matchKeyOf } from '../../../server/matching/normalize.js';

type Session = Awaited<ReturnType<typeof loginAs>>;
type Item = { id: string; externalId: string; state: string; source: { key: string }; summary: { de?: string; en?: string }; title: { de: string | null; en: string | null }; revision: string | null; upstreamUpdatedAt: string | null };
type Card = {
  key: string;
  cves: string[];
  items: Item[];
  related: Item[];
  enrichments: { cve: string; kev: Record<string, unknown> | null; epss: { score: number; percentile: number | null } | null; nvd: { description?: string } | null }[];
  affected: { organizationId: string; name: string; reasons: { de: string; en: string }[] }[];
};
type Run = { id: string; status: string; counts: { new: number; updated: number; unchanged: number; failed: number }; details?: Record<string, unknown>; problems: { ref: string; message: string }[]; error: string | null };

const DAY = 86_400_000;
const BSI_TITLE = 'Beispiel Leitstand: Schwachstelle ermöglicht Codeausführung';
/** NVD's `lastModified` form: no offset, milliseconds, UTC. */
const nvdTime = (ms: number): string => new Date(ms).toISOString().replace('Z', '');

function bsi(overrides: Partial<FixtureAdvisory> & { id: string }): FixtureAdvisory {
  return {
    version: 1,
    title: BSI_TITLE,
    lang: 'de-DE',
    severity: 'hoch',
    cves: ['CVE-2026-20001', 'CVE-2026-20002'],
    released: '2026-11-20T10:00:00.000Z',
    vendor: 'Beispiel',
    product: 'Leitstand',
    range: '<2.4.1',
    // BSI CERT-Bund publishes CPE 2.2 URIs in its product trees.
    cpe: 'cpe:/a:beispiel:leitstand',
    cvss: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
    ...overrides,
  };
}

function nvdCve(id: string, lastModified: number, description: string, criteria = 'cpe:2.3:a:beispiel:leitstand:*:*:*:*:*:*:*:*') {
  return {
    id,
    sourceIdentifier: 'psirt@beispiel.example',
    published: nvdTime(lastModified - DAY),
    lastModified: nvdTime(lastModified),
    vulnStatus: 'Analyzed',
    descriptions: [{ lang: 'en', value: description }],
    metrics: { cvssMetricV31: [{ source: 'nvd@nist.gov', type: 'Primary', cvssData: { version: '3.1', vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', baseScore: 9.8, baseSeverity: 'CRITICAL' }, exploitabilityScore: 3.9, impactScore: 5.9 }] },
    weaknesses: [{ source: 'nvd@nist.gov', type: 'Primary', description: [{ lang: 'en', value: 'CWE-787' }] }],
    configurations: [{ nodes: [{ operator: 'OR', negate: false, cpeMatch: [{ vulnerable: true, criteria, matchCriteriaId: '0B5C1D2E-3F40-4A5B-8C6D-7E8F9A0B1C2D', versionEndExcluding: '2.4.1' }] }] }],
    references: [{ url: `https://beispiel.example/security/${id}`, source: 'psirt@beispiel.example', tags: ['Vendor Advisory'] }],
  };
}

describe('feeds end to end: real adapters against one fixture server, through the API', function () {
  this.timeout(60_000);
  let server: TestServer;
  let provider: CsafProviderFixture;
  let admin: Session;
  let analyst: Session;
  let erfurt: Session;
  let erfurtId: string;
  const sourceIds: Record<string, string> = {};
  const http = platformFeedHttp({ proxy: { httpsProxy: undefined, noProxy: undefined } }, { backoffBaseMs: 5, timeoutMs: 5_000 });
  const now = Date.now();
  const kevDate = new Date(now - 3 * DAY).toISOString().slice(0, 10);
  const epssModified = new Date(now - DAY).toUTCString();
  const nvdRecords = [
    nvdCve('CVE-2026-20001', now - 3 * 3_600_000, 'A buffer overflow in Beispiel Leitstand before 2.4.1 allows remote attackers to execute arbitrary code.'),
    nvdCve('CVE-2026-20002', now - 3 * 3_600_000, 'Missing authentication in Beispiel Leitstand before 2.4.1 allows configuration changes.'),
    nvdCve('CVE-2026-20003', now - 4 * 3_600_000, 'A cross-site scripting issue in Anderes Produkt before 2.4.1.', 'cpe:2.3:a:anderer:anderes_produkt:*:*:*:*:*:*:*:*'),
  ];
  const requests: string[] = [];

  /** KEV, NVD (paged: 2 per page) and EPSS, served by the CSAF provider's server. */
  function otherRoutes(req: IncomingMessage, res: ServerResponse, url: URL): boolean {
    requests.push(`${url.pathname}${url.search}`);
    if (url.pathname === '/kev/known_exploited_vulnerabilities.json') {
      const catalog = kevCatalog([
        kevEntry(1, { cveID: 'CVE-2026-20001', vendorProject: 'Beispiel', product: 'Leitstand', vulnerabilityName: 'Beispiel Leitstand Buffer Overflow', dateAdded: kevDate, knownRansomwareCampaignUse: 'Known' }),
        kevEntry(2, { cveID: 'CVE-2026-20005', dateAdded: kevDate }),
      ]);
      const body = JSON.stringify(catalog);
      const etag = '"kev-2026-11-22"';
      if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end(), true;
      res.writeHead(200, { 'content-type': 'application/json', etag }).end(body);
      return true;
    }
    if (url.pathname === '/rest/json/cves/2.0') {
      const start = Date.parse(url.searchParams.get('lastModStartDate') ?? '');
      const end = Date.parse(url.searchParams.get('lastModEndDate') ?? '');
      if (Number.isNaN(start) || Number.isNaN(end)) return void res.writeHead(404, { message: 'Invalid lastModified window' }).end(), true;
      const startIndex = Number(url.searchParams.get('startIndex') ?? '0');
      const perPage = Number(url.searchParams.get('resultsPerPage') ?? '2000');
      const matching = nvdRecords.filter((cve) => Date.parse(`${cve.lastModified}Z`) >= start && Date.parse(`${cve.lastModified}Z`) <= end);
      const slice = matching.slice(startIndex, startIndex + perPage);
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({ resultsPerPage: slice.length, startIndex, totalResults: matching.length, format: 'NVD_CVE', version: '2.0', timestamp: nvdTime(now), vulnerabilities: slice.map((cve) => ({ cve })) }),
      );
      return true;
    }
    if (url.pathname === '/epss/epss_scores-current.csv.gz') {
      if (req.headers['if-modified-since'] === epssModified) return void res.writeHead(304).end(), true;
      const csv = `#model_version:v2025.03.14,score_date:${new Date(now - DAY).toISOString().slice(0, 10)}T12:55:00Z\ncve,epss,percentile\nCVE-2026-20001,0.91234,0.99801\nCVE-2026-20002,0.00420,0.61000\nCVE-2026-20003,0.00100,0.20000\n`;
      res.writeHead(200, { 'content-type': 'application/gzip', 'last-modified': epssModified }).end(gzipSync(csv));
      return true;
    }
    return false;
  }

  async function runNow(key: string): Promise<Run> {
    const response = await admin.agent.post(`/api/v1/feeds/${sourceIds[key]}/run`).set('x-csrf-token', admin.csrfToken);
    expect(response.status, JSON.stringify(response.body)).to.equal(200);
    return response.body as Run;
  }

  async function cardOf(cve: string, state = 'open'): Promise<Card> {
    const response = await analyst.agent.get('/api/v1/feed-items').query({ q: cve, state });
    expect(response.status).to.equal(200);
    const card = (response.body.items as Card[]).find((candidate) => candidate.cves.includes(cve));
    expect(card, `card for ${cve}`).to.not.equal(undefined);
    return card!;
  }

  async function itemCount(): Promise<number> {
    const [row] = await server.database.db.select({ n: count() }).from(feedItems);
    return row!.n;
  }

  before(async () => {
    provider = new CsafProviderFixture({ distribution: 'rolie', otherRoutes });
    await provider.start();
    await provider.put(bsi({ id: 'WID-SEC-W-2026-2001' }), bsi({ id: 'WID-SEC-W-2026-2002', title: 'Anderes Produkt: Schwachstelle ermöglicht Cross-Site-Scripting', cves: ['CVE-2026-20003'], vendor: 'Anderer Hersteller', product: 'Anderes Produkt', cpe: 'cpe:/a:anderer:produkt', severity: 'mittel' }));
    server = await startTestServer({ feedHttp: http });
    admin = await loginAs(server.url, 'cert-admin@lagebild.test');
    analyst = await loginAs(server.url, 'analyst@lagebild.test');
    erfurt = await loginAs(server.url, 'it@erfurt.lagebild.test');
    const [org] = await server.database.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, 'Stadt Erfurt'));
    erfurtId = org!.id;
    // Stadt Erfurt runs an affected version; its IT admin enters it through the inventory API.
    const asset = await erfurt.agent.post(`/api/v1/organizations/${erfurtId}/assets`).set('x-csrf-token', erfurt.csrfToken).send({ vendor: 'Beispiel', product: 'Leitstand', version: '2.3.0', criticality: 'hoch', tags: [] });
    expect(asset.status, JSON.stringify(asset.body)).to.equal(201);
    // Stadt Gotha runs the fixed version 2.5.0: the version-range test must leave it out.
    const [gotha] = await server.database.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, 'Stadt Gotha'));
    await server.database.db.insert(assets).values({ organizationId: gotha!.id, vendor: 'Beispiel', product: 'Leitstand', version: '2.5.0', matchKey: matchKeyOf('Beispiel', 'Leitstand'), cpeKey: cpeKeyOf(null) ?? null });
  });
  after(async () => {
    await server?.close();
    await provider?.stop();
    await http.close();
  });

  it('from an empty database, the configured sources fill the inbox; a second run with no upstream change writes nothing', async () => {
    expect(await itemCount()).to.equal(0);
    const sources = [
      { key: 'bsi-fixture', type: 'csaf-provider', name: 'BSI CERT-Bund (Fixture)', url: provider.metadataUrl, options: { tlps: ['WHITE'] } },
      { key: 'kev-fixture', type: 'cisa-kev', name: 'CISA KEV (Fixture)', url: `${provider.base}/kev/known_exploited_vulnerabilities.json` },
      { key: 'nvd-fixture', type: 'nvd', name: 'NVD (Fixture)', url: `${provider.base}/rest/json/cves/2.0`, options: { resultsPerPage: 2, initialDays: 2 } },
      { key: 'epss-fixture', type: 'epss', name: 'EPSS (Fixture)', url: `${provider.base}/epss/epss_scores-current.csv.gz` },
    ];
    for (const source of sources) {
      const created = await admin.agent
        .post('/api/v1/feeds')
        .set('x-csrf-token', admin.csrfToken)
        .send({ ...source, schedule: '15 * * * *', enabled: true, allowPrivateNetwork: true, defaultTlp: 'clear' });
      expect(created.status, JSON.stringify(created.body)).to.equal(201);
      sourceIds[source.key] = created.body.id as string;
    }

    const first: Record<string, Run> = {};
    for (const source of sources) first[source.key] = await runNow(source.key);
    for (const [key, run] of Object.entries(first)) expect(run, key).to.deep.include({ status: 'succeeded', error: null });
    // Runs count the source's records (2 BSI documents, 2 KEV entries, 3 CVE records, 3 EPSS
    // scores), with items and enrichments beside: NVD's record of CVE-2026-20001 adds its fields to
    // the enrichment KEV created (updated); EPSS only updates enrichments.
    expect(first['bsi-fixture']!.counts).to.deep.equal({ new: 2, updated: 0, unchanged: 0, failed: 0 });
    expect(first['kev-fixture']!.counts).to.deep.equal({ new: 2, updated: 0, unchanged: 0, failed: 0 });
    expect(first['kev-fixture']!.details).to.deep.include({ noun: 'entries', records: 2, items: { new: 2, updated: 0, unchanged: 0 }, enrichments: { new: 2, updated: 0, unchanged: 0 } });
    expect(first['nvd-fixture']!.counts).to.deep.equal({ new: 2, updated: 1, unchanged: 0, failed: 0 });
    expect(first['nvd-fixture']!.details).to.deep.include({ noun: 'CVE records', records: 3, items: { new: 3, updated: 0, unchanged: 0 }, enrichments: { new: 2, updated: 1, unchanged: 0 } });
    expect(first['epss-fixture']!.counts).to.deep.equal({ new: 0, updated: 3, unchanged: 0, failed: 0 });
    expect(requests.filter((path) => path.startsWith('/rest/json/cves/2.0')).map((path) => new URLSearchParams(path.split('?')[1]).get('startIndex'))).to.deep.equal(['0', '2']);
    expect(first['epss-fixture']!.counts).to.include({ failed: 0 });
    expect(await itemCount()).to.equal(2 + 2 + 3);
    const [epss] = await server.database.db.select().from(cveEnrichments).where(eq(cveEnrichments.cve, 'CVE-2026-20001'));
    expect(epss!.epssScore).to.be.closeTo(0.91234, 1e-5);

    const [before] = await server.database.db.select({ at: max(feedItems.updatedAt) }).from(feedItems);
    const [enrichedBefore] = await server.database.db.select({ at: max(cveEnrichments.updatedAt) }).from(cveEnrichments);
    provider.resetHits();
    for (const source of sources) {
      const again = await runNow(source.key);
      expect(again.status, source.key).to.equal('succeeded');
      expect(again.counts, source.key).to.include({ new: 0, updated: 0, failed: 0 });
    }
    // Nothing fetched again from the provider but its (conditional) feed, nothing written.
    expect(provider.documentFetches()).to.deep.equal([]);
    expect(await itemCount()).to.equal(7);
    const [after] = await server.database.db.select({ at: max(feedItems.updatedAt) }).from(feedItems);
    const [enrichedAfter] = await server.database.db.select({ at: max(cveEnrichments.updatedAt) }).from(cveEnrichments);
    expect(after!.at!.toISOString()).to.equal(before!.at!.toISOString());
    expect(enrichedAfter!.at!.toISOString()).to.equal(enrichedBefore!.at!.toISOString());
    const recorded = await server.database.db.select().from(feedRuns).where(eq(feedRuns.sourceId, sourceIds['bsi-fixture']!));
    expect(recorded.map((run) => [run.newCount, run.updatedCount]).sort()).to.deep.equal([
      [0, 0],
      [2, 0],
    ]);
  });

  it('shows one CVE-correlated card: BSI text, NVD description, KEV status, EPSS, and the organizations running the product', async () => {
    const card = await cardOf('CVE-2026-20001');
    expect(card.key).to.equal('CVE-2026-20001');
    const all = [...card.items, ...card.related];
    expect(all.map((item) => `${item.source.key}:${item.externalId}`).sort()).to.deep.equal(['bsi-fixture:WID-SEC-W-2026-2001', 'kev-fixture:CVE-2026-20001', 'nvd-fixture:CVE-2026-20001', 'nvd-fixture:CVE-2026-20002']);
    const bsiItem = all.find((item) => item.source.key === 'bsi-fixture')!;
    expect(bsiItem.title.de).to.equal(BSI_TITLE);
    expect(bsiItem.summary.de).to.match(/entfernter Angreifer kann eine Schwachstelle in Leitstand ausnutzen/);
    const enrichment = card.enrichments.find((entry) => entry.cve === 'CVE-2026-20001')!;
    expect(enrichment.kev).to.include({ dateAdded: kevDate });
    expect(enrichment.epss!.score).to.be.closeTo(0.91234, 1e-5);
    expect(enrichment.nvd!.description).to.match(/^A buffer overflow in Beispiel Leitstand/);
    // Issue 7: the inbox shows at once whether it matters to Thuringia (CERT-only view); Gotha's
    // fixed version does not count.
    expect(card.affected.map((organization) => organization.name)).to.deep.equal(['Stadt Erfurt']);
    expect(card.affected[0]!.reasons[0]!.de).to.match(/betreibt Beispiel Leitstand 2\.3\.0/);

    const other = await cardOf('CVE-2026-20003');
    expect(other.affected).to.deep.equal([]);
    const kevOnly = (await analyst.agent.get('/api/v1/feed-items').query({ kev: 'true' })).body.items as Card[];
    expect(kevOnly.map((entry) => entry.key).sort()).to.deep.equal(['CVE-2026-20001', 'CVE-2026-20005']);
    const single = await analyst.agent.get(`/api/v1/feed-items/${bsiItem.id}`);
    expect(single.body.affected.map((organization: { name: string }) => organization.name)).to.deep.equal(['Stadt Erfurt']);
    expect((await erfurt.agent.get('/api/v1/feed-items')).status).to.equal(403);
  });

  it('promotes the correlated card to a draft advisory with the German BSI text, the CVEs and the products', async () => {
    const card = await cardOf('CVE-2026-20001');
    const kevItem = [...card.items, ...card.related].find((item) => item.source.key === 'kev-fixture')!;
    const promoted = await analyst.agent.post(`/api/v1/feed-items/${kevItem.id}/promote`).set('x-csrf-token', analyst.csrfToken).send({});
    expect(promoted.status, JSON.stringify(promoted.body)).to.equal(201);
    const advisory = (await analyst.agent.get(`/api/v1/advisories/${promoted.body.advisory.id as string}`)).body;
    expect(advisory.status).to.equal('draft');
    expect(advisory.title.de).to.equal(BSI_TITLE);
    expect(advisory.summary.de).to.match(/^Ein entfernter Angreifer kann eine Schwachstelle in Leitstand ausnutzen/);
    expect(advisory.recommendations.de).to.match(/Update auf Version 2\.4\.1/);
    expect(advisory.body.de).to.match(/NVD: A buffer overflow in Beispiel Leitstand/);
    expect(advisory.body.de).to.match(/CISA KEV \(aktiv ausgenutzt\): CVE-2026-20001/);
    expect(advisory.cves).to.deep.equal(['CVE-2026-20001', 'CVE-2026-20002']);
    const products = advisory.products as { vendor: string; product: string; cpe?: string }[];
    expect(products.map((product) => `${product.vendor}/${product.product}`)).to.include('Beispiel/Leitstand');
    // BSI's CPE 2.2 URI arrives as CPE 2.3.
    expect(products.map((product) => product.cpe).filter(Boolean).some((cpe) => cpe!.startsWith('cpe:2.3:a:beispiel:leitstand:'))).to.equal(true);
    expect(advisory.severity).to.equal('hoch');
    const bsiItem = [...card.items, ...card.related].find((item) => item.source.key === 'bsi-fixture')!;
    expect((await analyst.agent.get(`/api/v1/feed-items/${bsiItem.id}`)).body).to.include({ state: 'promoted', promotedAdvisoryId: advisory.id });
  });

  it('records a BSI revision as updated and re-runs matching; rejects bad documents with a logged reason while the rest succeeds', async () => {
    const bsiItem = (await server.database.db.select().from(feedItems).where(eq(feedItems.externalId, 'WID-SEC-W-2026-2001')))[0]!;
    const advisoryId = bsiItem.promotedAdvisoryId!;
    const published = await analyst.agent.post(`/api/v1/advisories/${advisoryId}/publish`).set('x-csrf-token', analyst.csrfToken);
    expect(published.status, JSON.stringify(published.body)).to.equal(200);
    const matched = async () => (await server.database.db.select().from(advisoryMatches).where(eq(advisoryMatches.advisoryId, advisoryId))).map((row) => row.organizationId);
    expect(await matched()).to.deep.equal([erfurtId]);
    // An asset written behind the inventory use case's back (no re-match): only a new match run finds it.
    const [jena] = await server.database.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, 'Stadt Jena'));
    // Keyed through the alias table as it is now (BSI's CPE taught it beispiel:leitstand).
    await server.database.db.insert(assets).values({ organizationId: jena!.id, vendor: 'Beispiel', product: 'Leitstand', version: '2.4.0', matchKey: matchKeyOf('Beispiel', 'Leitstand', await loadAliasIndex(server.database.db)), cpeKey: cpeKeyOf(null) ?? null });
    expect(await matched()).to.deep.equal([erfurtId]);

    await provider.put(
      bsi({ id: 'WID-SEC-W-2026-2001', version: 2, released: '2026-11-21T09:00:00.000Z' }),
      bsi({ id: 'WID-SEC-W-2026-2003', title: 'Beispiel Leitstand: Weitere Schwachstelle', cves: ['CVE-2026-20004'], released: '2026-11-21T09:30:00.000Z' }),
      bsi({ id: 'WID-SEC-W-2026-2004', title: 'Falscher Hash', cves: ['CVE-2026-20006'], released: '2026-11-21T09:31:00.000Z', wrongHash: true }),
      bsi({ id: 'WID-SEC-W-2026-2005', title: 'Fremde Signatur', cves: ['CVE-2026-20007'], released: '2026-11-21T09:32:00.000Z', foreignSignature: true }),
      bsi({ id: 'WID-SEC-W-2026-2006', title: 'Ungültiges CSAF', cves: ['CVE-2026-20008'], released: '2026-11-21T09:33:00.000Z', invalid: true }),
    );
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'info' }, new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>), done()) }));
    const outcome = await runFeedSource({ database: server.database, config: { feedCredentials: {} }, logger, httpFor: http }, sourceIds['bsi-fixture']!, 'manual');
    expect(outcome.acquired).to.equal(true);
    const run = outcome.acquired ? outcome.run : undefined;
    // Nothing is dropped: the invalid CSAF is stored with its findings (new beside WID-SEC-W-2026-2003),
    // the wrong hash and the foreign signature are held in quarantine with their reason.
    expect(run).to.include({ status: 'partial', newCount: 2, updatedCount: 1, unchangedCount: 1, failedCount: 0, error: null });
    expect(run!.problems).to.deep.equal([]);
    const [invalid] = await server.database.db.select().from(feedItems).where(eq(feedItems.externalId, 'WID-SEC-W-2026-2006'));
    expect(invalid!.findings.map((finding) => finding.test)).to.include('mandatoryTest_6_1_1');
    const quarantine = (await analyst.agent.get(`/api/v1/feeds/${sourceIds['bsi-fixture']!}/quarantine`)).body.items as { externalId: string; check: string; reason: string; state: string }[];
    const held = (id: string) => quarantine.find((entry) => entry.externalId === id);
    expect(held('WID-SEC-W-2026-2004')).to.include({ check: 'hash', state: 'held' });
    expect(held('WID-SEC-W-2026-2004')!.reason).to.match(/^sha512 mismatch/);
    expect(held('WID-SEC-W-2026-2005')).to.include({ check: 'signature', state: 'held' });
    expect(held('WID-SEC-W-2026-2005')!.reason).to.match(/^Bad OpenPGP signature/);
    expect(held('WID-SEC-W-2026-2006')).to.equal(undefined);
    const logged = lines.filter((line) => line.msg === 'feed document quarantined');
    expect(logged.map((line) => line.reason as string).sort()).to.deep.equal([held('WID-SEC-W-2026-2004')!.reason, held('WID-SEC-W-2026-2005')!.reason].sort());
    expect(lines.find((line) => line.msg === 'feed run')).to.include({ status: 'partial', new: 2, updated: 1, failed: 0 });

    // The run record says so, over the API too.
    const runs = (await analyst.agent.get(`/api/v1/feeds/${sourceIds['bsi-fixture']!}/runs`)).body.items as Run[];
    expect(runs[0]).to.deep.include({ id: run!.id, status: 'partial', counts: { new: 2, updated: 1, unchanged: 1, failed: 0 } });
    expect(runs[0]!.details).to.include({ records: 6, quarantined: 2, withFindings: 1 });

    // The revision: kept as the same item, flagged on the promoted card, matching re-ran.
    const [revised] = await server.database.db.select().from(feedItems).where(eq(feedItems.id, bsiItem.id));
    expect(revised).to.include({ revision: '2', state: 'promoted', promotedAdvisoryId: advisoryId });
    expect(revised!.upstreamUpdatedAt).to.be.instanceOf(Date);
    expect((await matched()).sort()).to.deep.equal([erfurtId, jena!.id].sort());
    const fresh = await cardOf('CVE-2026-20004');
    expect(fresh.items.map((item) => item.externalId)).to.deep.equal(['WID-SEC-W-2026-2003']);
    expect(fresh.affected.map((organization) => organization.name)).to.deep.equal(['Stadt Erfurt', 'Stadt Jena']);
  });
});
