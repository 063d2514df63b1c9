import { expect } from 'chai';
import fc from 'fast-check';
import { FeedError } from '../../../feeds/feed.js';
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
});
