/**
 * Conformance over the real public sample data in ../shared/data (skipped cleanly when absent):
 * the CISA KEV catalog (and its delta against an older release), the CVE JSON 5 records and NVD
 * API 2.0 responses, the CERT-FR MISP feed directory and CIRCL OSINT events, and medallion's
 * TAXII 2.1 collection.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cisaKevAdapter } from '../../../../feeds/cisa-kev/cisa-kev.feed.js';
import { kevEnrichment, kevItem, parseKevCatalog } from '../../../../feeds/cisa-kev/cisa-kev.parse.js';
import { CveEnrichmentSchema, FeedItemDraftSchema } from '../../../../feeds/feed.js';
import { mispAdapter } from '../../../../feeds/misp/misp.feed.js';
import { parseMispEvent } from '../../../../feeds/misp/misp.parse.js';
import { parseCve5Record, parseNvdPage } from '../../../../feeds/nvd/nvd.parse.js';
import { taxiiAdapter } from '../../../../feeds/taxii/taxii.feed.js';
import { parseStixObject } from '../../../../server/stix/index.js';
import { expectValidOutput, sharedDataDir, startFixtureServer, testRunContext } from '../../../support/feed-sources.js';
import { startTaxiiServer, type StoredObject } from '../../../support/taxii-fixture-server.js';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));
}

describe('feeds sources: conformance over ../shared/data', function () {
  this.timeout(60_000);
  let data: string;

  before(function () {
    const dir = sharedDataDir();
    if (dir === undefined) this.skip();
    data = dir;
  });

  it('parses the real KEV catalog without a problem, every entry a valid item and enrichment', () => {
    const catalog = parseKevCatalog(readFileSync(join(data, 'kev', 'known_exploited_vulnerabilities.json')));
    expect(catalog.catalogVersion).to.equal('2025.08.25');
    expect(catalog.entries).to.have.length(1404);
    expect(catalog.problems).to.deep.equal([]);
    for (const entry of catalog.entries) {
      expect(FeedItemDraftSchema.safeParse(kevItem(entry, 'clear')).success, entry.cveID).to.equal(true);
      expect(CveEnrichmentSchema.safeParse(kevEnrichment(entry)).success, entry.cveID).to.equal(true);
    }
    expect(catalog.entries.filter((e) => kevEnrichment(e).kev?.knownRansomwareCampaignUse).length).to.be.greaterThan(100);
  });

  it('adapter over two real KEV releases: the second run yields exactly the newly listed CVEs', async () => {
    const older = readFileSync(join(data, 'kev', 'history', 'known_exploited_vulnerabilities.2025-05-22.json'));
    const newer = readFileSync(join(data, 'kev', 'known_exploited_vulnerabilities.json'));
    let body = older;
    const server = await startFixtureServer((_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end(body));
    try {
      const runOnce = async (cursor?: unknown) => {
        const test = testRunContext({ type: 'cisa-kev', url: `${server.base}/kev.json`, cursor, now: new Date('2025-05-23T00:00:00Z') });
        try {
          const output = await cisaKevAdapter.run(test.context);
          expectValidOutput(output);
          return output;
        } finally {
          await test.close();
        }
      };
      const first = await runOnce();
      expect(first.enrichments).to.have.length(1352);
      body = newer;
      const second = await runOnce(first.cursor);
      const before = new Set(parseKevCatalog(older).entries.map((e) => e.cveID));
      const added = parseKevCatalog(newer).entries.filter((e) => !before.has(e.cveID)).map((e) => e.cveID);
      expect(added.length).to.be.greaterThan(0);
      expect(second.items.map((i) => i.externalId).sort()).to.deep.equal([...added].sort());
    } finally {
      await server.close();
    }
  });

  it('parses every real CVE JSON 5 record (one REJECTED) into valid items and enrichments', () => {
    const files = [...walk(join(data, 'nvd', 'cve-json5')), ...walk(join(data, 'nvd', 'cvelistV5-sample-2023-11', 'cves'))].filter((f) => /CVE-\d+-\d+\.json$/.test(f));
    expect(files.length).to.be.greaterThan(40);
    const states = { PUBLISHED: 0, REJECTED: 0 };
    for (const file of files) {
      const result = parseCve5Record(readFileSync(file));
      states[result.state] += 1;
      if (result.item) expect(FeedItemDraftSchema.safeParse(result.item).success, file).to.equal(true);
      expect(CveEnrichmentSchema.safeParse(result.enrichment).success, file).to.equal(true);
    }
    expect(states.REJECTED).to.equal(1);
  });

  it('parses the real NVD API 2.0 CVE responses without problems', () => {
    const dir = join(data, 'nvd', 'nvd-api-2.0', 'cves');
    let records = 0;
    for (const name of readdirSync(dir)) {
      const page = parseNvdPage(readFileSync(join(dir, name)));
      expect(page.problems, name).to.deep.equal([]);
      for (const record of page.records) if (record.item) expect(FeedItemDraftSchema.safeParse(record.item).success, record.cve).to.equal(true);
      records += page.records.length;
    }
    expect(records).to.be.greaterThan(5);
  });

  it('imports the real CERT-FR MISP feed directory with hash verification: 13 events, strict STIX, no problems', async () => {
    const dir = join(data, 'misp', 'feed-cert-fr-anssi');
    const server = await startFixtureServer((_req, res, url) => {
      const name = url.pathname.replace('/feed/', '');
      if (!/^[\w.-]+$/.test(name)) return void res.writeHead(404).end();
      try {
        const body = readFileSync(join(dir, name));
        res.writeHead(200, { 'content-type': name.endsWith('.csv') ? 'text/csv' : 'application/json' }).end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    const test = testRunContext({ type: 'misp', url: `${server.base}/feed/`, options: { verifyHashes: true } });
    try {
      const output = await mispAdapter.run(test.context);
      expectValidOutput(output);
      expect(output.problems).to.deep.equal([]);
      expect(output.items).to.have.length(13);
      expect(output.items.every((i) => i.tlp === 'clear')).to.equal(true);
      for (const object of output.stixObjects) expect(parseStixObject(object, { mode: 'strict' }).success, String(object.id)).to.equal(true);
      expect(output.stixObjects.filter((o) => o.type === 'indicator').length).to.be.greaterThan(500);
    } finally {
      await test.close();
      await server.close();
    }
  });

  it('converts the real CIRCL OSINT events', () => {
    const dir = join(data, 'misp', 'circl-osint-events');
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
      const result = parseMispEvent(readFileSync(join(dir, name)), { defaultTlp: 'green' });
      expect(result.problems, name).to.deep.equal([]);
      expect(FeedItemDraftSchema.safeParse(result.item).success, name).to.equal(true);
    }
  });

  it("reads medallion's TAXII 2.1 collection: 7 objects, the malware without spec_version is a problem", async () => {
    type Medallion = { trustgroup1: { collections: { id: string; title: string; can_read: boolean; objects: Record<string, unknown>[]; manifest: { id: string; date_added: string; version: string }[] }[] } };
    const medallion = JSON.parse(readFileSync(join(data, 'taxii', 'medallion-default_data.json'), 'utf8')) as Medallion;
    const collections = medallion.trustgroup1.collections.map((c) => ({
      id: c.id,
      title: c.title,
      can_read: c.can_read,
      objects: c.objects.map((object): StoredObject => {
        const stamp = object.modified ?? object.created;
        const version = typeof stamp === 'string' ? stamp : '';
        const entry = c.manifest.find((m) => m.id === object.id && m.version === version) ?? c.manifest.find((m) => m.id === object.id);
        return { date_added: entry?.date_added ?? '2014-01-01T00:00:00.000000Z', object };
      }),
    }));
    const server = await startTaxiiServer(collections);
    const test = testRunContext({ type: 'taxii', url: `${server.base}/taxii2/`, options: { limit: 3 } });
    try {
      const output = await taxiiAdapter.run(test.context);
      expectValidOutput(output);
      expect(output.stixObjects).to.have.length(7);
      expect(output.problems.map((p) => p.ref)).to.deep.equal(['91a7b528-80eb-42ed-a74d-c6fbd5a26116/malware--c0931cc6-c75e-47e5-9036-78fabc95d4ec']);
    } finally {
      await test.close();
      await server.close();
    }
  });
});
