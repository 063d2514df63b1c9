import { expect } from 'chai';
import fc from 'fast-check';
import { FeedError, FeedItemDraftSchema } from '../../../feeds/feed.js';
import { decodeEntities, feedEntryItem, htmlToText, parseFeed } from '../../../feeds/rss/rss.parse.js';
import { readFixture, thrown } from '../../support/feed-sources.js';
import { fuzzRuns } from '../../support/fuzz.js';

describe('feeds/rss: parseFeed (RSS 2.0 and Atom)', () => {
  it('parses BSI-style German RSS: guid as id, text without markup, CVEs from text (typographic dashes too)', () => {
    const feed = parseFeed(readFixture('rss', 'bsi-wid.rss'));
    expect(feed).to.include({ format: 'rss', title: 'CERT-Bund WID Sicherheitshinweise', language: 'de-DE' });
    expect(feed.entries.map((e) => e.id)).to.deep.equal(['WID-SEC-2024-0874', 'WID-SEC-2023-2679', 'https://wid.cert-bund.de/portal/wid/securityadvisory?name=WID-SEC-2024-0001']);
    const [pan, citrix] = feed.entries;
    expect(pan!.summary).to.not.match(/alert|<p>/);
    expect(pan!.cves).to.deep.equal(['CVE-2024-3400']);
    expect(pan!.published?.toISOString()).to.equal('2024-04-12T08:12:33.000Z');
    expect(citrix!.title).to.equal('[mittel] Citrix NetScaler ADC & Gateway: Mehrere Schwachstellen');
    expect(citrix!.link).to.equal('https://wid.cert-bund.de/portal/wid/securityadvisory?name=WID-SEC-2023-2679&version=2');
    expect(citrix!.summary).to.equal('Betroffen: CVE\u20112023\u20114966 und CVE-2023-4967 & weitere.');
    expect(citrix!.cves).to.deep.equal(['CVE-2023-4966', 'CVE-2023-4967']);
    expect(feed.problems).to.have.length(1);
    const item = FeedItemDraftSchema.parse(feedEntryItem(pan!, feed.language, 'clear'));
    expect(item.title.de).to.match(/^\[hoch\] Palo Alto/);
    expect(item).to.include({ kind: 'news', externalId: 'WID-SEC-2024-0874', url: 'https://wid.cert-bund.de/portal/wid/securityadvisory?name=WID-SEC-2024-0874' });
  });

  it('parses Atom: id, alternate link, html title, content fallback', () => {
    const feed = parseFeed(readFixture('rss', 'vendor.atom'));
    expect(feed).to.include({ format: 'atom', title: 'Example Vendor PSIRT', language: 'en' });
    expect(feed.entries[0]).to.deep.include({ id: 'urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a', link: 'https://psirt.vendor.example/advisories/EX-2024-001', cves: ['CVE-2024-50001'] });
    expect(feed.entries[0]!.title).to.equal('EX-2024-001: Stack overflow in Example Router <2.3.1');
    expect(feed.entries[1]).to.deep.include({ summary: 'Fixed in firmware 2.3.0; see CVE-2024-50002.', cves: ['CVE-2024-50002'] });
    expect(feed.entries[1]!.published?.toISOString()).to.equal('2024-11-08T12:00:00.000Z');
    expect(FeedItemDraftSchema.parse(feedEntryItem(feed.entries[0]!, feed.language, 'green')).title.en).to.match(/^EX-2024-001/);
  });

  it('does not expand internal DOCTYPE entities (no billion laughs) and refuses external ones', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaaaaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
      <rss version="2.0"><channel><title>t</title><item><guid>1</guid><title>&c; and &amp;</title></item></channel></rss>`;
    expect(parseFeed(laughs).entries[0]!.title).to.equal('&c; and &');
    const external = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>&x;</title></channel></rss>`;
    expect((thrown(() => parseFeed(external)) as FeedError).code).to.equal('bad_document');
  });

  it('rejects what is not RSS or Atom with bad_document', () => {
    for (const input of ['', 'plain text', '<html><body>x</body></html>', '{"rss":1}']) {
      expect((thrown(() => parseFeed(input)) as FeedError).code, input).to.equal('bad_document');
    }
  });

  it('decodes entities once and strips markup', () => {
    expect(decodeEntities('&lt;a&gt; &#x41;&#66; &bogus; &#xD800;')).to.equal('<a> AB &bogus; &#xD800;');
    expect(htmlToText('<p>a<br>b</p><style>x{}</style><!-- c -->d')).to.equal('a\nb\nd');
  });

  it('never throws anything but a FeedError; items satisfy the contract (fuzzed)', () => {
    const text = fc.oneof(fc.string(), fc.constantFrom('&amp;', '&lt;b&gt;', '<![CDATA[<i>x</i>]]>', 'CVE-2024-1234', '&#0;', '&#x110000;'));
    const tag = (name: string) => text.map((t) => `<${name}>${t}</${name}>`);
    const item = fc.tuple(tag('guid'), tag('title'), tag('link'), tag('description'), tag('pubDate')).map((parts) => `<item>${parts.join('')}</item>`);
    const entry = fc.tuple(tag('id'), tag('title'), tag('summary'), tag('updated')).map((parts) => `<entry>${parts.join('')}<link href="https://x.example/?a=1&amp;b"/></entry>`);
    const rss = fc.array(item, { maxLength: 4 }).map((items) => `<rss version="2.0"><channel><title>t</title>${items.join('')}</channel></rss>`);
    const atom = fc.array(entry, { maxLength: 4 }).map((entries) => `<feed xmlns="http://www.w3.org/2005/Atom">${entries.join('')}</feed>`);
    fc.assert(
      fc.property(fc.oneof(rss, atom, fc.string()), (input) => {
        try {
          const feed = parseFeed(input);
          for (const e of feed.entries) expect(FeedItemDraftSchema.safeParse(feedEntryItem(e, feed.language, 'clear')).success, JSON.stringify(e)).to.equal(true);
        } catch (error) {
          expect(error).to.be.instanceOf(FeedError);
        }
      }),
      { numRuns: fuzzRuns(300) },
    );
  });
});
