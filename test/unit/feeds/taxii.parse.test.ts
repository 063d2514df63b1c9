import { expect } from 'chai';
import fc from 'fast-check';
import { FeedError, FeedItemDraftSchema } from '../../../feeds/feed.js';
import { MAX_INDICATORS_PER_ITEM, stixIndicatorItems } from '../../../feeds/stix-items.js';
import { parseTaxiiApiRoot, parseTaxiiCollections, parseTaxiiDiscovery, parseTaxiiEnvelope, supportsTaxii21 } from '../../../feeds/taxii/taxii.parse.js';
import { readFixture, thrown } from '../../support/feed-sources.js';
import { fuzzRuns } from '../../support/fuzz.js';

type Stored = { date_added: string; object: Record<string, unknown> };

describe('feeds/taxii: TAXII 2.1 resources and envelopes', () => {
  const collection = JSON.parse(readFixture('taxii', 'collection.json').toString()) as { objects: Stored[] };

  it('keeps valid STIX objects with their markings and reports invalid ones by id', () => {
    const envelope = parseTaxiiEnvelope(JSON.stringify({ more: true, next: 'abc', objects: collection.objects.map((o) => o.object) }));
    expect(envelope.more).to.equal(true);
    expect(envelope.next).to.equal('abc');
    expect(envelope.objects.map((o) => o.id)).to.deep.equal(collection.objects.slice(0, 5).map((o) => o.object.id));
    expect(envelope.objects[2]!.object_marking_refs).to.deep.equal(['marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421']);
    expect(envelope.problems).to.have.length(1);
    expect(envelope.problems[0]!.ref).to.equal('indicator--0f6cbb0b-24de-4b5e-9c5b-8c4bfb0a0001');
  });

  it('treats an empty envelope as the end and rejects non-envelopes', () => {
    expect(parseTaxiiEnvelope('{}')).to.deep.equal({ more: false, next: undefined, objects: [], problems: [] });
    for (const input of ['[]', '{"more":"yes"}', '{"objects":{}}', 'garbage']) {
      expect((thrown(() => parseTaxiiEnvelope(input)) as FeedError).code).to.equal('bad_document');
    }
  });

  it('parses discovery, API root and collections; checks for TAXII 2.1', () => {
    const discovery = parseTaxiiDiscovery({ title: 'T', default: 'https://t.example/api1/', api_roots: ['https://t.example/api1/'] });
    expect(discovery.default).to.equal('https://t.example/api1/');
    const root = parseTaxiiApiRoot({ title: 'R', versions: ['application/taxii+json; version=2.1'], max_content_length: 1000 });
    expect(supportsTaxii21(root)).to.equal(true);
    expect(supportsTaxii21(parseTaxiiApiRoot({ title: 'R', versions: ['application/vnd.oasis.taxii+json; version=2.0'], max_content_length: 1 }))).to.equal(false);
    expect(parseTaxiiCollections({ collections: [{ id: 'c1', title: 'C', can_read: true, can_write: false }] })[0]!.id).to.equal('c1');
    expect(parseTaxiiCollections({})).to.deep.equal([]);
    expect((thrown(() => parseTaxiiApiRoot({ title: 'R' })) as FeedError).code).to.equal('bad_document');
  });

  it('never throws anything but a FeedError on any input (fuzzed)', () => {
    const objects = fc.array(fc.oneof(fc.anything(), fc.constantFrom(...collection.objects.map((o) => o.object))), { maxLength: 6 });
    const envelope = fc.record({ more: fc.oneof(fc.boolean(), fc.string()), next: fc.string(), objects }, { requiredKeys: [] });
    fc.assert(
      fc.property(fc.oneof(envelope, fc.json(), fc.string()), (input) => {
        for (const parse of [parseTaxiiEnvelope, parseTaxiiDiscovery, parseTaxiiApiRoot, parseTaxiiCollections]) {
          try {
            parse(input);
          } catch (error) {
            expect(error).to.be.instanceOf(FeedError);
          }
        }
      }),
      { numRuns: fuzzRuns(300) },
    );
  });

  it('turns a collection\'s indicators into inbox items: one per report that refers to them, one for the rest', () => {
    const objects = collection.objects.map((o) => o.object);
    const origin = { kind: 'taxii-collection', id: 'c1', title: 'Partner' } as const;
    const items = stixIndicatorItems(objects, { defaultTlp: 'amber', origin });
    const indicators = objects.filter((o) => o.type === 'indicator').map((o) => o.id);
    expect(items.flatMap((item) => item.stixObjectIds ?? []).filter((id) => id.startsWith('indicator--')).sort()).to.deep.equal([...indicators].sort());
    for (const item of items) expect(FeedItemDraftSchema.safeParse(item).success, JSON.stringify(item)).to.equal(true);
    // Same delivery, same item; another delivery, another one.
    expect(stixIndicatorItems(objects, { defaultTlp: 'amber', origin }).map((item) => item.externalId)).to.deep.equal(items.map((item) => item.externalId));
    expect(stixIndicatorItems(objects.filter((o) => o.id !== indicators[0]), { defaultTlp: 'amber', origin }).map((item) => item.externalId)).to.not.deep.equal(items.map((item) => item.externalId));
    expect(stixIndicatorItems([], { defaultTlp: 'amber', origin })).to.deep.equal([]);

    const many = Array.from({ length: MAX_INDICATORS_PER_ITEM + 1 }, (_, n) => ({ type: 'indicator', id: `indicator--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, pattern: "[ipv4-addr:value = '10.0.0.1']" }));
    const split = stixIndicatorItems(many, { defaultTlp: 'clear', origin: { kind: 'bundle', id: 'bundle--1', fileName: 'b.json' } });
    expect(split.map((item) => item.stixObjectIds!.length)).to.deep.equal([MAX_INDICATORS_PER_ITEM, 1]);
    expect(new Set(split.map((item) => item.externalId)).size).to.equal(2);
    expect(split[0]!.tlp).to.equal('clear');
  });

  it('builds only valid item drafts from any objects (fuzzed)', () => {
    const stixLike = fc.record(
      {
        type: fc.constantFrom('indicator', 'report', 'grouping', 'vulnerability', 'identity'),
        id: fc.oneof(fc.constantFrom('indicator--a', 'indicator--b', 'report--r', 'vulnerability--v'), fc.string({ maxLength: 600 })),
        name: fc.oneof(fc.string({ maxLength: 700 }), fc.constant('CVE-2024-1234'), fc.anything()),
        description: fc.anything(),
        modified: fc.oneof(fc.constant('2025-06-01T10:00:00.000Z'), fc.string(), fc.anything()),
        published: fc.oneof(fc.constant('2025-06-01T10:00:00.000Z'), fc.string()),
        object_refs: fc.oneof(fc.array(fc.oneof(fc.constantFrom('indicator--a', 'indicator--b', 'vulnerability--v'), fc.anything()), { maxLength: 5 }), fc.anything()),
        object_marking_refs: fc.oneof(fc.array(fc.oneof(fc.constantFrom('marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421', 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82'), fc.anything()), { maxLength: 3 }), fc.anything()),
      },
      { requiredKeys: ['type', 'id'] },
    );
    const origin = fc.oneof(
      fc.record({ kind: fc.constant('taxii-collection' as const), id: fc.string({ maxLength: 300 }), title: fc.string({ maxLength: 1000 }) }),
      fc.record({ kind: fc.constant('bundle' as const), id: fc.option(fc.string({ maxLength: 600 }), { nil: undefined }), fileName: fc.string({ maxLength: 300 }) }),
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(stixLike, fc.anything()), { maxLength: 12 }), origin, (objects, from) => {
        for (const item of stixIndicatorItems(objects, { defaultTlp: 'green', origin: from })) {
          const parsed = FeedItemDraftSchema.safeParse(item);
          expect(parsed.success, JSON.stringify(parsed.error?.issues)).to.equal(true);
        }
      }),
      { numRuns: fuzzRuns(300) },
    );
  });
});
