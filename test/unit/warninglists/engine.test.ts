import { expect } from 'chai';
import { createWarninglistEngine, defaultWarninglistEngine, organizationWarninglists, personalDataWarninglists, nameVariants, normalizePhone, BUNDLED_WARNINGLISTS } from '../../../server/warninglists/index.js';
import { compilePcre } from '../../../server/warninglists/matchers.js';

const EICAR_SHA256 = '275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f';
const EICAR_MD5 = '44d88612fea8a8f36de82e1278abb02f';
const EMPTY_SHA1 = 'da39a3ee5e6b4b0d3255bfef95601890afd80709';

const swnt = organizationWarninglists({ name: 'Stadtwerke Nordthüringen', shortName: 'SWNT', registeredDomains: ['swnt-energie.de'], emailDomains: ['Swnt-Energie.DE'], ipRanges: ['193.174.32.0/24', '2a02:8070::/32'] });
const people = personalDataWarninglists({ names: ['Jörg Müller'], emails: ['J.Mueller@swnt-energie.de'], phones: ['+49 3631 123456'] });

function lists(flags: { list: string }[]) {
  return flags.map((flag) => flag.list);
}

describe('warninglist engine', () => {
  const engine = defaultWarninglistEngine().extend([...swnt, ...people]);

  it('loads every bundled list of the catalog without unusable entries', () => {
    const loaded = defaultWarninglistEngine().lists;
    expect(loaded.map((list) => list.id)).to.have.members([...Object.keys(BUNDLED_WARNINGLISTS), 'internal-names', 'public-dns-v4-major']);
    expect(loaded.filter((list) => list.skipped > 0)).to.deep.equal([]);
    expect(loaded.every((list) => list.entries > 0)).to.equal(true);
  });

  it('flags the major public IPv4 resolvers as benign services (not C2 servers), and not their neighbours', () => {
    expect(engine.check('ipv4', '8.8.8.8').find((flag) => flag.list === 'public-dns-v4-major')).to.include({ category: 'benign-service', source: 'lagebild' });
    expect(lists(engine.checkMispAttribute('ip-dst|port', '1.1.1.1|53'))).to.include('public-dns-v4-major');
    expect(lists(engine.check('ipv4', '8.8.8.9'))).to.not.include('public-dns-v4-major');
  });

  it('flags private, link-local and documentation addresses as special-purpose with the matching block', () => {
    const flags = engine.check('ipv4', '10.20.30.40');
    expect(flags.find((flag) => flag.list === 'rfc1918')).to.include({ category: 'special-purpose', matched: '10.0.0.0/8', source: 'misp' });
    expect(flags[0]!.reason.de).to.match(/^Privater Adressbereich/);
    expect(lists(engine.check('ipv4', '100.64.1.1'))).to.include('rfc6598');
    expect(lists(engine.check('ipv6', 'fe80::1'))).to.include('ipv6-linklocal');
    expect(lists(engine.check('ipv6', '2001:db8::5'))).to.include('rfc3849');
    expect(lists(engine.check('ipv4', '239.1.2.3'))).to.include('multicast');
    expect(lists(engine.check('ipv6', '::ffff:192.168.1.1')), 'IPv4-mapped IPv6').to.include('rfc1918');
  });

  it('leaves a public C2 address unflagged, and flags the boundaries of a block exactly', () => {
    expect(engine.check('ipv4', '185.220.101.47')).to.deep.equal([]);
    expect(lists(engine.check('ipv4', '172.16.0.0'))).to.include('rfc1918');
    expect(lists(engine.check('ipv4', '172.31.255.255'))).to.include('rfc1918');
    expect(lists(engine.check('ipv4', '172.32.0.0'))).to.not.include('rfc1918');
  });

  it('flags the EICAR and empty-file hashes in any case', () => {
    expect(engine.check('sha256', EICAR_SHA256)[0]).to.include({ list: 'eicar.com', category: 'test-or-empty-hash' });
    expect(lists(engine.check('md5', EICAR_MD5.toUpperCase()))).to.include('eicar.com');
    expect(lists(engine.check('sha1', EMPTY_SHA1))).to.include('empty-hashes');
    expect(engine.check('sha256', 'a'.repeat(64))).to.deep.equal([]);
  });

  it('matches hostname lists on subdomains and on the host of a URL, string lists exactly', () => {
    expect(lists(engine.check('domain', 'www.google.com'))).to.include('tranco10k');
    expect(lists(engine.check('domain', 'c2.example.com'))).to.include('rfc6761');
    expect(lists(engine.check('domain', 'de'))).to.include('tlds');
    expect(lists(engine.check('domain', 'evil.de'))).to.not.include('tlds');
    // A phishing URL on a big service stays a URL indicator: only special-purpose/own lists look at its host.
    expect(lists(engine.check('url', 'http://192.168.10.5/admin'))).to.include('rfc1918');
    expect(engine.check('url', 'http://192.168.10.5/admin').find((flag) => flag.list === 'rfc1918')?.via).to.equal('url-host');
  });

  it("flags the organization's own domains, e-mail domains, ranges and names", () => {
    expect(engine.check('domain', 'vpn.swnt-energie.de')[0]).to.include({ list: 'organization-domains', category: 'own-identifier', source: 'organization' });
    expect(lists(engine.check('email', 'buchhaltung@swnt-energie.de'))).to.include('organization-domains');
    expect(lists(engine.check('ipv4', '193.174.32.200'))).to.include('organization-ranges');
    expect(lists(engine.check('ipv4', '193.174.33.1'))).to.not.include('organization-ranges');
    expect(lists(engine.check('ipv6', '2a02:8070:1::1'))).to.include('organization-ranges');
    expect(lists(engine.check('url', 'https://portal.stadtwerke-nordthueringen.de/login'))).to.include('organization-names');
  });

  it("names the lists built from the organization and the incident in German and in English", () => {
    const named = engine.check('url', 'https://portal.stadtwerke-nordthueringen.de/login').find((flag) => flag.list === 'organization-names')!;
    expect(named.reason.de).to.equal('Kennung der meldenden Organisation (Namen von Stadtwerke Nordthüringen): stadtwerke-nordthueringen');
    expect(named.reason.en).to.equal("The reporting organization's own identifier (Names of Stadtwerke Nordthüringen): stadtwerke-nordthueringen");
    expect(named.listName, 'the MISP-format name is the English one').to.equal('Names of Stadtwerke Nordthüringen');
    const ranges = engine.check('ipv4', '193.174.32.200').find((flag) => flag.list === 'organization-ranges')!;
    expect(ranges.reason.en).to.contain('(Address ranges of Stadtwerke Nordthüringen)');
    expect(ranges.reason.de).to.contain('(Adressbereiche von Stadtwerke Nordthüringen)');
    const person = engine.check('phone', '03631/123456').find((flag) => flag.list === 'incident-phones')!;
    expect(person.reason.en).to.contain('(Phone numbers of people in the incident)');
    expect(person.reason.de).to.contain('(Telefonnummern von Personen des Vorfalls)');
  });

  it("flags the incident's people: e-mail address, name spellings and phone numbers in any notation", () => {
    expect(engine.check('email', 'j.mueller@swnt-energie.de').find((flag) => flag.list === 'incident-emails')).to.include({ category: 'personal-data', source: 'incident' });
    expect(lists(engine.check('email', 'joerg.mueller@gmx.de'))).to.include('incident-names');
    expect(lists(engine.check('url', 'https://jörg-müller.example.net/cv.pdf'))).to.include('incident-names');
    expect(lists(engine.check('phone', '03631/123456'))).to.include('incident-phones');
    expect(lists(engine.check('phone', '0049 3631 123456'))).to.include('incident-phones');
    expect(lists(engine.check('email', 'attacker@mail.ru'))).to.deep.equal([]);
  });

  it('applies lists by their matching attributes, as MISP does, also for composite MISP types', () => {
    expect(lists(engine.checkMispAttribute('ip-dst|port', '10.1.2.3|443'))).to.include('rfc1918');
    expect(lists(engine.checkMispAttribute('domain|ip', 'evil.example|192.168.0.1'))).to.include.members(['rfc1918', 'internal-names']);
    expect(lists(engine.check('domain', 'fileserver.swnt.local'))).to.include('internal-names');
    expect(lists(engine.checkMispAttribute('filename|sha256', `eicar.com|${EICAR_SHA256}`))).to.include('eicar.com');
    expect(lists(engine.checkMispAttribute('email-src', 'abuse@provider.example'))).to.include('common-contact-emails');
    // The EICAR list does not apply to domains, even if a value looked like one of its entries.
    expect(lists(engine.checkMispAttribute('domain', EICAR_MD5))).to.not.include('eicar.com');
  });

  it('compiles PCRE entries with their flags and skips what JavaScript cannot compile', () => {
    expect(compilePcre('/^(abuse|soc)@/i')!.test('SOC@x.de')).to.equal(true);
    expect(compilePcre('/a(?<n/')).to.equal(undefined);
    const engine2 = createWarninglistEngine([{ id: 'mixed', category: 'benign-service', source: 'misp', list: { name: 'mixed', description: '', version: 1, type: 'regex', list: ['/(?<x/', '/^ok$/'] } }]);
    expect(engine2.lists[0]).to.include({ skipped: 1, entries: 2 });
    expect(lists(engine2.check('domain', 'ok'))).to.deep.equal(['mixed']);
  });

  it('builds name variants and national phone numbers', () => {
    expect(nameVariants('Jörg Müller')).to.include.members(['jörg müller', 'jörg.müller', 'j.müller', 'joerg.mueller', 'jmueller']);
    expect(nameVariants('Bo')).to.deep.equal([]);
    expect(normalizePhone('+49 (3631) 12-34-56')).to.equal('03631123456');
  });
});
