import { expect } from 'chai';
import { compareDebian, compareRpm, compareVersionsIn, rpmvercmp, schemeOf } from '../../../server/products/version-schemes.js';
import { parsePurl, PurlParseError, safeParsePurl } from '../../../server/products/purl.js';

describe('products: version schemes and purl', () => {
  it('rpmvercmp follows rpm (vectors from rpm tests/rpmvercmp.at)', () => {
    const cases: [string, string, number][] = [
      ['1.0', '1.0', 0], ['1.0', '2.0', -1], ['2.0.1', '2.0.1', 0], ['2.0', '2.0.1', -1], ['2.0.1a', '2.0.1', 1], ['5.5p1', '5.5p2', -1],
      ['5.5p10', '5.5p1', 1], ['10xyz', '10.1xyz', -1], ['xyz10', 'xyz10.1', -1], ['a', 'b', -1], ['1.0a', '1.0', 1], ['1.0a', '1.0b', -1],
      ['1.0~rc1', '1.0', -1], ['1.0~rc1', '1.0~rc2', -1], ['1.0~rc1~git123', '1.0~rc1', -1], ['1.0^', '1.0', 1], ['1.0^git1', '1.0^git2', -1],
      ['1.0^git1', '1.01', -1], ['1.0^20160101', '1.0.1', -1], ['1.0~rc1^git1', '1.0~rc1', 1], ['2.50', '2.5', 1], ['1.1.1k', '1.1.1g', 1],
    ];
    for (const [a, b, expected] of cases) expect(rpmvercmp(a, b), `${a} vs ${b}`).to.equal(expected);
  });

  it('rpm EVR: epochs win, releases compare numerically, an epoch only one side states is not compared', () => {
    expect(compareRpm('1:1.0-1', '2.0-1')).to.equal(-1, 'only one side states an epoch: the versions decide');
    expect(compareRpm('1:1.0-1', '0:2.0-1')).to.equal(1);
    expect(compareRpm('1.1.1k-10.el8', '1.1.1k-9.el8')).to.equal(1);
    expect(compareRpm('1:1.1.1k-9.el8_6', '1:1.1.1k-9.el8_6')).to.equal(0);
    expect(compareRpm('1.1.1k', '1.1.1k-9.el8_6'), 'no release: any release').to.equal(0);
  });

  it('Debian: ~ sorts before everything, epochs default to 0', () => {
    expect(compareDebian('1.0~rc1-1', '1.0-1')).to.equal(-1);
    expect(compareDebian('2.36-9+deb12u4', '2.36-9+deb12u10')).to.equal(-1);
    expect(compareDebian('1:0.9', '2.0')).to.equal(1);
    expect(compareDebian('1.2.3-1ubuntu1', '1.2.3-1')).to.equal(1);
    expect(compareDebian('1.0', '1.0-0')).to.equal(0);
  });

  it('semver, Maven and PEP 440 through their libraries; unreadable versions fall back to the generic order', () => {
    expect(compareVersionsIn('npm', '1.2.3-rc.1', '1.2.3')).to.equal(-1);
    expect(compareVersionsIn('golang', 'v1.21.0', 'v1.20.9')).to.equal(1);
    expect(compareVersionsIn('maven', '2.15.0-rc1', '2.15.0')).to.equal(-1);
    expect(compareVersionsIn('maven', '1.0-SNAPSHOT', '1.0')).to.equal(-1);
    expect(compareVersionsIn('pypi', '4.2rc1', '4.2')).to.equal(-1);
    expect(compareVersionsIn('pypi', '4.2.post1', '4.2')).to.equal(1);
    expect(compareVersionsIn('npm', '13.1-48.47', '13.1-49.15')).to.equal(-1);
    expect(schemeOf('RPM')).to.equal('rpm');
    expect(schemeOf('unknown')).to.equal('generic');
  });

  it('purl: key without version, rpm epoch joined into the version, canonical form; errors for non-purls', () => {
    const purl = parsePurl('pkg:rpm/redhat/openssl@1.1.1k-7.el8_6?arch=x86_64&epoch=1');
    expect(purl).to.include({ key: 'pkg:rpm/redhat/openssl', version: '1:1.1.1k-7.el8_6', scheme: 'rpm', type: 'rpm' });
    expect(parsePurl('pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1').key).to.equal('pkg:maven/org.apache.logging.log4j/log4j-core');
    expect(() => parsePurl('cpe:2.3:a:x:y')).to.throw(PurlParseError);
    expect(safeParsePurl('pkg:')).to.equal(undefined);
  });
});
