import { expect } from 'chai';
import fc from 'fast-check';
import { classifyObservable, extractObservables, refang, type Observable } from '../../../server/indicators/extract.js';
import { buildIndicator, observablePattern } from '../../../server/indicators/stix-objects.js';
import { validatePattern } from '../../../server/stix/pattern/index.js';
import { fuzzRuns } from '../../support/fuzz.js';

const values = (text: string) => extractObservables(text).observables;

describe('indicator extraction (refang + validate)', () => {
  it('refangs the usual defanging conventions', () => {
    expect(refang('hxxps[:]//evil[.]example(dot)org/path')).to.equal('https://evil.example.org/path');
    expect(refang('hXXp://a{.}b')).to.equal('http://a.b');
    expect(refang('user[at]example[.]org and admin(at)example(.)net')).to.equal('user@example.org and admin@example.net');
    expect(refang('198[.]51[.]100[.]7')).to.equal('198.51.100.7');
    expect(refang('h**ps[://]x[.]de')).to.equal('https://x.de');
  });

  it('extracts each kind from a pasted report, deduplicated and canonical', () => {
    const text = `C2: hxxps://update-check[.]example[.]com/gate.php und 198.51.100[.]7, 198.51.100.7 (doppelt)
      Absender: rechnung[at]stadtwerke-zahlung(dot)example
      Domain: Evil-Example[.]ORG, IPv6 2001:DB8::1; Anhang rechnung.pdf
      SHA256 ${'A'.repeat(64)} MD5 ${'b'.repeat(32)} SHA1 ${'c'.repeat(40)}`;
    expect(values(text)).to.deep.equal([
      { type: 'url', value: 'https://update-check.example.com/gate.php' },
      { type: 'ipv4', value: '198.51.100.7' },
      { type: 'email', value: 'rechnung@stadtwerke-zahlung.example' },
      { type: 'domain', value: 'evil-example.org' },
      { type: 'ipv6', value: '2001:db8::1' },
      { type: 'sha256', value: 'a'.repeat(64) },
      { type: 'md5', value: 'b'.repeat(32) },
      { type: 'sha1', value: 'c'.repeat(40) },
    ]);
  });

  it('rejects lookalikes: bad octets, file names, odd hex lengths, broken URLs', () => {
    expect(values('999.1.1.1 invoice.pdf deadbeef http://exa mple')).to.deep.equal([]);
    expect(extractObservables('hxxp://[broken').rejected).to.have.length(1);
    expect(classifyObservable('-bad-.example')).to.equal(undefined);
  });

  it('never throws, and everything it returns builds a valid STIX indicator (fuzzed)', () => {
    const pieces = fc.oneof(fc.string(), fc.constantFrom('[.]', '(dot)', 'hxxp', '[at]', '[:]', '://', '.', '@', ' ', 'http://', '1.2.3.4', '::1', 'example'));
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }), (parts) => {
        for (const observable of values(parts.join(''))) {
          expect(validatePattern(observablePattern(observable)).ok).to.equal(true);
          buildIndicator({ id: 'indicator--3f1c2b1a-8f3e-4c1d-9a7b-2e4f6a8b0c1d', observable, tlp: 'green', createdAt: new Date(0), createdByRef: 'identity--4b405944-e729-4508-9286-19e9364e43f9' });
        }
      }),
      { numRuns: fuzzRuns(200) },
    );
  });

  const defang = (observable: Observable, style: number): string => {
    const dot = ['[.]', '(.)', '(dot)', '{.}', '[dot]'][style % 5]!;
    if (observable.type === 'url') return observable.value.replace(/^http/, 'hxxp').replace('://', style % 2 ? '[://]' : '://').replaceAll('.', dot);
    if (observable.type === 'email') return observable.value.replace('@', style % 2 ? '[at]' : '(at)').replaceAll('.', dot);
    return observable.value.replaceAll('.', dot);
  };

  it('recovers generated IPs, domains, e-mails and URLs from any defanging style (fuzzed)', () => {
    const label = fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/);
    const domain = fc.tuple(fc.array(label, { minLength: 1, maxLength: 3 }), fc.constantFrom('de', 'org', 'com', 'example', 'thueringen')).map(([labels, tld]) => [...labels, tld].join('.'));
    const observable = fc.oneof(
      fc.ipV4().map((value): Observable => ({ type: 'ipv4', value })),
      domain.map((value): Observable => ({ type: 'domain', value })),
      fc.tuple(fc.stringMatching(/^[a-z0-9._-]{1,12}$/).filter((local) => !local.startsWith('.') && !local.endsWith('.') && !local.includes('..')), domain).map(([local, host]): Observable => ({ type: 'email', value: `${local}@${host}` })),
      fc.tuple(fc.constantFrom('http', 'https'), domain, fc.stringMatching(/^[a-zA-Z0-9_-]{0,12}$/)).map(([scheme, host, path]): Observable => ({ type: 'url', value: `${scheme}://${host}/${path}` })),
    );
    fc.assert(
      fc.property(observable, fc.nat(9), fc.constantFrom(' ', '\n', ', ', ' (', '\t'), (original, style, separator) => {
        const found = values(`Indikator:${separator}${defang(original, style)}${separator === ' (' ? ')' : ''} Ende`);
        expect(found).to.deep.include(original);
      }),
      { numRuns: fuzzRuns(200) },
    );
  });
});
