import { expect } from 'chai';
import { compareVersions, parseVersion, VersionSchema, versionsEqual } from '../../../server/products/version.js';

// Asserts a strictly ascending chain and checks every pair both ways (not only neighbours).
function expectAscending(chain: readonly string[]): void {
  chain.forEach((a, i) => {
    chain.forEach((b, j) => {
      const expected = i < j ? -1 : i > j ? 1 : 0;
      expect(compareVersions(a, b), `${a} vs ${b}`).to.equal(expected);
    });
  });
}

describe('products/version', () => {
  describe('vendor schemes', () => {
    it('Citrix NetScaler release-build numbers', () => {
      expectAscending(['13.0-92.19', '13.1', '13.1-37.164', '13.1-48.47', '13.1-49.15', '13.1-51.15', '14.1-8.50', '14.1-12.30']);
    });

    it('Fortinet FortiOS, including "vX.Y.Z,buildNNNN (GA)" strings', () => {
      expectAscending(['6.4.15', '7.0.0', '7.0.9', '7.0.10', '7.2.4', '7.2.10', '7.4.0', '7.4.3']);
      expect(compareVersions('v7.2.4,build1396 (GA)', '7.2.4')).to.equal(0);
      expect(compareVersions('FortiOS 7.2.4 build1396', 'FortiOS 7.2.4')).to.equal(0);
      expect(compareVersions('v7.2.4,build1396', '7.2.5')).to.equal(-1);
    });

    it('Microsoft build numbers (Windows UBR, Exchange, Edge)', () => {
      expectAscending(['6.3.9600.22134', '10.0.14393.7259', '10.0.19044.4780', '10.0.19045.4170', '10.0.19045.4780',
        '10.0.22621.4037', '10.0.26100.1457']);
      expectAscending(['15.1.2507.37', '15.1.2507.39', '15.2.1258.32', '15.2.1544.4']);
      expectAscending(['128.0.2739.79', '129.0.2792.52', '129.0.2792.65']);
    });

    it('Siemens firmware (V prefix, SP, Update, HF)', () => {
      expectAscending(['V2.9.7', 'V3.0', 'V3.0 SP1', 'V3.0 SP1 HF2', 'V3.0 SP2', 'V3.1', 'V4.1', 'V4.1 Update 2',
        'V4.1 Update 10', 'V4.2', 'V2024.3', 'V2025.2']);
      expect(compareVersions('V2.9.7', '2.9.7')).to.equal(0);
      expect(compareVersions('v3.0 sp1', 'V3.0 SP1')).to.equal(0);
    });

    it('OpenSSL letter releases', () => {
      expectAscending(['1.0.2k', '1.0.2u', '1.1.0', '1.1.0l', '1.1.1', '1.1.1a', '1.1.1k', '1.1.1w', '1.1.1za', '3.0.0-alpha1',
        '3.0.0-beta2', '3.0.0', '3.0.13']);
    });

    it('semver with pre-release and build metadata (semver.org §11 example chain)', () => {
      expectAscending(['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11',
        '1.0.0-rc.1', '1.0.0', '1.2.3-rc.1', '1.2.3', '1.10.0', '2.0.0']);
      expect(compareVersions('1.0.0+20130313144700', '1.0.0')).to.equal(0);
      expect(compareVersions('1.0.0-beta+exp.sha.5114f85', '1.0.0-beta')).to.equal(0);
    });

    it('Linux kernel release candidates and dev/snapshot builds', () => {
      expectAscending(['6.2.16', '6.3-rc1', '6.3-rc7', '6.3', '6.3.1']);
      expectAscending(['2.0-SNAPSHOT', '2.0-alpha', '2.0-beta', '2.0-preview', '2.0-RC1', '2.0', '2.0.1']);
    });

    it('OpenSSH portable, IBM interim fixes, Java updates, Cisco trains', () => {
      expectAscending(['8.9p1', '9.6', '9.6p1', '9.7p1', '9.8p1']);
      expectAscending(['11.2.4', '11.2.4 IF2', '11.2.4 IF4', '11.2.5', '12.0.4 IF2']);
      expectAscending(['8u381', '8u401', '11.0.22']);
      expectAscending(['11.5(1)', '11.5(1)su1', '11.5(2)', '12.5(1)', '12.5(1)su2', '12.6(1)']);
    });
  });

  describe('normalization rules', () => {
    it('treats missing trailing segments as zero', () => {
      expect(compareVersions('7.2', '7.2.0')).to.equal(0);
      expect(compareVersions('7.2', '7.2.0.0.0')).to.equal(0);
      expect(versionsEqual('v7.2', '7.2.0')).to.equal(true);
      expect(compareVersions('7.2', '7.2.1')).to.equal(-1);
    });

    it('ignores case, leading zeros, whitespace and release words', () => {
      expect(compareVersions(' 002.009(000.000) ', '2.9(0.0)')).to.equal(0);
      expect(compareVersions('1.1.1W', '1.1.1w')).to.equal(0);
      expect(compareVersions('20.11.1 LTS', '20.11.1')).to.equal(0);
      expect(compareVersions('Version 3.1 GA', '3.1')).to.equal(0);
    });

    it('compares arbitrarily long numbers exactly', () => {
      expect(compareVersions('1.99999999999999999999', '1.100000000000000000000')).to.equal(-1);
      expect(compareVersions('2024.12345678901234567890', '2024.12345678901234567891')).to.equal(-1);
    });

    it('post-release words sort between 0 and 1', () => {
      expectAscending(['3.0', '3.0 SP1', '3.0.1']);
      expect(compareVersions('3.0.0', '3.0 SP1')).to.equal(-1);
    });

    it('exposes the segmentation', () => {
      expect(parseVersion('V3.0 SP1')).to.deep.equal({
        release: [{ kind: 'number', value: '3' }, { kind: 'number', value: '0' }, { kind: 'word', value: 'sp' }, { kind: 'number', value: '1' }],
        preRelease: undefined,
      });
      expect(parseVersion('1.2.3-rc.01').preRelease).to.deep.equal([{ kind: 'word', value: 'rc' }, { kind: 'number', value: '1' }]);
      expect(parseVersion('!!!')).to.deep.equal({ release: [], preRelease: undefined });
    });
  });

  describe('VersionSchema', () => {
    it('accepts real version strings', () => {
      for (const v of ['13.1-49.15', 'V3.0 SP1', '1.1.1w', '12.5(1)su1', 'azl3 openssh 9.8p1-4']) {
        expect(VersionSchema.parse(v)).to.equal(v);
      }
      expect(VersionSchema.parse('  7.2.4 ')).to.equal('7.2.4');
    });

    it('rejects empty, symbol-only, over-long and range-syntax strings', () => {
      for (const bad of ['', '   ', '...', 'x'.repeat(129), '<1.0', '1.0|2.0', '=1', '1.0\n2.0']) {
        expect(VersionSchema.safeParse(bad).success, JSON.stringify(bad)).to.equal(false);
      }
    });
  });
});
