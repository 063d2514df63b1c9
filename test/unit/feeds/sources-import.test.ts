import { expect } from 'chai';
import { FEED_TYPES, FeedError, FeedItemDraftSchema } from '../../../feeds/feed.js';
import { importCve5Record, importKevCatalog, importMispEvents, SOURCE_ADAPTERS } from '../../../feeds/sources.js';
import { readFixture, thrown } from '../../support/feed-sources.js';

const json = (type: string, name: string): unknown => JSON.parse(readFixture(type, name).toString());

describe('feeds/sources: adapter map and file import functions', () => {
  it('registers one adapter per non-CSAF source type, each under its own type', () => {
    expect(Object.keys(SOURCE_ADAPTERS).sort()).to.deep.equal(FEED_TYPES.filter((t) => t !== 'csaf-provider').sort());
    for (const [type, adapter] of Object.entries(SOURCE_ADAPTERS)) {
      expect(adapter.type).to.equal(type);
      expect(adapter.optionsSchema.safeParse({}).success, type).to.equal(true);
    }
  });

  it('imports a KEV catalog (every entry an item), a CVE 5 record and MISP events', () => {
    const kev = importKevCatalog(json('cisa-kev', 'kev-2024.04.15.json'), { defaultTlp: 'clear' });
    expect(kev.items.map((i) => i.externalId)).to.deep.equal(['CVE-2024-21762', 'CVE-2024-3400', 'CVE-2023-4966', 'CVE-2021-44228']);
    expect(kev.enrichments).to.have.length(4);
    const cve = importCve5Record(json('nvd', 'CVE-2024-50001.cve5.json'), { defaultTlp: 'green' });
    expect(cve.items.map((i) => [i.externalId, i.tlp])).to.deep.equal([['CVE-2024-50001', 'green']]);
    expect(importCve5Record(json('nvd', 'CVE-2024-9999.cve5.json'), { defaultTlp: 'clear' }).items).to.deep.equal([]);
    const single = importMispEvents(json('misp', '9e0f1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b.json'), { defaultTlp: 'clear' });
    expect(single.items).to.have.length(1);
    const search = importMispEvents({ response: [json('misp', '7d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d.json'), { Event: { uuid: 'broken' } }] }, { defaultTlp: 'clear' });
    expect(search.items.map((i) => i.kind)).to.deep.equal(['indicators']);
    expect(search.problems.map((p) => p.ref)).to.deep.equal(['response[1]']);
    for (const item of [...kev.items, ...cve.items, ...single.items]) expect(FeedItemDraftSchema.safeParse(item).success).to.equal(true);
    expect(thrown(() => importMispEvents({ Event: {} }, { defaultTlp: 'clear' }))).to.be.instanceOf(FeedError);
  });
});
