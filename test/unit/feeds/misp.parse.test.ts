import { expect } from 'chai';
import fc from 'fast-check';
import { FeedError, FeedItemDraftSchema } from '../../../feeds/feed.js';
import { attributeCandidates, mispValueHashes, parseMispEvent, parseMispHashes, parseMispManifest, tlpFromMispTags } from '../../../feeds/misp/misp.parse.js';
import { parseStixObject } from '../../../server/stix/index.js';
import { validatePattern } from '../../../server/stix/pattern/index.js';
import { TLP2_MARKING_IDS } from '../../../server/stix/tlp.js';
import { readFixture, thrown } from '../../support/feed-sources.js';
import { fuzzRuns } from '../../support/fuzz.js';

const EVENT_1 = '7d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const EVENT_2 = '9e0f1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b';

describe('feeds/misp: manifest, hashes.csv and events → STIX 2.1', () => {
  it('maps an event to indicators with valid patterns, SCOs, an identity and a report, marked with its TLP', () => {
    const result = parseMispEvent(readFixture('misp', `${EVENT_1}.json`), { defaultTlp: 'clear', url: 'https://misp.example/feed/x.json' });
    expect(result.tlp).to.equal('amber');
    expect(result.problems).to.deep.equal([]);
    const byType = (type: string) => result.stixObjects.filter((o) => o.type === type);
    const indicators = byType('indicator');
    expect(indicators.map((i) => i.pattern)).to.deep.equal([
      "[ipv4-addr:value = '198.51.100.23']",
      "[domain-name:value = 'login-thueringen.example']",
      "[file:hashes.MD5 = '44d88612fea8a8f36de82e1278abb02f']",
      "[ipv4-addr:value = '203.0.113.99']",
      "[file:name = 'Rechnung_2025.pdf.exe']",
      "[file:hashes.'SHA-256' = '275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f']",
    ]);
    expect(indicators[0]!.id).to.equal('indicator--0b9a8c7d-6e5f-4d3c-8b2a-1c0d9e8f7a6b');
    expect(indicators[0]!.object_marking_refs).to.deep.equal([TLP2_MARKING_IDS.amber]);
    // An attribute tagged tlp:red is stricter than its amber event.
    expect(indicators[3]!.object_marking_refs).to.deep.equal([TLP2_MARKING_IDS.red]);
    for (const object of result.stixObjects) {
      expect(parseStixObject(object, { mode: 'strict' }).success, String(object.id)).to.equal(true);
      if (object.type === 'indicator') expect(validatePattern(String(object.pattern)).ok).to.equal(true);
    }
    const [report] = byType('report');
    expect(report).to.include({ id: `report--${EVENT_1}`, published: '2025-06-02T00:00:00.000Z' });
    expect((report!.object_refs as string[]).length).to.equal(indicators.length + byType('ipv4-addr').length + byType('domain-name').length + byType('file').length);
    expect(report!.labels).to.deep.equal(['misp-galaxy:threat-actor="Example"']);
    expect(byType('identity')[0]).to.include({ name: 'CERT-Thüringen Test', identity_class: 'organization' });
    expect(byType('marking-definition').map((m) => m.id)).to.deep.equal([TLP2_MARKING_IDS.amber]);

    const item = FeedItemDraftSchema.parse(result.item);
    expect(item).to.include({ externalId: EVENT_1, kind: 'indicators', tlp: 'amber', revision: '1748880000' });
    expect(item.cves).to.deep.equal(['CVE-2023-4966']);
    expect(item.references).to.deep.equal(['https://www.cert.example/reports/phishing-2025']);
    expect(item.stixObjectIds).to.include(`report--${EVENT_1}`).and.to.include(indicators[0]!.id);
    expect(item.stixObjectIds.some((id) => id.startsWith('marking-definition--'))).to.equal(false);
    expect(result.skipped).to.equal(2); // link and text carry context, not observables
  });

  it('handles composite and IPv6 attributes and keeps non-IDS values as observables only', () => {
    const result = parseMispEvent(readFixture('misp', `${EVENT_2}.json`), { defaultTlp: 'clear' });
    expect(result.tlp).to.equal('green');
    const patterns = result.stixObjects.filter((o) => o.type === 'indicator').map((o) => o.pattern);
    expect(patterns).to.deep.equal(["[url:value = 'https://download.bank-update.example/setup.exe']", "[file:hashes.MD5 = 'e99a18c428cb38d5f260853678922e03']", "[ipv6-addr:value = '2001:db8::66']"]);
    expect(result.stixObjects.some((o) => o.type === 'email-addr' && o.value === 'service@bank-update.example')).to.equal(true);
  });

  it('reads TLP from tags (most restrictive wins, tlp:white is clear) and falls back to the default', () => {
    expect(tlpFromMispTags([{ name: 'tlp:white' }])).to.equal('clear');
    expect(tlpFromMispTags([{ name: 'TLP:GREEN' }, { name: 'tlp:amber+strict' }])).to.equal('amber+strict');
    expect(tlpFromMispTags([{ name: 'PAP:RED' }])).to.equal(undefined);
    const event = JSON.parse(readFixture('misp', `${EVENT_2}.json`).toString()) as { Event: { Tag: unknown[] } };
    event.Event.Tag = [];
    expect(parseMispEvent(event, { defaultTlp: 'amber' }).item.tlp).to.equal('amber');
  });

  it('reports invalid attributes as problems and rejects an invalid event', () => {
    const event = JSON.parse(readFixture('misp', `${EVENT_2}.json`).toString()) as { Event: { Attribute: unknown[] } };
    event.Event.Attribute.push({ uuid: 'nope', type: 'ip-dst', value: '1.2.3.4' });
    const result = parseMispEvent(event, { defaultTlp: 'clear' });
    expect(result.problems).to.have.length(1);
    expect(result.problems[0]!.ref).to.equal(`${EVENT_2}/Attribute[4]`);
    for (const input of ['{', '{"Event":{}}', JSON.stringify({ Event: { uuid: EVENT_2, info: 'x', date: '2025-13', timestamp: '1' } })]) {
      expect((thrown(() => parseMispEvent(input, { defaultTlp: 'clear' })) as FeedError).code).to.equal('bad_document');
    }
  });

  it('maps only values that validate (no pattern for a bad IP or a short hash)', () => {
    expect(attributeCandidates('ip-dst', '999.1.1.1')).to.deep.equal([]);
    expect(attributeCandidates('sha256', 'abc')).to.deep.equal([]);
    expect(attributeCandidates('domain|ip', 'evil.example|192.0.2.1').map((c) => c.pattern)).to.deep.equal(["[domain-name:value = 'evil.example']", "[ipv4-addr:value = '192.0.2.1']"]);
    expect(attributeCandidates('sha512', 'a'.repeat(128))[0]!.pattern).to.equal(`[file:hashes.'SHA-512' = '${'a'.repeat(128)}']`);
    expect(attributeCandidates('filename', "it's.exe")[0]!.pattern).to.equal("[file:name = 'it\\'s.exe']");
  });

  it('parses manifest.json and hashes.csv; hashes match MISP (md5 of each composite part)', () => {
    const manifest = parseMispManifest(readFixture('misp', 'manifest.json'));
    expect([...manifest.events.keys()]).to.deep.equal([EVENT_1, EVENT_2]);
    expect(manifest.events.get(EVENT_1)!.timestamp).to.equal(1748880000);
    const bad = parseMispManifest({ 'not-a-uuid': { timestamp: 1 }, [EVENT_1]: { timestamp: 'x' } });
    expect(bad.problems.map((p) => p.ref)).to.deep.equal(['not-a-uuid', EVENT_1]);
    expect((thrown(() => parseMispManifest('[1,2]')) as FeedError).code).to.equal('bad_document');

    const { hashes, problems } = parseMispHashes(readFixture('misp', 'hashes.csv'));
    expect(problems).to.deep.equal([]);
    for (const hash of mispValueHashes('setup.exe|e99a18c428cb38d5f260853678922e03')) expect(hashes.get(EVENT_2)!.has(hash)).to.equal(true);
    expect(parseMispHashes('zz,1\n').problems).to.have.length(1);
  });

  it('never throws anything but a FeedError; every object it emits is strict STIX (fuzzed)', () => {
    const types = fc.constantFrom('ip-src', 'ip-dst', 'ip-dst|port', 'domain', 'hostname', 'domain|ip', 'url', 'email-src', 'md5', 'sha1', 'sha256', 'sha512', 'filename', 'filename|sha256', 'text', 'link', 'vulnerability');
    const value = fc.oneof(fc.string(), fc.constantFrom('198.51.100.1', '2001:db8::1', 'evil.example', 'https://x.example/a', 'a@b.example', 'd41d8cd98f00b204e9800998ecf8427e', "o'neil.exe|d41d8cd98f00b204e9800998ecf8427e", 'CVE-2024-1234'));
    const uuid = fc.oneof(fc.uuid(), fc.string());
    const attribute = fc.record({ uuid, type: types, value, to_ids: fc.boolean(), timestamp: fc.oneof(fc.integer({ min: 0, max: 4_000_000_000 }), fc.string()), Tag: fc.array(fc.record({ name: fc.constantFrom('tlp:red', 'tlp:white', 'x') }), { maxLength: 2 }) }, { requiredKeys: ['uuid', 'type', 'value'] });
    const event = fc.record({
      Event: fc.record({ uuid: fc.uuid(), info: fc.string(), date: fc.constantFrom('2025-01-01', '2025-1-1'), timestamp: fc.oneof(fc.integer({ min: 0, max: 4_000_000_000 }), fc.string()), Tag: fc.array(fc.record({ name: fc.constantFrom('tlp:amber', 'tlp:clear', 'tlp:amber+strict', 'osint') }), { maxLength: 3 }), Attribute: fc.array(fc.oneof(attribute, fc.anything()), { maxLength: 8 }), Orgc: fc.record({ name: fc.string(), uuid: fc.uuid() }) }, { requiredKeys: ['uuid', 'info', 'date', 'timestamp'] }),
    });
    fc.assert(
      fc.property(fc.oneof(event, fc.string(), fc.json()), (input) => {
        try {
          const result = parseMispEvent(input, { defaultTlp: 'green' });
          expect(FeedItemDraftSchema.safeParse(result.item).success).to.equal(true);
          for (const object of result.stixObjects) expect(parseStixObject(object, { mode: 'strict' }).success, JSON.stringify(object)).to.equal(true);
        } catch (error) {
          expect(error).to.be.instanceOf(FeedError);
        }
      }),
      { numRuns: fuzzRuns(200) },
    );
  });
});
