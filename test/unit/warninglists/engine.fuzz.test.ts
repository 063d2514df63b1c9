import { expect } from 'chai';
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { createWarninglistEngine, defaultWarninglistEngine, WarninglistSchema, WARNINGLIST_VALUE_TYPES, WARNING_CATEGORIES, organizationWarninglists, personalDataWarninglists } from '../../../server/warninglists/index.js';
import { CidrIndex, parseAddress } from '../../../server/warninglists/cidr-index.js';
import { readBundledWarninglist } from '../../../server/warninglists/bundled.js';
import { fuzzRuns } from '../../support/fuzz.js';

const CATEGORIES = new Set<string>(WARNING_CATEGORIES);
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((parts) => parts.join('.'));
const ipv6 = fc.array(fc.nat(0xffff), { minLength: 8, maxLength: 8 }).map((parts) => parts.map((part) => part.toString(16)).join(':'));

describe('warninglist engine (fuzz)', () => {
  const engine = defaultWarninglistEngine().extend([
    ...organizationWarninglists({ name: 'Stadtwerke Nordthüringen', registeredDomains: ['swnt-energie.de'], emailDomains: [], ipRanges: ['193.174.32.0/24'] }),
    ...personalDataWarninglists({ names: ['Jörg Müller'], emails: ['j.mueller@swnt-energie.de'], phones: ['+49 3631 123456'] }),
  ]);

  it('never throws on any value of any type, and every flag names a list, a category and a reason', () => {
    fc.assert(
      fc.property(fc.constantFrom(...WARNINGLIST_VALUE_TYPES), fc.oneof(fc.string({ maxLength: 300 }), fc.webUrl(), fc.emailAddress(), fc.domain(), ipv4, ipv6), (type, value) => {
        for (const flag of engine.check(type, value)) {
          expect(CATEGORIES.has(flag.category)).to.equal(true);
          expect(flag.list.length).to.be.greaterThan(0);
          expect(flag.reason.de.length).to.be.greaterThan(0);
        }
      }),
      { numRuns: fuzzRuns(300) },
    );
  });

  it('never throws on any MISP attribute type and value', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom('ip-dst', 'ip-src|port', 'domain|ip', 'filename|md5', 'malware-sample', 'url', 'email-src', 'phone-number', 'hostname|port'), fc.string({ maxLength: 30 })), fc.string({ maxLength: 200 }), (type, value) => {
        expect(() => engine.checkMispAttribute(type, value)).to.not.throw();
      }),
      { numRuns: fuzzRuns(300) },
    );
  });

  it('agrees with ipaddr.js range matching on every bundled CIDR list of special-purpose addresses', () => {
    const blocks = ['rfc1918', 'rfc5735', 'rfc6598', 'multicast'].flatMap((id) => readBundledWarninglist(id).list.list);
    const index = new CidrIndex(blocks);
    const parsed = blocks.map((block) => ipaddr.parseCIDR(block));
    fc.assert(
      fc.property(ipv4, (address) => {
        const expected = parsed.some((range) => ipaddr.parse(address).match(range));
        expect(index.lookup(parseAddress(address)!) !== undefined, address).to.equal(expected);
      }),
      { numRuns: fuzzRuns(1000) },
    );
  });

  it('finds any address inside any random IPv6 block and none just outside it', () => {
    fc.assert(
      fc.property(ipv6, fc.integer({ min: 8, max: 127 }), (address, bits) => {
        const network = ipaddr.IPv6.networkAddressFromCIDR(`${address}/${bits}`).toString();
        const index = new CidrIndex([`${network}/${bits}`]);
        expect(index.lookup(parseAddress(address)!)).to.equal(`${network}/${bits}`);
        const broadcast = ipaddr.IPv6.broadcastAddressFromCIDR(`${address}/${bits}`).toByteArray();
        const after = [...broadcast];
        for (let i = 15; i >= 0; i--) { if (after[i]! < 255) { after[i]! += 1; break; } after[i] = 0; }
        if (after.some((byte, i) => byte !== 0 || i === 15)) {
          const outside = ipaddr.fromByteArray(after).toString();
          if (ipaddr.parse(outside).match(ipaddr.parseCIDR(`${network}/${bits}`))) return;
          expect(index.lookup(parseAddress(outside)!)).to.equal(undefined);
        }
      }),
      { numRuns: fuzzRuns(500) },
    );
  });

  it('compiles any list the schema accepts without throwing, and checks values against it', () => {
    const list = fc.record({
      name: fc.string({ minLength: 1, maxLength: 50 }),
      description: fc.string({ maxLength: 50 }),
      version: fc.integer(),
      type: fc.constantFrom('string', 'substring', 'hostname', 'cidr', 'regex'),
      matching_attributes: fc.option(fc.array(fc.constantFrom('ip-dst', 'domain', 'url', 'md5', 'email-src'), { minLength: 1 }), { nil: undefined }),
      list: fc.array(fc.oneof(fc.string({ maxLength: 40 }), ipv4.map((ip) => `${ip}/${ip.length % 33}`), fc.domain()), { maxLength: 30 }),
    });
    fc.assert(
      fc.property(list, fc.constantFrom(...WARNINGLIST_VALUE_TYPES), fc.string({ maxLength: 60 }), (raw, type, value) => {
        const parsed = WarninglistSchema.safeParse(raw);
        if (!parsed.success) return;
        const custom = createWarninglistEngine([{ id: 'fuzz', category: 'benign-service', source: 'misp', list: parsed.data }]);
        expect(() => custom.check(type, value)).to.not.throw();
      }),
      { numRuns: fuzzRuns(300) },
    );
  });

  it('rejects anything that is not a warninglist in MISP format', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const parsed = WarninglistSchema.safeParse(value);
        if (parsed.success) expect(parsed.data.list).to.be.an('array');
      }),
      { numRuns: fuzzRuns(300) },
    );
  });
});
