import { expect } from 'chai';
import {
  describeRange,
  formatVersionRange,
  isVersionInAnyRange,
  isVersionInRange,
  parseVersionRange,
  parseVersionRanges,
  VersionRangeParseError,
  VersionRangeSchema,
  VersionRangeStringSchema,
  type VersionRange,
} from '../../../server/products/version-range.js';

function rangeError(input: string): VersionRangeParseError {
  try {
    parseVersionRanges(input);
  } catch (error) {
    expect(error).to.be.instanceOf(VersionRangeParseError);
    return error as VersionRangeParseError;
  }
  throw new Error(`expected ${input} to be rejected`);
}

describe('products/version-range', () => {
  describe('isVersionInRange', () => {
    it('DESIGN.md example: Citrix 13.1 line below 13.1-49.15', () => {
      const range: VersionRange = { from: '13.1', below: '13.1-49.15' };
      expect(['13.1', '13.1-37.164', '13.1-48.47'].map((v) => isVersionInRange(v, range))).to.deep.equal([true, true, true]);
      expect(['13.0-92.19', '13.1-49.15', '13.1-51.15', '14.1-12.30'].map((v) => isVersionInRange(v, range))).to.deep.equal([
        false, false, false, false,
      ]);
    });

    it('inclusive and exclusive bounds', () => {
      expect(isVersionInRange('7.2.4', { upTo: '7.2.4' })).to.equal(true);
      expect(isVersionInRange('v7.2.4,build1396 (GA)', { upTo: '7.2.4' })).to.equal(true);
      expect(isVersionInRange('7.2.5', { upTo: '7.2.4' })).to.equal(false);
      expect(isVersionInRange('7.0', { from: '7.0', fromInclusive: false })).to.equal(false);
      expect(isVersionInRange('7.0.1', { from: '7.0', fromInclusive: false })).to.equal(true);
      expect(isVersionInRange('7.0', { from: '7.0.0' })).to.equal(true);
    });

    it('exact, all and the empty object', () => {
      expect(isVersionInRange('V3.0 SP1', { exact: 'v3.0 sp1' })).to.equal(true);
      expect(isVersionInRange('V3.0 SP2', { exact: 'V3.0 SP1' })).to.equal(false);
      expect(isVersionInRange('anything', { all: true })).to.equal(true);
      expect(isVersionInRange('1.0', {})).to.equal(true);
    });

    it('real vendor ranges', () => {
      // Log4Shell (CVE-2021-44228) NVD configuration: >= 2.13.0 < 2.15.0
      const log4j: VersionRange = { from: '2.13.0', below: '2.15.0' };
      expect(isVersionInRange('2.14.1', log4j)).to.equal(true);
      expect(isVersionInRange('2.15.0-rc1', log4j)).to.equal(true);
      expect(isVersionInRange('2.15.0', log4j)).to.equal(false);
      // Windows 10 22H2 before the March 2024 update
      expect(isVersionInRange('10.0.19045.4046', { from: '10.0.19045', below: '10.0.19045.4170' })).to.equal(true);
      expect(isVersionInRange('10.0.19045.4170', { from: '10.0.19045', below: '10.0.19045.4170' })).to.equal(false);
      // Siemens SSA: all versions < V3.0 SP1
      expect(isVersionInRange('V3.0', { below: 'V3.0 SP1' })).to.equal(true);
      expect(isVersionInRange('V3.0 SP1', { below: 'V3.0 SP1' })).to.equal(false);
      // OpenSSL 1.1.1 line before 1.1.1w
      expect(isVersionInRange('1.1.1t', { from: '1.1.1', below: '1.1.1w' })).to.equal(true);
      expect(isVersionInRange('1.1.1w', { from: '1.1.1', below: '1.1.1w' })).to.equal(false);
      // semver: a release candidate of the fixed version is still affected
      expect(isVersionInRange('1.25.2-rc.1', { below: '1.25.2' })).to.equal(true);
    });

    it('isVersionInAnyRange checks several intervals', () => {
      const ranges = parseVersionRanges('vers:generic/<1.0|>=2.0|<3.0');
      expect(['0.9', '1.5', '2.5', '3.0'].map((v) => isVersionInAnyRange(v, ranges))).to.deep.equal([true, false, true, false]);
    });
  });

  describe('parsing CSAF / BSI range strings', () => {
    const cases: readonly (readonly [string, VersionRange])[] = [
      ['<1.25.2', { below: '1.25.2' }],
      ['<=7.2.4', { upTo: '7.2.4' }],
      ['>=13.1 <13.1-49.15', { from: '13.1', below: '13.1-49.15' }],
      ['>= 13.1, < 14.1', { from: '13.1', below: '14.1' }],
      ['>7.0 <=7.2.4', { from: '7.0', fromInclusive: false, upTo: '7.2.4' }],
      ['≥ 2.0 und ≤ 2.9', { from: '2.0', upTo: '2.9' }],
      ['13.1-49.15', { exact: '13.1-49.15' }],
      ['= 7.2.4', { exact: '7.2.4' }],
      ['all', { all: true }],
      ['Alle Versionen', { all: true }],
      ['*', { all: true }],
      // From real advisories in /work/shared/data/csaf/vendors:
      ['< 11.10.100', { below: '11.10.100' }], // BSI WID-SEC (IGEL OS)
      ['<12.0.4 IF2', { below: '12.0.4 IF2' }], // BSI WID-SEC (IBM Cognos)
      ['<6.3-rc1', { below: '6.3-rc1' }], // BSI WID-SEC (Linux kernel)
      ['<= 1.4', { upTo: '1.4' }], // SICK
      ['>=12.2.1|<=12.2.2', { from: '12.2.1', upTo: '12.2.2' }], // Fortinet, without vers: prefix
      ['12.1 all versions', { from: '12.1', below: '12.2' }], // Fortinet
      ['7.0.x', { from: '7.0', below: '7.1' }],
      ['vers:generic/>=1.0|<2.0', { from: '1.0', below: '2.0' }],
      ['vers:all/<V2024.3', { below: 'V2024.3' }], // Siemens
      ['vers:all/*', { all: true }], // SICK
      ['vers:unknown/15.0.1.13010-1', { exact: '15.0.1.13010-1' }], // NCSC-NL
      ['vers:gem/<24.6.0', { below: '24.6.0' }], // Nozomi
      ['vers:semver/ >= 1.2.0 | < 1.2.%33 ', { from: '1.2.0', below: '1.2.3' }],
    ];
    for (const [input, expected] of cases) {
      it(`${JSON.stringify(input)}`, () => {
        expect(parseVersionRange(input)).to.deep.equal(expected);
      });
    }

    it('splits vers strings with several intervals', () => {
      expect(parseVersionRanges('vers:generic/<1.0|>=2.0|<3|5|>6')).to.deep.equal([
        { below: '1.0' }, { from: '2.0', below: '3' }, { exact: '5' }, { from: '6', fromInclusive: false },
      ]);
      expect(() => parseVersionRange('vers:generic/<1.0|>=2.0')).to.throw(VersionRangeParseError, /2 separate/);
    });

    it('rejects what it cannot represent, with a reason', () => {
      expect(rangeError('Warehouse <5.1.0').message).to.match(/"Warehouse"/); // BSI: product text in the range
      expect(rangeError('FortiDLP/>=12.2.1|<=12.2.2').message).to.match(/FortiDLP/);
      expect(rangeError('vers:generic/!=1.0').message).to.match(/!=/);
      expect(rangeError('<1.0 <2.0').message).to.match(/Two upper bounds/);
      expect(rangeError('>=2.0 <1.0').message).to.match(/one interval/);
      expect(rangeError('>=1.0 <1.0').message).to.match(/Empty range/);
      expect(rangeError('vers:generic/>=1.0|>=2.0').message).to.match(/Two lower bounds/);
      for (const bad of ['', '   ', '<', '<=  ,', 'vers:', 'vers:generic/', 'vers:generic/%zz', 'vers:generic/*|<1',
        '=1.0 <2.0', `<${'1.'.repeat(300)}`]) {
        expect(() => parseVersionRanges(bad), JSON.stringify(bad)).to.throw(VersionRangeParseError);
      }
    });
  });

  describe('schemas', () => {
    it('VersionRangeSchema accepts the valid shapes', () => {
      for (const range of [{ all: true }, { exact: '1.0' }, { below: '2' }, { upTo: '2' }, { from: '1' },
        { from: '13.1', below: '13.1-49.15' }, { from: '1', fromInclusive: false, upTo: '2' }, { from: '2', upTo: '2' }]) {
        expect(VersionRangeSchema.safeParse(range).success, JSON.stringify(range)).to.equal(true);
      }
    });

    it('VersionRangeSchema rejects contradictory, empty and unknown shapes', () => {
      for (const range of [{}, { all: false }, { all: true, below: '1' }, { exact: '1', from: '0' }, { below: '1', upTo: '2' },
        { fromInclusive: true, below: '1' }, { from: '2', below: '1' }, { from: '2', below: '2' },
        { from: '2', fromInclusive: false, upTo: '2' }, { below: '<1' }, { below: '' }, { until: '1' }]) {
        expect(VersionRangeSchema.safeParse(range).success, JSON.stringify(range)).to.equal(false);
      }
    });

    it('VersionRangeStringSchema parses strings and reports errors', () => {
      expect(VersionRangeStringSchema.parse('>=13.1 <13.1-49.15')).to.deep.equal({ from: '13.1', below: '13.1-49.15' });
      const result = VersionRangeStringSchema.safeParse('Warehouse <5.1.0');
      expect(result.success).to.equal(false);
      expect(result.error?.issues[0]?.message).to.match(/Warehouse/);
    });
  });

  describe('formatting and descriptions', () => {
    it('describeRange gives German and English reason texts', () => {
      expect(describeRange({ below: '13.1-49.15' }, 'de')).to.equal('betroffen < 13.1-49.15');
      expect(describeRange({ below: '13.1-49.15' }, 'en')).to.equal('affected < 13.1-49.15');
      expect(describeRange({ from: '13.1', below: '13.1-49.15' }, 'de')).to.equal('betroffen >= 13.1 und < 13.1-49.15');
      expect(describeRange({ from: '7.0', fromInclusive: false, upTo: '7.2.4' }, 'en')).to.equal('affected > 7.0 and <= 7.2.4');
      expect(describeRange({ exact: 'V3.0 SP1' }, 'de')).to.equal('betroffen = V3.0 SP1');
      expect(describeRange({ all: true }, 'de')).to.equal('alle Versionen betroffen');
      expect(describeRange({ all: true }, 'en')).to.equal('all versions affected');
    });

    it('formatVersionRange round-trips through parseVersionRange', () => {
      for (const range of [{ all: true }, { exact: 'V3.0 SP1' }, { below: '13.1-49.15' }, { upTo: '7.2.4' }, { from: '1.0' },
        { from: '13.1', below: '13.1-49.15' }, { from: '7.0', fromInclusive: false, upTo: '7.2.4' }] as VersionRange[]) {
        expect(parseVersionRange(formatVersionRange(range))).to.deep.equal(range);
      }
      expect(formatVersionRange({ from: '13.1', below: '13.1-49.15' })).to.equal('>=13.1 <13.1-49.15');
    });
  });
});
