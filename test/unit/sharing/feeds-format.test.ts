import { createHash } from 'node:crypto';
import { expect } from 'chai';
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { mispHashes, mispManifest, type MispEvent } from '../../../server/sharing/misp/misp.feed.js';
import { xmlEscape } from '../../../server/sharing/rss/advisory-feeds.js';
import { parseBasicAuthorization } from '../../../server/tokens/basic-auth.js';
import { fuzzRuns } from '../../support/fuzz.js';

// eslint-disable-next-line no-control-regex -- the characters XML 1.0 forbids
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

describe('sharing formats: XML escaping, Basic credentials, MISP hashes', () => {
  it('escapes any text so that the XML stays well-formed and reads back unchanged, minus forbidden characters (fuzz)', () => {
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', trimValues: false, parseTagValue: false, parseAttributeValue: false, processEntities: true, htmlEntities: true });
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const xml = `<?xml version="1.0" encoding="UTF-8"?><r a="${xmlEscape(text)}"><t>${xmlEscape(text)}</t></r>`;
        expect(XMLValidator.validate(xml)).to.equal(true);
        const expected = text.replace(FORBIDDEN, '');
        expect(String(parser.parse(xml).r.t ?? '')).to.equal(expected);
        expect(xmlEscape(text)).to.not.match(/[<>"'\r]|&(?!(amp|lt|gt|quot|apos|#13);)/);
      }),
      { numRuns: fuzzRuns(500) },
    );
    expect(xmlEscape('a<b>&"c"\'\u0001')).to.equal('a&lt;b&gt;&amp;&quot;c&quot;&apos;');
  });

  it('reads user and password of any Basic header without throwing, and nothing from other schemes (fuzz)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }).filter((user) => !user.includes(':')), fc.string({ maxLength: 80 }), fc.string({ maxLength: 120 }), (user, password, garbage) => {
        const header = `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
        // Lone surrogates do not survive UTF-8; what the client could send is the UTF-8 round trip.
        const utf8 = (text: string) => Buffer.from(text, 'utf8').toString('utf8');
        expect(parseBasicAuthorization(header)).to.deep.equal({ user: utf8(user), password: utf8(password) });
        expect(() => parseBasicAuthorization(`Basic ${garbage}`)).to.not.throw();
        expect(parseBasicAuthorization(`Bearer ${garbage}`)).to.equal(undefined);
      }),
      { numRuns: fuzzRuns(500) },
    );
    expect(parseBasicAuthorization(undefined)).to.equal(undefined);
    expect(parseBasicAuthorization(`Basic ${Buffer.from('no-colon').toString('base64')}`)).to.equal('malformed');
    expect(parseBasicAuthorization(`basic ${Buffer.from('a:b:c').toString('base64')}`)).to.deep.equal({ user: 'a', password: 'b:c' });
  });

  it('hashes each part of composite values and keys the manifest by event uuid', () => {
    const event = { uuid: 'e1', info: 'x', date: '2026-01-01', analysis: '2', threat_level_id: '2', timestamp: '1', Orgc: { name: 'CERT', uuid: 'o' }, Tag: [{ name: 'tlp:clear', colour: '#ffffff', exportable: true }], Attribute: [{ value: 'a.example|198.51.100.1' }, { value: 'b.example' }] } as unknown as MispEvent;
    const md5 = (value: string) => createHash('md5').update(value).digest('hex');
    expect(mispHashes([event])).to.equal(`${md5('a.example')},e1\n${md5('198.51.100.1')},e1\n${md5('b.example')},e1\n`);
    expect(mispManifest([event])).to.deep.equal({ e1: { Orgc: { name: 'CERT', uuid: 'o' }, Tag: [{ name: 'tlp:clear', colour: '#ffffff' }], info: 'x', date: '2026-01-01', analysis: '2', threat_level_id: '2', timestamp: '1' } });
  });
});
