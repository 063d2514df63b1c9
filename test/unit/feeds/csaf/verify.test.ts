import { expect } from 'chai';
import { createHash } from 'node:crypto';
import * as openpgp from 'openpgp';
import { parseChangesCsv, parseIndexTxt, parseRolieFeed } from '../../../../feeds/csaf/csaf.distribution.js';
import { csafUrlsFromSecurityTxt } from '../../../../feeds/csaf/csaf.discovery.js';
import { authorizationHeader } from '../../../../feeds/csaf/csaf.client.js';
import { mandatoryTest_6_1_21, mandatoryTest_6_1_26_values } from '../../../../feeds/csaf/csaf.mandatory-fixes.js';
import { CsafVerificationError, parseHashFile, readProviderKeys, validateCsafDocument, verifyHash, verifySignature } from '../../../../feeds/csaf/csaf.verify.js';
import { FeedError } from '../../../../feeds/feed.js';
import { buildCsafDocument } from '../../../support/csaf-provider-fixture.js';

const DIR = 'https://csaf.example.test/.well-known/csaf/white/';

describe('feeds/csaf: listings, hashes, signatures, validator', () => {
  describe('listings', () => {
    it('parses changes.csv (quoted, newest first, CRLF) relative to the directory', () => {
      const refs = parseChangesCsv('"2026/b.json","2026-02-02T10:00:00Z"\r\n"2025/a.json","2025-12-31T23:59:59.123+01:00"\r\n', DIR.slice(0, -1), 'dir');
      expect(refs).to.deep.equal([
        { url: `${DIR}2026/b.json`, changed: Date.parse('2026-02-02T10:00:00Z'), distribution: 'dir' },
        { url: `${DIR}2025/a.json`, changed: Date.parse('2025-12-31T22:59:59.123Z'), distribution: 'dir' },
      ]);
      expect(() => parseChangesCsv('"2026/b.json","gestern"\n', DIR, 'dir')).to.throw(FeedError, 'changes.csv line 1 is not "path","date"');
      expect(() => parseChangesCsv('"unterminated,\n', DIR, 'dir')).to.throw(FeedError, /changes\.csv is not CSV/);
    });

    it('parses index.txt, ignoring blank lines and non-JSON entries', () => {
      expect(parseIndexTxt('2026/a.json\n\n2026/a.json.sha256\n 2025/b.json \n', DIR, 'dir').map((r) => r.url)).to.deep.equal([`${DIR}2026/a.json`, `${DIR}2025/b.json`]);
    });

    it('parses ROLIE entries with content src, hash and signature links', () => {
      const feed = {
        feed: {
          id: 'x',
          entry: [
            {
              id: 'A',
              updated: '2026-02-01T10:00:00Z',
              link: [{ rel: 'self', href: `${DIR}2026/a.json` }, { rel: 'hash', href: `${DIR}2026/a.json.sha256` }, { rel: 'hash', href: `${DIR}2026/a.json.sha512` }, { rel: 'signature', href: `${DIR}2026/a.json.asc` }],
              content: { type: 'application/json', src: `${DIR}2026/a.json` },
            },
            { id: 'B', updated: '2026-02-02T10:00:00Z', link: [{ rel: 'self', href: 'javascript:alert(1)' }] },
          ],
        },
      };
      expect(parseRolieFeed(feed, `${DIR}feed.json`, 'clear', 'rolie')).to.deep.equal([
        { url: `${DIR}2026/a.json`, changed: Date.parse('2026-02-01T10:00:00Z'), hashes: { sha256: `${DIR}2026/a.json.sha256`, sha512: `${DIR}2026/a.json.sha512` }, signature: `${DIR}2026/a.json.asc`, tlp: 'clear', distribution: 'rolie' },
      ]);
      expect(() => parseRolieFeed({ entries: [] }, `${DIR}feed.json`, undefined, 'rolie')).to.throw(FeedError, /^Not a ROLIE feed/);
    });

    it('reads CSAF fields from security.txt and builds Authorization headers', () => {
      expect(csafUrlsFromSecurityTxt('Contact: mailto:x@example.test\nCSAF: https://example.test/.well-known/csaf/provider-metadata.json\ncsaf: ftp://nope\n')).to.deep.equal(['https://example.test/.well-known/csaf/provider-metadata.json']);
      expect(authorizationHeader({ token: 't0k' })).to.equal('Bearer t0k');
      expect(authorizationHeader({ username: 'cert', password: 'geheim' })).to.equal(`Basic ${Buffer.from('cert:geheim').toString('base64')}`);
      expect(authorizationHeader({})).to.equal(undefined);
    });
  });

  describe('hashes and signatures', () => {
    const body = new TextEncoder().encode('{"document":{}}');

    it('checks sha256/sha512 files in sha256sum format', () => {
      const digest = createHash('sha512').update(body).digest('hex');
      expect(parseHashFile(`${digest.toUpperCase()}  a.json\n`, 'sha512')).to.equal(digest);
      verifyHash(body, `${digest}  a.json`, 'sha512');
      expect(() => verifyHash(body, `${'0'.repeat(128)}  a.json`, 'sha512')).to.throw(CsafVerificationError, /^sha512 mismatch/);
      expect(() => verifyHash(body, 'not a hash', 'sha256')).to.throw(CsafVerificationError, 'The sha256 file does not start with a 64-digit hex digest');
    });

    it('verifies detached signatures only with keys whose fingerprint the metadata states', async function () {
      this.timeout(20_000);
      const { privateKey, publicKey } = await openpgp.generateKey({ type: 'curve25519', userIDs: [{ name: 'Test' }], format: 'object' });
      const other = await openpgp.generateKey({ type: 'curve25519', userIDs: [{ name: 'Other' }], format: 'object' });
      const signature = await openpgp.sign({ message: await openpgp.createMessage({ binary: body }), signingKeys: privateKey, detached: true });
      const keys = await readProviderKeys(publicKey.armor(), publicKey.getFingerprint().toUpperCase().replace(/(.{4})/g, '$1 '));
      expect(keys).to.have.length(1);
      await verifySignature(body, signature, keys);
      const tampered = new TextEncoder().encode('{"document":{"x":1}}');
      const failure = async (promise: Promise<unknown>): Promise<Error> => promise.then(() => expect.fail('expected a rejection'), (error: Error) => error);
      expect((await failure(verifySignature(tampered, signature, keys))).message).to.match(/^Bad OpenPGP signature/);
      const otherKeys = await readProviderKeys(other.publicKey.armor(), other.publicKey.getFingerprint());
      expect((await failure(verifySignature(body, signature, otherKeys))).message).to.match(/^Bad OpenPGP signature/);
      expect((await failure(readProviderKeys(publicKey.armor(), other.publicKey.getFingerprint()))).message).to.match(/^Key fingerprint mismatch/);
      expect((await failure(readProviderKeys('garbage', undefined))).message).to.match(/^Not an OpenPGP public key/);
      expect((await failure(verifySignature(body, 'garbage', keys))).message).to.match(/^Unreadable OpenPGP signature/);
    });
  });

  describe('validator', () => {
    it('accepts a valid document and names the failing mandatory test of an invalid one', async () => {
      const doc = buildCsafDocument({ id: 'TEST-1', version: 1, title: 'T', released: '2026-02-01T10:00:00.000Z' });
      expect(await validateCsafDocument(doc)).to.deep.equal({ valid: true, failures: [] });
      const invalid = await validateCsafDocument(buildCsafDocument({ id: 'TEST-1', version: 1, title: 'T', released: '2026-02-01T10:00:00.000Z', invalid: true }));
      expect(invalid.valid).to.equal(false);
      expect(invalid.failures.map((f) => f.test)).to.deep.equal(['mandatoryTest_6_1_1']);
      expect((await validateCsafDocument(null)).valid).to.equal(false);
    });

    it('orders revisions with the same date by number (6.1.21) and rejects disguised profile values (6.1.26)', () => {
      const history = (...items: [string, string][]): unknown => ({ document: { tracking: { revision_history: items.map(([number, date]) => ({ number, date })) } } });
      expect(mandatoryTest_6_1_21(history(['2', '2026-01-01T00:00:00Z'], ['1', '2026-01-01T00:00:00Z'])).isValid).to.equal(true);
      expect(mandatoryTest_6_1_21(history(['2', '2026-01-01T00:00:00Z'], ['3', '2026-01-02T00:00:00Z'])).errors[0]!.message).to.match(/does not start with a version of 0 or 1/);
      expect(mandatoryTest_6_1_21(history(['1', '2026-01-01T00:00:00Z'], ['3', '2026-01-02T00:00:00Z'])).errors[0]!.message).to.equal('major version 2 was omitted');
      const category = (value: string): boolean => mandatoryTest_6_1_26_values({ document: { category: value } }).isValid;
      expect(['csafsecurityadvisory', 'CSAF-VEX', 'csaf informational advisory'].map(category)).to.deep.equal([false, false, false]);
      expect(['csaf_security_advisory', 'csaf_base', 'Veröffentlichung'].map(category)).to.deep.equal([true, true, true]);
    });
  });
});
