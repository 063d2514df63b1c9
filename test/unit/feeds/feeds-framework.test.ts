import { expect } from 'chai';
import fc from 'fast-check';
import { FEED_TYPES } from '../../../feeds/feed.js';
import { FEED_SOURCE_TYPES, FeedCatalogSchema } from '../../../config/feeds.schema.js';
import { loadConfig, resolveFeedCredentials } from '../../../config/index.js';
import { detectImportFormat } from '../../../server/feeds/import-formats.js';
import { nextCronTime } from '../../../server/feeds/feeds.routes.js';
import { contentHashOf, itemJson, stableJson, withTlp2Markings } from '../../../server/feeds/ingest.js';
import { FEED_ITEM_CONTENT_KEYS } from '../../../server/feeds/feeds.table.js';
import { importCve5Record, importKevCatalog } from '../../../feeds/sources.js';
import { cve5Record } from '../../../bench/ingest.bench.js';
import { TLP1_MARKING_IDS, TLP2_MARKING_IDS } from '../../../server/stix/tlp.js';
import { isValidCron } from '../../../server/platform/scheduler.js';
import { FeedItemDraftSchema } from '../../../feeds/feed.js';
import { fuzzRuns } from '../../support/fuzz.js';

describe('feeds framework units', () => {
  it('keeps the config source types equal to the adapter contract', () => {
    expect([...FEED_SOURCE_TYPES]).to.deep.equal([...FEED_TYPES]);
  });

  it('loads config/feeds.json: every catalog source disabled, credentials resolved from FEED_* only', () => {
    const config = loadConfig({ FEED_NVD_API_KEY: 'k-123', SESSION_SECRET: 'x'.repeat(40) });
    expect(config.feeds.map((source) => source.key)).to.include.members(['bsi-wid', 'cisa-kev', 'nvd', 'epss', 'bsi-rss']);
    expect(config.feeds.every((source) => !source.enabled)).to.equal(true);
    expect(config.feeds.find((source) => source.key === 'bsi-wid')!.url).to.equal('https://wid.cert-bund.de/.well-known/csaf/provider-metadata.json');
    expect(resolveFeedCredentials(config, { apiKey: 'FEED_NVD_API_KEY', other: 'FEED_UNSET' })).to.deep.equal({ apiKey: 'k-123' });
    expect(resolveFeedCredentials(config, { leak: 'SESSION_SECRET' })).to.deep.equal({});
    for (const source of config.feeds) expect(isValidCron(source.schedule), source.key).to.equal(true);
  });

  it('rejects duplicate keys and non-FEED_ credential variables in the catalog', () => {
    const entry = { key: 'a', type: 'rss', name: 'A', url: 'https://a.example/rss', schedule: '0 * * * *' };
    const duplicate = FeedCatalogSchema.safeParse({ sources: [entry, entry] });
    expect(duplicate.success).to.equal(false);
    const leak = FeedCatalogSchema.safeParse({ sources: [{ ...entry, credentialEnv: { key: 'DATABASE_URL' } }] });
    expect(leak.success).to.equal(false);
  });

  it('computes the next cron time', () => {
    const from = new Date('2026-11-22T10:17:30Z');
    expect(nextCronTime('*/15 * * * *', from)?.toISOString()).to.equal('2026-11-22T10:30:00.000Z');
    expect(nextCronTime('30 6 * * *', from)?.toISOString()).to.equal('2026-11-23T06:30:00.000Z');
    expect(nextCronTime('0 0 * * 1', from)?.toISOString()).to.equal('2026-11-23T00:00:00.000Z');
    expect(nextCronTime('bogus', from)).to.equal(null);
  });

  it('maps TLP 1.0 marking ids to TLP 2.0 and keeps other markings', () => {
    const other = 'marking-definition--d1b8a3b6-6a3c-4f44-9a2e-3c1f0d6e7a11';
    const mapped = withTlp2Markings({ object_marking_refs: [TLP1_MARKING_IDS.white, other, TLP2_MARKING_IDS.clear] });
    expect(mapped.object_marking_refs).to.deep.equal([TLP2_MARKING_IDS.clear, other]);
  });

  it('fuzz: format detection and cron parsing never throw on arbitrary input', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const format = detectImportFormat(value);
        expect(format === undefined || typeof format === 'string').to.equal(true);
      }),
      { numRuns: fuzzRuns(500) },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (expression) => {
        const next = nextCronTime(expression, new Date('2026-01-01T00:00:00Z'));
        expect(next === null || next instanceof Date).to.equal(true);
      }),
      { numRuns: fuzzRuns(500) },
    );
  });

  it('fuzz: stable JSON ignores key order; the content hash changes with the content', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue(), { maxKeys: 6 }), (object) => {
        const reversed = Object.fromEntries(Object.entries(object).reverse());
        expect(stableJson(reversed)).to.equal(stableJson(object));
      }),
      { numRuns: fuzzRuns(300) },
    );
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 50 }), fc.string({ minLength: 1, maxLength: 50 }), (a, b) => {
        const item = (title: string) => FeedItemDraftSchema.parse({ externalId: 'x', kind: 'news', title: { en: title }, tlp: 'clear' });
        expect(contentHashOf(item(a)) === contentHashOf(item(b))).to.equal(a === b);
      }),
      { numRuns: fuzzRuns(300) },
    );
  });

  it('item JSON is exactly JSON.stringify(item), so stored content hashes stay valid; the stored content is the fields without a column', () => {
    const kev = importKevCatalog({ title: 'KEV', catalogVersion: '1', dateReleased: '2026-01-01T00:00:00Z', count: 1, vulnerabilities: [{ cveID: 'CVE-2023-4966', vendorProject: 'Citrix', product: 'NetScaler ADC', vulnerabilityName: 'Citrix Bleed', dateAdded: '2023-10-18', shortDescription: 'Sensitive information disclosure.', requiredAction: 'Apply updates.', dueDate: '2023-11-08', knownRansomwareCampaignUse: 'Known', notes: '' }] }, { defaultTlp: 'clear' });
    const drafts = [...kev.items, ...importCve5Record(cve5Record(7), { defaultTlp: 'clear' }).items];
    expect(drafts).to.have.length(2);
    for (const draft of drafts) {
      const item = FeedItemDraftSchema.parse(draft);
      const json = itemJson(item);
      expect(json.item).to.equal(JSON.stringify(item));
      const content = JSON.parse(json.content) as Record<string, unknown>;
      expect(Object.keys(content)).to.have.members(FEED_ITEM_CONTENT_KEYS.filter((key) => item[key] !== undefined));
      expect(content.document).to.deep.equal(item.document);
      expect(content).to.not.have.property('title');
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.option(fc.string({ maxLength: 30 }), { nil: undefined }), fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue(), { maxKeys: 4 }), (title, url, document) => {
        const item = FeedItemDraftSchema.parse({ externalId: 'x', kind: 'news', title: { en: title || 'x' }, tlp: 'clear', url: url ? `https://a.example/${encodeURIComponent(url)}` : undefined, document });
        expect(itemJson(item).item).to.equal(JSON.stringify(item));
      }),
      { numRuns: fuzzRuns(300) },
    );
  });
});
